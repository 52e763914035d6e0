"""The case statistics kept on write are exactly what a rebuild from the records gives, after a
random (seeded) sequence of changes through the services, and `mcm aggregates rebuild`
restores them when they were lost."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select

from mcm.cases.discussions.services import DecidedAction, record_discussion
from mcm.cases.models import (
    FORMS_OF_VIOLENCE,
    SERVICES,
    AgeBand,
    Case,
    CaseDiscussion,
    CaseFigure,
    CaseInstitution,
    CaseStatus,
    RiskLevel,
)
from mcm.cases.register import services as register
from mcm.cases.statistics.figures import collect
from mcm.core import aggregates
from mcm.extensions import db
from mcm.meetings.actions.services import change_action, update_action
from mcm.meetings.models import Action, ActionStatus, AgendaItem, Meeting, NotDoneReason

FACTS = (
    "age_band",
    "gender",
    "perpetrator_relationship",
    "forms_of_violence",
    "risk_level",
    "children_count",
    "children_age_bands",
    "vulnerabilities",
    "protection_order",
    "shelter",
    "legal_basis",
    "consent_on",
    "consent_institution_id",
    "opened_on",
)
STEPS = 50


def kept() -> list[tuple]:
    return sorted(
        db.session.execute(
            select(
                CaseFigure.unit,
                CaseFigure.year,
                CaseFigure.unit_id,
                CaseFigure.dimension,
                CaseFigure.code,
                CaseFigure.cases,
            )
        ).all()
    )


def rebuilt() -> list[tuple]:
    """The figures a rebuild gives, leaving the kept ones as they were."""
    with db.session.begin_nested() as nested:
        aggregates.rebuild_all(db.session)
        rows = kept()
        nested.rollback()
    return rows


def _step(rng: random.Random, ids: dict[str, list[int]], today: date) -> str:
    """One random change through the services; its name."""
    cases = [db.session.get(Case, i) for i in ids["cases"]]
    open_cases = [c for c in cases if c.status is CaseStatus.OPEN]
    kind = rng.choice(
        ["discuss"] * 4
        + [
            "edit",
            "close",
            "involve",
            "services",
            "withdraw",
            "incident",
            "action",
            "due",
            "move",
            "delete",
        ]
    )
    if kind == "discuss" and open_cases:
        case = rng.choice(open_cases)
        meeting = db.session.get(
            Meeting, rng.choice([m for m in ids["meetings"] if m in ids[f"meetings{case.id}"]])
        )
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
        institution = rng.choice(ids[f"institutions{case.mechanism_id}"])
        day = meeting.starts_at.date() + timedelta(days=rng.randint(1, 200))
        follow = [DecidedAction("Check in with the family", institution, day)] * rng.randint(0, 2)
        record_discussion(
            case, meeting, item, summary="Reviewed.", decisions="Agreed.", actions=follow
        )
    elif kind == "edit" and open_cases:
        case = rng.choice(open_cases)
        facts = {name: getattr(case, name) for name in FACTS}
        facts["age_band"] = rng.choice([a for a in AgeBand if a is not AgeBand.UNDER_18])
        facts["risk_level"] = rng.choice(list(RiskLevel))
        facts["forms_of_violence"] = rng.sample(FORMS_OF_VIOLENCE, rng.randint(0, 3))
        register.update_case(case, case.version, facts)
    elif kind == "close" and cases:
        case = rng.choice(cases)
        if case.status is CaseStatus.OPEN:
            register.close_case(case, today, "Safety plan in place.")
        else:
            register.reopen_case(case)
    elif kind in ("involve", "services", "withdraw") and open_cases:
        case = rng.choice(open_cases)
        links = db.session.scalars(
            select(CaseInstitution).where(CaseInstitution.case_id == case.id)
        ).all()
        provided, needed = rng.sample(SERVICES, rng.randint(0, 3)), rng.sample(SERVICES, 1)
        if kind == "involve" or not links:
            taken = {link.institution_id for link in links}
            free = [i for i in ids[f"institutions{case.mechanism_id}"] if i not in taken]
            if free:
                institution = db.session.get(register.Institution, rng.choice(free))
                register.involve_institution(case, institution, provided, needed, today)
        elif kind == "services":
            register.update_involvement(rng.choice(links), case, provided, needed)
        else:
            register.withdraw_institution(rng.choice(links), case)
    elif kind == "incident" and open_cases:
        reported = today - timedelta(days=rng.randint(0, 500))
        register.record_incident(rng.choice(open_cases), reported)
    elif kind in ("action", "due"):
        actions = db.session.scalars(select(Action).where(Action.case_id.is_not(None))).all()
        if actions:
            action = rng.choice(actions)
            if kind == "due":
                change_action(
                    action,
                    action.version,
                    title=action.title,
                    institution_id=action.responsible_institution_id,
                    due_on=action.meeting.starts_at.date() + timedelta(days=rng.randint(0, 400)),
                )
            else:
                status = rng.choice([s for s in ActionStatus if s is not action.status])
                update_action(
                    action,
                    action.version,
                    status=status,
                    note="Progress noted.",
                    not_done_reason=rng.choice(list(NotDoneReason)),
                    today=today,
                )
    elif kind in ("move", "delete"):
        discussions = db.session.scalars(select(CaseDiscussion)).all()
        if discussions:
            discussion = rng.choice(discussions)
            if kind == "move":  # a meeting's date corrected into another quarter or year
                discussion.discussed_on += timedelta(days=rng.choice([-200, -95, 95, 200]))
            else:
                db.session.delete(discussion)
    db.session.flush()
    return kind


def test_kept_figures_equal_rebuilt_ones_after_random_changes(
    app, ctx, make_case, make_institution, case_meeting
) -> None:
    rng = random.Random(12)
    today = date.today()
    ids: dict[str, list[int]] = {"cases": [], "meetings": []}
    for code in ("PEJ", "FER"):
        institutions = [make_institution(code, kind) for kind in ("police", "csw", "shelter")]
        mechanism_id = db.session.get(register.Institution, institutions[0]).mechanism_id
        ids[f"institutions{mechanism_id}"] = institutions
        meetings = []
        for months in (2, 5, 9, 14, 20):
            starts = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
            meeting_id, _item = case_meeting(
                code, tuple(institutions), starts_at=starts - timedelta(days=30 * months)
            )
            meetings.append(meeting_id)
        ids["meetings"] += meetings
        for _ in range(6):
            opened = today - timedelta(days=rng.randint(400, 700))
            case_id = make_case(
                code,
                opened_on=opened,
                risk_level=rng.choice(list(RiskLevel)),
                forms_of_violence=rng.sample(FORMS_OF_VIOLENCE, 2),
            )
            ids["cases"].append(case_id)
            ids[f"meetings{case_id}"] = meetings
    seen = set()
    for _ in range(STEPS):
        seen.add(_step(rng, ids, today))
        db.session.commit()
        assert kept() == rebuilt(), seen
    assert {"discuss", "edit", "close", "incident", "action", "move"} <= seen
    assert len(kept()) > 100  # the changes did reach the figures


def test_the_rebuild_command_restores_lost_figures(app, ctx, make_discussed_cases) -> None:
    make_discussed_cases("PEJ", 7, (date(2026, 2, 10), date(2026, 5, 12)))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        before = collect(2026, date(2026, 11, 22))
        db.session.execute(delete(CaseFigure))
        db.session.commit()
        assert collect(2026, date(2026, 11, 22)).cases().value == 0
        result = app.test_cli_runner().invoke(args=["aggregates", "rebuild"])
        assert result.exit_code == 0, result.output
        assert "case statistics" in result.output
        db.session.remove()
        assert collect(2026, date(2026, 11, 22)) == before
