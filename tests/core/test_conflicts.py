"""Conflicts are handled once: every versioned record's forms, saved by 20 people at once from
the same opened version, let exactly one save through; the 19 others get the refused-save page
(409) with their own text still in the form, never a 500. A new versioned record or versioned
form that no scenario here covers fails the walking test, so it cannot be forgotten."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from markupsafe import escape
from sqlalchemy import select, update

from mcm import create_app
from mcm.cases.discussions.forms import DiscussionEditForm
from mcm.cases.models import Case, CaseDiscussion
from mcm.cases.register.forms import CaseForm
from mcm.core import conflicts
from mcm.core.access import Rule, allow
from mcm.core.audit import AuditEntry
from mcm.core.forms import VersionField
from mcm.extensions import db
from mcm.mechanisms.forms import (
    FoundingForm,
    InstitutionForm,
    NewInstitutionForm,
    RepresentativeForm,
    StatusForm,
)
from mcm.mechanisms.models import (
    Institution,
    Mechanism,
    MechanismStatusChange,
    Representative,
)
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.actions.forms import ActionForm, ActionUpdateForm
from mcm.meetings.minutes import services as services_minutes
from mcm.meetings.minutes.forms import (
    ApproveForm,
    CirculateForm,
    CorrectionForm,
    MinutesTextForm,
)
from mcm.meetings.models import (
    Action,
    ActionProgress,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from mcm.meetings.planning.forms import MeetingForm
from mcm.partners import activities
from mcm.partners.forms import OrganisationForm, StepForm, SupportForm, TrainingForm
from mcm.partners.models import (
    PartnerOrganisation,
    Partnership,
    PartnershipEvent,
    PartnershipStage,
    SupportEntry,
    Training,
)
from mcm.plans.local.forms import ActivityForm, AdoptForm, PlanForm, RevisionForm
from mcm.plans.models import ActionPlan, PlanActivity, PlanStatus
from mcm.reference.models import InstitutionType
from tests.cases.conftest import case_meeting, discuss, make_case  # noqa: F401
from tests.conftest import Client, text_of
from tests.meetings.conftest import make_agenda_item, make_meeting  # noqa: F401
from tests.partners.conftest import (  # noqa: F401
    make_organisation,
    make_partner_observer,
    make_partnership,
)
from tests.plans.conftest import make_activity, make_plan, make_strategy  # noqa: F401

SAVERS = 20
TODAY = date.today()


@dataclass
class Target:
    """One form of a versioned record, ready to be saved by everyone at once."""

    url: str
    user_id: int
    field: str | None  # what each person types, or None for a step with nothing to type
    stored: Callable[[], Any]  # read in an app context: the value the database holds
    value: Callable[[int], str] = lambda i: f"Text typed at desk {i:02d}"
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scenario:
    name: str
    model: type
    forms: tuple[type, ...]
    build: Callable[[Any], Target]


# -- reading a form as a browser would ------------------------------------------------------------


class _Forms(HTMLParser):
    """Every form of a page with the values a browser would submit."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({})
        elif not self.forms or "name" not in a:
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(a["name"], a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = (a["name"], "multiple" in a, [], [])
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1][a["name"]] = ""
        if tag == "option" and self._select is not None:
            self._option(a)

    def _option(self, a: dict[str, str]) -> None:
        assert self._select is not None
        self._select[2].append(a.get("value", ""))
        if "selected" in a:
            self._select[3].append(a.get("value", ""))

    def _add(self, name: str, value: str) -> None:
        form = self.forms[-1]
        if name in form:
            previous = form[name]
            form[name] = [*(previous if isinstance(previous, list) else [previous]), value]
        else:
            form[name] = value

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.forms[-1][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple, options, selected = self._select
            if multiple:
                self.forms[-1][name] = selected
            elif selected or options:
                self.forms[-1][name] = (selected or options)[0]
            self._select = None


def form_values(html: str, wanted: str) -> dict[str, Any]:
    """The values of the page's form that holds the wanted field (its versioned one, if any)."""
    parser = _Forms()
    parser.feed(html)
    holding = [form for form in parser.forms if wanted in form]
    assert holding, f"no form with {wanted!r} on the page"
    return next((form for form in holding if "version" in form), holding[0])


# -- the scenarios: one per versioned form --------------------------------------------------------


def _in(app: Any, read: Callable[[], Any]) -> Callable[[], Any]:
    def stored() -> Any:
        with app.app_context():
            return read()

    return stored


def _type_id(code: str = "police") -> int:
    return db.session.scalar(select(InstitutionType.id).where(InstitutionType.code == code))


def _pej() -> Mechanism:
    mechanism = mechanism_by_code("PEJ")
    assert mechanism is not None
    return mechanism


def founding(fx: Any) -> Target:
    return Target(
        "/m/PEJ/founding",
        fx("make_user")("coordinator", "PEJ"),
        "founded_on",
        _in(fx("app"), lambda: _pej().founded_on.isoformat()),
        value=lambda i: (date(2020, 1, 1) + timedelta(days=i)).isoformat(),
    )


def status(fx: Any) -> Target:
    def note() -> str:
        return db.session.scalar(
            select(MechanismStatusChange.note).order_by(MechanismStatusChange.id.desc())
        )

    return Target(
        "/m/PEJ/status",
        fx("make_user")("coordinator", "PEJ"),
        "note",
        _in(fx("app"), note),
        overrides={"status": "established", "effective_on": TODAY.isoformat()},
    )


def institution(fx: Any) -> Target:
    institution_id = fx("make_institution")("PEJ", "csw", "Centre for Social Work Peja")
    with fx("app").app_context():
        kind = str(_type_id("csw"))
    return Target(
        f"/m/PEJ/institutions/{institution_id}/edit",
        fx("make_user")("coordinator", "PEJ"),
        "name",
        _in(fx("app"), lambda: db.session.get(Institution, institution_id).name),
        value=lambda i: f"Centre for Social Work, office {i:02d}",
        overrides={"institution_type": kind},
    )


def representative(fx: Any) -> Target:
    institution_id = fx("make_institution")("PEJ", "police")
    with fx("app").app_context():
        person = Representative(
            institution_id=institution_id,
            name="Test Representative",
            from_date=TODAY - timedelta(days=100),
        )
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    return Target(
        f"/m/PEJ/representatives/{person_id}/edit",
        fx("make_user")("coordinator", "PEJ"),
        "position",
        _in(fx("app"), lambda: db.session.get(Representative, person_id).position),
        value=lambda i: f"Station officer, desk {i:02d}",
    )


def meeting(fx: Any) -> Target:
    meeting_id = fx("make_meeting")("PEJ")
    return Target(
        f"/m/PEJ/meetings/{meeting_id}/edit",
        fx("make_user")("coordinator", "PEJ"),
        "notes",
        _in(fx("app"), lambda: db.session.get(Meeting, meeting_id).notes),
    )


def _minutes(fx: Any, state: MinutesStatus, **columns: Any) -> tuple[int, int]:
    """A held meeting a week ago with one topic and its minutes in the given state."""
    app = fx("app")
    starts_at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=7)
    meeting_id = fx("make_meeting")("PEJ", starts_at=starts_at, status=MeetingStatus.HELD)
    item_id = fx("make_agenda_item")(meeting_id, "Coordination of services")
    with app.test_request_context():
        found = db.session.get(Meeting, meeting_id)
        minutes = services_minutes.save_text(
            found, "", "", {str(item_id): {"summary": "The opening text", "decisions": ""}}
        )
        minutes.status = state
        for key, value in columns.items():
            setattr(minutes, key, value)
        db.session.commit()
    return meeting_id, item_id


def _summary(meeting_id: int, item_id: int) -> Callable[[], str]:
    def read() -> str:
        minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
        return minutes.current_version.content[str(item_id)]["summary"]

    return read


def minutes_text(fx: Any) -> Target:
    meeting_id, item_id = _minutes(fx, MinutesStatus.DRAFT)
    return Target(
        f"/m/PEJ/meetings/{meeting_id}/minutes/edit",
        fx("make_user")("coordinator", "PEJ"),
        f"summary_{item_id}",
        _in(fx("app"), _summary(meeting_id, item_id)),
    )


def minutes_first_text(fx: Any) -> Target:
    """Nobody has written the minutes yet: twenty first saves at once."""
    starts_at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=7)
    meeting_id = fx("make_meeting")("PEJ", starts_at=starts_at, status=MeetingStatus.HELD)
    item_id = fx("make_agenda_item")(meeting_id, "Coordination of services")
    return Target(
        f"/m/PEJ/meetings/{meeting_id}/minutes/edit",
        fx("make_user")("coordinator", "PEJ"),
        f"summary_{item_id}",
        _in(fx("app"), _summary(meeting_id, item_id)),
    )


def minutes_correction(fx: Any) -> Target:
    meeting_id, item_id = _minutes(fx, MinutesStatus.APPROVED, approved_at=datetime.now(UTC))
    return Target(
        f"/m/PEJ/meetings/{meeting_id}/minutes/correct",
        fx("make_user")("coordinator", "PEJ"),
        f"summary_{item_id}",
        _in(fx("app"), _summary(meeting_id, item_id)),
        overrides={"reason": "A name of an institution was misspelt"},
    )


def _minutes_column(meeting_id: int, column: str) -> Callable[[], Any]:
    def read() -> Any:
        minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
        value = getattr(minutes, column)
        return value.isoformat() if isinstance(value, date) else value

    return read


def minutes_circulation(fx: Any) -> Target:
    meeting_id, _item = _minutes(fx, MinutesStatus.DRAFT)
    return Target(
        f"/m/PEJ/meetings/{meeting_id}/minutes/circulate",
        fx("make_user")("coordinator", "PEJ"),
        "review_until",
        _in(fx("app"), _minutes_column(meeting_id, "review_until")),
        value=lambda i: (TODAY + timedelta(days=10 + i)).isoformat(),
    )


def minutes_approval(fx: Any) -> Target:
    meeting_id, _item = _minutes(
        fx,
        MinutesStatus.CIRCULATED,
        circulated_at=datetime.now(UTC) - timedelta(days=6),
        review_until=TODAY - timedelta(days=1),
    )
    return Target(
        f"/m/PEJ/meetings/{meeting_id}/minutes/approve",
        fx("make_user")("coordinator", "PEJ"),
        None,
        _in(fx("app"), _minutes_column(meeting_id, "status")),
        overrides={"basis": "date"},
    )


def _action(fx: Any) -> int:
    meeting_id = fx("make_meeting")("PEJ")
    institution_id = fx("make_institution")("PEJ", "csw")
    with fx("app").app_context():
        action = Action(
            mechanism_id=_pej().id,
            meeting_id=meeting_id,
            title="Agree the referral form",
            responsible_institution_id=institution_id,
            due_on=TODAY + timedelta(days=60),
        )
        db.session.add(action)
        db.session.commit()
        return action.id


def action_progress(fx: Any) -> Target:
    action_id = _action(fx)

    def note() -> str:
        return db.session.scalar(
            select(ActionProgress.note)
            .where(ActionProgress.action_id == action_id)
            .order_by(ActionProgress.id.desc())
        )

    return Target(
        f"/m/PEJ/meetings/actions/{action_id}",
        fx("make_user")("coordinator", "PEJ"),
        "note",
        _in(fx("app"), note),
        overrides={"status": "in_progress"},
    )


def action_wording(fx: Any) -> Target:
    action_id = _action(fx)
    return Target(
        f"/m/PEJ/meetings/actions/{action_id}/edit",
        fx("make_user")("coordinator", "PEJ"),
        "title",
        _in(fx("app"), lambda: db.session.get(Action, action_id).title),
    )


def case_facts(fx: Any) -> Target:
    case_id = fx("make_case")("PEJ", children_count=0)
    return Target(
        f"/m/PEJ/cases/{case_id}/edit",
        fx("make_user")("coordinator", "PEJ"),
        "children_count",
        _in(fx("app"), lambda: str(db.session.get(Case, case_id).children_count)),
        value=lambda i: str(i + 1),
    )


def case_discussion(fx: Any) -> Target:
    case_id = fx("make_case")("PEJ")
    meeting_id, item_id = fx("case_meeting")("PEJ")
    discussion_id = fx("discuss")(case_id, meeting_id, item_id, summary="The first text.")
    return Target(
        f"/m/PEJ/cases/discussions/{discussion_id}/edit",
        fx("make_user")("coordinator", "PEJ"),
        "summary",
        _in(fx("app"), lambda: db.session.get(CaseDiscussion, discussion_id).summary),
    )


def organisation(fx: Any) -> Target:
    organisation_id = fx("make_organisation")("Rights Centre")
    return Target(
        f"/partners/organisations/{organisation_id}",
        fx("make_user")("administrator", None),
        "name",
        _in(fx("app"), lambda: db.session.get(PartnerOrganisation, organisation_id).name),
        value=lambda i: f"Rights Centre branch {i:02d}",
    )


def _partnership(fx: Any, stage: PartnershipStage) -> tuple[int, int]:
    organisation_id = fx("make_organisation")()
    staff = fx("make_partner_observer")(organisation_id)
    return fx("make_partnership")(organisation_id, "PEJ", stage), staff


def partnership_step(fx: Any) -> Target:
    partnership_id, staff = _partnership(fx, PartnershipStage.BRIEFING_HELD)

    def note() -> str:
        return db.session.scalar(
            select(PartnershipEvent.note)
            .where(PartnershipEvent.partnership_id == partnership_id)
            .order_by(PartnershipEvent.id.desc())
        )

    return Target(
        f"/partners/{partnership_id}/step",
        staff,
        "note",
        _in(fx("app"), note),
        overrides={"stage": "agreed_in_principle", "effective_on": TODAY.isoformat()},
    )


def training(fx: Any) -> Target:
    partnership_id, staff = _partnership(fx, PartnershipStage.MOU_SIGNED)
    with fx("app").test_request_context():
        record = activities.record_training(
            db.session.get(Partnership, partnership_id),
            held_on=TODAY - timedelta(days=3),
            module="Risk assessment",
            participants={},
        )
        db.session.commit()
        training_id = record.id
    return Target(
        f"/partners/{partnership_id}/trainings/{training_id}/edit",
        staff,
        "module",
        _in(fx("app"), lambda: db.session.get(Training, training_id).module),
    )


def support(fx: Any) -> Target:
    partnership_id, staff = _partnership(fx, PartnershipStage.MOU_SIGNED)
    with fx("app").test_request_context():
        entry = activities.record_support(
            db.session.get(Partnership, partnership_id), TODAY - timedelta(days=3), "Advice"
        )
        db.session.commit()
        entry_id = entry.id
    return Target(
        f"/partners/{partnership_id}/support/{entry_id}/edit",
        staff,
        "description",
        _in(fx("app"), lambda: db.session.get(SupportEntry, entry_id).description),
    )


def plan(fx: Any) -> Target:
    plan_id, _objective = fx("make_plan")("PEJ", status=PlanStatus.DRAFT)
    return Target(
        f"/m/PEJ/plans/{plan_id}/edit",
        fx("make_user")("coordinator", "PEJ"),
        "title",
        _in(fx("app"), lambda: db.session.get(ActionPlan, plan_id).title),
    )


def plan_adoption(fx: Any) -> Target:
    plan_id, objective_id = fx("make_plan")("PEJ", status=PlanStatus.DRAFT)
    fx("make_activity")(plan_id, objective_id)
    return Target(
        f"/m/PEJ/plans/{plan_id}/adopt",
        fx("make_user")("coordinator", "PEJ"),
        "decision_reference",
        _in(fx("app"), lambda: db.session.get(ActionPlan, plan_id).decision_reference),
        value=lambda i: f"Municipal Assembly decision 01-{i:03d}/26",
        overrides={"adopted_on": TODAY.isoformat()},
    )


def plan_revision(fx: Any) -> Target:
    plan_id, _objective = fx("make_plan")("PEJ", status=PlanStatus.ADOPTED)

    def reason() -> str:
        entry = db.session.scalar(
            select(AuditEntry)
            .where(AuditEntry.action == "plan_revision_started")
            .order_by(AuditEntry.id.desc())
        )
        return entry.details["reason"]

    return Target(
        f"/m/PEJ/plans/{plan_id}/revise",
        fx("make_user")("coordinator", "PEJ"),
        "reason",
        _in(fx("app"), reason),
    )


def plan_activity(fx: Any) -> Target:
    strategy_id, national = fx("make_strategy")()
    plan_id, objective_id = fx("make_plan")("PEJ", strategy_id, status=PlanStatus.DRAFT)
    activity_id = fx("make_activity")(plan_id, objective_id, aligned_to=(national["1.1.1"],))
    return Target(
        f"/m/PEJ/plans/{plan_id}/activities/{activity_id}/edit",
        fx("make_user")("coordinator", "PEJ"),
        "title",
        _in(fx("app"), lambda: db.session.get(PlanActivity, activity_id).title),
    )


SCENARIOS = [
    Scenario("founding agreement", Mechanism, (FoundingForm,), founding),
    Scenario("mechanism status", Mechanism, (StatusForm,), status),
    Scenario("member institution", Institution, (InstitutionForm,), institution),
    Scenario("representative", Representative, (RepresentativeForm,), representative),
    Scenario("meeting", Meeting, (MeetingForm,), meeting),
    Scenario("minutes text", Minutes, (MinutesTextForm,), minutes_text),
    Scenario("first minutes text", Minutes, (MinutesTextForm,), minutes_first_text),
    Scenario("minutes correction", Minutes, (CorrectionForm,), minutes_correction),
    Scenario("minutes circulation", Minutes, (CirculateForm,), minutes_circulation),
    Scenario("minutes approval", Minutes, (ApproveForm,), minutes_approval),
    Scenario("action progress", Action, (ActionUpdateForm,), action_progress),
    Scenario("action wording", Action, (ActionForm,), action_wording),
    Scenario("case facts", Case, (CaseForm,), case_facts),
    Scenario("case discussion", CaseDiscussion, (DiscussionEditForm,), case_discussion),
    Scenario("partner organisation", PartnerOrganisation, (OrganisationForm,), organisation),
    Scenario("partnership step", Partnership, (StepForm,), partnership_step),
    Scenario("training", Training, (TrainingForm,), training),
    Scenario("support entry", SupportEntry, (SupportForm,), support),
    Scenario("action plan", ActionPlan, (PlanForm,), plan),
    Scenario("plan adoption", ActionPlan, (AdoptForm,), plan_adoption),
    Scenario("plan revision", ActionPlan, (RevisionForm,), plan_revision),
    Scenario("plan activity", PlanActivity, (ActivityForm,), plan_activity),
]

# Forms with a version that create a record: nothing stored can be overtaken.
CREATING = {NewInstitutionForm: "adds a member institution; its version field is inherited"}


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(sub) for sub in found))


def _declared(form: type) -> bool:
    """A form class written in a module, not one built per record from it at run time (those
    inherit the declared form's fields and its scenario covers them)."""
    return getattr(sys.modules.get(form.__module__), form.__qualname__, None) is form


def _versioned_forms() -> set[type]:
    return {
        form
        for form in _subclasses(FlaskForm)
        if _declared(form)
        and any(
            getattr(getattr(form, name, None), "field_class", None) is VersionField
            for name in dir(form)
        )
    }


def test_every_versioned_record_and_form_is_saved_concurrently_here(app) -> None:
    """A model with a version_id_col, or a form with a VersionField, that no scenario saves
    concurrently fails here: add its scenario to SCENARIOS."""
    with app.app_context():
        models = set(conflicts.versioned_models())
    covered_models = {s.model for s in SCENARIOS}
    assert models - covered_models == set(), "versioned models without a concurrency scenario"
    covered_forms = {form for s in SCENARIOS for form in s.forms}
    missing = _versioned_forms() - covered_forms - set(CREATING)
    assert missing == set(), "versioned forms without a concurrency scenario"
    assert len(models) >= 14  # the walk finds the records it should


# -- saving at once --------------------------------------------------------------------------------


def _save_at_once(target: Target, client_factory: Any) -> list[tuple[int, str]]:
    """Everyone opens the form on the same version, then all submit at the same moment."""
    clients = [client_factory() for _ in range(SAVERS)]
    for client in clients:
        client.login_user(target.user_id)
    opened = threading.Barrier(SAVERS)

    def one(i: int) -> tuple[int, str]:
        client = clients[i]
        page = client.get(target.url)
        assert page.status_code == 200, page.get_data(as_text=True)[:2000]
        data = form_values(page.get_data(as_text=True), target.field or "version")
        data.update(target.overrides)
        if target.field:
            data[target.field] = target.value(i)
        opened.wait(timeout=120)
        data.setdefault("confirmed", "yes")  # each saver answers "Are you sure?" with yes
        response = client.raw.post(target.url, data=data)
        return response.status_code, response.get_data(as_text=True)

    with ThreadPoolExecutor(SAVERS) as pool:
        return list(pool.map(one, range(SAVERS)))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_twenty_saves_at_once_one_wins_the_others_are_refused_with_their_text_kept(
    app, client_factory, request, scenario
) -> None:
    target = scenario.build(request.getfixturevalue)
    responses = _save_at_once(target, client_factory)
    statuses = [status for status, _page in responses]
    assert 500 not in statuses
    refused = next((page for status, page in responses if status == 200), "")
    assert sorted(statuses) == [302] + [conflicts.STATUS] * (SAVERS - 1), (statuses, refused)
    winner = statuses.index(302)
    if target.field:
        assert target.stored() == target.value(winner)
    else:
        assert target.stored() is not None
    for i, (status, page) in enumerate(responses):
        if status == 302:
            continue
        assert "Someone else saved this record" in page
        if target.field:
            assert str(escape(target.value(i))) in page, f"saver {i} lost the text typed"


# -- the backstop ----------------------------------------------------------------------------------


@pytest.fixture
def stale_app(app: Flask) -> Flask:
    """The app with one more route whose save is overtaken and that catches nothing, as a view
    written without the shared save path would."""
    config = {key: app.config[key] for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI")}
    other = create_app({**config, "TESTING": True, "MCM_REQUIRE_2FA": False})

    @other.route("/overtaken", methods=["GET", "POST"])
    @allow(Rule.SIGNED_IN)
    def overtaken() -> Any:
        mechanism = _pej()
        mechanism.founded_on = date(2021, 5, 4)
        # A colleague's save got in first: the row no longer has the version this one read.
        with db.engine.begin() as connection:
            connection.execute(
                update(Mechanism).where(Mechanism.id == mechanism.id).values(version=99)
            )
        db.session.flush()
        return "saved"

    return other


def test_a_conflict_no_view_caught_is_a_clean_refusal_in_the_users_language(
    stale_app, make_user
) -> None:
    """An uncaught StaleDataError answers 409 with the refused-save page in the user's language,
    what she typed, and a way back to the form; nothing is half saved."""
    client = Client(stale_app)
    client.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sq"
    client.login_user(make_user("coordinator", "PEJ", language="sq"))
    response = client.post("/overtaken", {"note": "Teksti im i shkruar", "version": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == conflicts.STATUS
    assert '<html lang="sq"' in html and "Kodi i gabimit: 409" in html
    assert "Something went wrong" not in text_of(response)
    assert "Teksti im i shkruar" in text_of(response)
    assert 'href="/overtaken"' in html
    with stale_app.app_context():
        assert _pej().founded_on is None
