"""Every edit form opens on the stored values of every field: on the demo's records, the form is
read as a browser reads it (inputs' values, the selected option or else the first, ticked
boxes, textareas' content), posted back unchanged, and the save must be accepted with nothing in
the database changed."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from sqlalchemy import select, update
from werkzeug.datastructures import MultiDict

from mcm.accounts.models import Role, User
from mcm.cases.models import Case, CaseDiscussion, CaseInstitution, CaseStatus
from mcm.demo import DEMO_PASSWORDS, DOMAIN
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Representative
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from mcm.partners.models import PartnerOrganisation, Partnership, SupportEntry, Training
from mcm.plans.models import ActionPlan, PlanActivity, PlanObjective, PlanStatus
from tests.conftest import Client

# Tables a save may write to without changing the record: the log of who did what, sign-ins.
LOGS = {"audit_entries", "login_attempts", "user_sessions"}


class _Forms(HTMLParser):
    """The POST forms of a page and what a browser would submit for each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = {"action": a.get("action", ""), "fields": [], "submits": []}
            return
        form = self._form
        if form is None or "disabled" in a:
            if tag == "option" and self._select is not None:
                self._option = None
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form["fields"].append((name, a.get("value", "on")))
            elif kind in ("submit", "button", "image"):
                form["submits"].append((name, a.get("value", "")))
            elif kind != "file":
                form["fields"].append((name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form["submits"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if tag == "form" and form is not None:
            self.forms.append(form)
            self._form = None
        elif tag == "select" and self._select is not None and form is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]  # what a browser submits when nothing is selected
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                form["fields"].append((self._select["name"], value.strip()))
            self._select = self._option = None
        elif tag == "textarea" and self._textarea is not None and form is not None:
            text = unescape(self._textarea["text"])
            # A browser drops the one newline that may follow the opening tag.
            text = text[1:] if text.startswith("\n") else text
            form["fields"].append((self._textarea["name"], text.replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "option":
            self._option = None


def _edit_form(html: str) -> dict[str, Any]:
    """The page's edit form: the POST form with the most fields (not sign-out or language)."""
    parser = _Forms()
    parser.feed(html)
    candidates = [f for f in parser.forms if len(f["fields"]) > 1]
    assert candidates, "no form on the page"
    return max(candidates, key=lambda f: len(f["fields"]))


def _database() -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table but the logs, to compare before and after a save. Rows are
    compared by content without their own id: a link rewritten with the same content (an
    activity's supporting institutions) is no change for the user. Nor is the version counter
    that every save raises (mcm.core.conflicts), so that a form opened before it is refused."""
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in LOGS:
            continue
        columns = [c for c in table.columns if c.name not in ("id", "version")]
        found = db.session.execute(select(*columns)).all()
        rows[table.name] = sorted(tuple(map(repr, row)) for row in found)
    return rows


def _pej() -> int:
    mechanism = mechanism_by_code("PEJ")
    assert mechanism is not None
    return mechanism.id


def _first(stmt: Any) -> Any:
    found = db.session.scalars(stmt.limit(1)).first()
    assert found is not None, f"the demo has no record for {stmt}"
    return found


def _meeting(*statuses: MeetingStatus) -> Meeting:
    return _first(
        select(Meeting)
        .where(Meeting.mechanism_id == _pej(), Meeting.status.in_(statuses))
        .order_by(Meeting.starts_at.desc())
    )


def _institution_url() -> str:
    found = _first(
        select(Institution)
        .where(Institution.mechanism_id == _pej(), Institution.left_on.is_(None))
        .order_by(Institution.id)
    )
    return f"/m/PEJ/institutions/{found.id}/edit"


def _representative_url() -> str:
    found = _first(
        select(Representative)
        .join(Institution)
        .where(Institution.mechanism_id == _pej(), Representative.to_date.is_(None))
        .order_by(Representative.id)
    )
    return f"/m/PEJ/representatives/{found.id}/edit"


def _meeting_url() -> str:
    return f"/m/PEJ/meetings/{_meeting(MeetingStatus.PLANNED, MeetingStatus.INVITED).id}/edit"


def _agenda_item_url() -> str:
    meeting = _meeting(MeetingStatus.PLANNED, MeetingStatus.INVITED)
    item = _first(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    return f"/m/PEJ/meetings/{meeting.id}/agenda/{item.id}/edit"


def _attendance_url() -> str:
    meeting = _first(
        select(Meeting)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(Meeting.mechanism_id == _pej(), Meeting.status == MeetingStatus.HELD)
        .order_by(Meeting.starts_at.desc())
    )
    return f"/m/PEJ/meetings/{meeting.id}/attendance"


def _minutes_url() -> str:
    minutes = _first(
        select(Minutes)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Meeting.mechanism_id == _pej(), Minutes.status != MinutesStatus.APPROVED)
    )
    return f"/m/PEJ/meetings/{minutes.meeting_id}/minutes/edit"


def _action_url() -> str:
    found = _first(select(Action).where(Action.mechanism_id == _pej()).order_by(Action.id))
    return f"/m/PEJ/meetings/actions/{found.id}/edit"


def _open_case() -> Case:
    return _first(
        select(Case)
        .where(Case.mechanism_id == _pej(), Case.status == CaseStatus.OPEN)
        .order_by(Case.id)
    )


def _case_url() -> str:
    return f"/m/PEJ/cases/{_open_case().id}/edit"


def _discussion_url() -> str:
    found = _first(
        select(CaseDiscussion)
        .join(Case)
        .where(
            Case.mechanism_id == _pej(),
            Case.status == CaseStatus.OPEN,
            CaseDiscussion.purged_at.is_(None),
        )
    )
    return f"/m/PEJ/cases/discussions/{found.id}/edit"


def _involvement_url() -> str:
    found = _first(
        select(CaseInstitution)
        .join(Case)
        .where(Case.mechanism_id == _pej(), Case.status == CaseStatus.OPEN)
    )
    return f"/m/PEJ/cases/{found.case_id}/institutions/{found.id}"


def _draft_plan() -> ActionPlan:
    """The demo's draft plan (Ferizaj's): an adopted plan is changed only through a revision."""
    return _first(select(ActionPlan).where(ActionPlan.status == PlanStatus.DRAFT))


def _plan_url() -> str:
    plan = _draft_plan()
    return f"/m/{plan.mechanism.code}/plans/{plan.id}/edit"


def _objective_url() -> str:
    plan = _draft_plan()
    found = _first(select(PlanObjective).where(PlanObjective.plan_id == plan.id))
    return f"/m/{plan.mechanism.code}/plans/{plan.id}/objectives/{found.id}/edit"


def _activity_url() -> str:
    plan = _draft_plan()
    found = _first(select(PlanActivity).where(PlanActivity.plan_id == plan.id))
    return f"/m/{plan.mechanism.code}/plans/{plan.id}/activities/{found.id}/edit"


def _training_url() -> str:
    found = _first(select(Training).order_by(Training.id))
    return f"/partners/{found.partnership_id}/trainings/{found.id}/edit"


def _support_url() -> str:
    found = _first(select(SupportEntry).order_by(SupportEntry.id))
    return f"/partners/{found.partnership_id}/support/{found.id}/edit"


def _organisation_url() -> str:
    found = _first(select(PartnerOrganisation).join(Partnership).order_by(PartnerOrganisation.id))
    return f"/partners/organisations/{found.id}"


# Each edit form: the endpoint, where to find a stored record's form, who may edit it.
COORDINATOR, FERIZAJ = "coordinator.pej", "coordinator.fer"
PARTNER, ADMIN = "observer.network", "admin"
EDIT_FORMS: list[tuple[str, Callable[[], str], str]] = [
    ("mechanisms.institution_edit", _institution_url, COORDINATOR),
    ("mechanisms.representative_edit", _representative_url, COORDINATOR),
    ("mechanisms.founding", lambda: "/m/PEJ/founding", COORDINATOR),
    ("meetings.edit", _meeting_url, COORDINATOR),
    ("meetings.agenda_item_edit", _agenda_item_url, COORDINATOR),
    ("meetings.attendance", _attendance_url, COORDINATOR),
    ("meetings.minutes_edit", _minutes_url, COORDINATOR),
    ("meetings.action_edit", _action_url, COORDINATOR),
    ("cases.edit", _case_url, COORDINATOR),
    ("cases.discussion_edit", _discussion_url, COORDINATOR),
    ("cases.involvement", _involvement_url, COORDINATOR),
    ("plans.plan_edit", _plan_url, FERIZAJ),
    ("plans.objective_form", _objective_url, FERIZAJ),
    ("plans.activity_form", _activity_url, FERIZAJ),
    ("partners.edit_training", _training_url, PARTNER),
    ("partners.edit_support", _support_url, PARTNER),
    ("partners.organisation", _organisation_url, ADMIN),
]
ROLES = {
    COORDINATOR: "coordinator",
    FERIZAJ: "coordinator",
    PARTNER: "observer",
    ADMIN: "administrator",
}


def test_every_edit_route_is_walked(app: Flask) -> None:
    """A new edit form is walked too: every ".../edit" route is in the list."""
    walked = {endpoint for endpoint, _url, _who in EDIT_FORMS}
    edits = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.endswith("/edit")}
    assert edits - walked == set()


def _signed_in(app: Flask, who: str) -> Client:
    client = Client(app)
    response = client.login(f"{who}@{DOMAIN}", DEMO_PASSWORDS[Role(ROLES[who])])
    assert response.status_code == 302
    return client


def _save_unchanged(app: Flask, clients: dict[str, Client], endpoint: str, url: str, who: str):
    """Open the edit form, post it back as it opened; why it failed, or None."""
    client = clients.get(who) or clients.setdefault(who, _signed_in(app, who))
    page = client.get(url)
    if page.status_code != 200:
        return f"GET {url} gave {page.status_code}"
    form = _edit_form(page.get_data(as_text=True))
    data = MultiDict(form["fields"] + form["submits"][:1])
    with app.app_context():
        before = _database()
    data.setdefault("confirmed", "yes")  # an irreversible step asks first
    response = client.raw.post(form["action"] or url, data=data)
    if response.status_code != 302:
        return f"saving {url} unchanged was refused: " + " | ".join(
            _errors(response.get_data(as_text=True))
        )
    with app.app_context():
        after = _database()
    changed = [name for name in before if before[name] != after[name]]
    return f"saving {url} unchanged changed {changed}" if changed else None


def test_every_edit_form_saved_unchanged_is_accepted_and_changes_nothing(app: Flask) -> None:
    from mcm.demo import load_demo

    with app.test_request_context():
        list(load_demo())
        # Signing in stores a user's language when none is set: the demo's users have one.
        db.session.execute(update(User).values(language="en"))
        db.session.commit()
    clients: dict[str, Client] = {}
    failures = {}
    for endpoint, find, who in EDIT_FORMS:
        with app.app_context():
            url = find()
        failure = _save_unchanged(app, clients, endpoint, url, who)
        if failure:
            failures[endpoint] = failure
    assert failures == {}, "\n".join(f"{e}: {why}" for e, why in failures.items())


def _errors(html: str) -> list[str]:
    """The field errors and flashed messages of a refused page, to say why."""
    import re

    found = re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, flags=re.S)
    found += re.findall(r'class="flash[^"]*"[^>]*>(.*?)</', html, flags=re.S)
    return [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", e))).strip() for e in found]
