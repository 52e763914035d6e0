"""Synthetic demo cases: a handful per demo mechanism, known by their codes only, with the
institutions involved, discussions at the demo's held meetings (where their case items may open),
follow-ups, a repeat incident, a closed case and a transfer from Peja to Ferizaj. Nothing here
describes a real person; the texts name roles only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from mcm.cases.discussions.services import (
    DecidedAction,
    case_items,
    cases_may_open,
    meeting_date,
    record_discussion,
)
from mcm.cases.models import (
    AgeBand,
    Case,
    Gender,
    LegalBasis,
    ProtectionOrder,
    Relationship,
    RiskLevel,
    Shelter,
)
from mcm.cases.register import services
from mcm.cases.transfers.services import accept_transfer, request_transfer
from mcm.extensions import db
from mcm.mechanisms import demo as records
from mcm.mechanisms.models import Institution, Mechanism
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import Meeting, MeetingStatus

A, R = AgeBand, RiskLevel
# (age band, relationship, forms of violence, risk, children, protection order, shelter, basis)
PROFILES: list[tuple[Any, ...]] = [
    (
        A.FROM_25,
        Relationship.SPOUSE,
        ["physical", "psychological"],
        R.HIGH,
        2,
        ProtectionOrder.IN_FORCE,
        Shelter.PLACED,
        LegalBasis.CONSENT,
    ),
    (
        A.UNDER_18,
        Relationship.PARENT,
        ["physical", "psychological"],
        R.MEDIUM,
        0,
        ProtectionOrder.EMERGENCY,
        Shelter.NONE,
        LegalBasis.CHILD_VICTIM,
    ),
    (
        A.FROM_35,
        Relationship.FORMER_PARTNER,
        ["digital", "stalking", "threats"],
        R.MEDIUM,
        1,
        ProtectionOrder.REQUESTED,
        Shelter.NONE,
        LegalBasis.CONSENT,
    ),
    (
        A.OVER_65,
        Relationship.CHILD,
        ["economic", "psychological"],
        R.STANDARD,
        0,
        ProtectionOrder.NONE,
        Shelter.NONE,
        LegalBasis.LACKING_CAPACITY,
    ),
]
SUMMARIES = [
    "The centre for social work presented the risk assessment and the individual plan agreed "
    "with the shelter after the reflection period.",
    "The custodian body reported on the child's situation; the school confirmed attendance.",
    "The police reported repeated messages and calls; the victim advocate explained the request "
    "for a protection order.",
]
DECISIONS = [
    "Weekly monitoring visits by the centre for social work; police patrols near the home.",
    "Psychosocial support through the school; review at the next meeting.",
    "Legal aid for the protection order; digital safety advice by the civil society organisation.",
]


def _members(mechanism: Mechanism) -> dict[str, Institution]:
    rows = db.session.scalars(
        select(Institution).where(
            Institution.mechanism_id == mechanism.id, Institution.left_on.is_(None)
        )
    )
    return {institution.institution_type.code: institution for institution in rows}


def _facts(profile: tuple[Any, ...], opened_on: date, consent_by: Institution | None):
    age, relation, forms, risk, children, order, shelter, basis = profile
    consent = basis is LegalBasis.CONSENT and consent_by is not None
    return {
        "opened_on": opened_on,
        "age_band": age,
        "gender": Gender.FEMALE,
        "perpetrator_relationship": relation,
        "forms_of_violence": forms,
        "risk_level": risk,
        "children_count": children,
        "children_age_bands": ["0-5", "6-11"][:children],
        "vulnerabilities": ["rural_isolation"] if risk is R.HIGH else [],
        "protection_order": order,
        "shelter": shelter,
        "legal_basis": basis
        if consent or basis is not LegalBasis.CONSENT
        else LegalBasis.LACKING_CAPACITY,
        "consent_on": opened_on if consent else None,
        "consent_institution_id": consent_by.id if consent else None,
    }


def _held_meeting(mechanism: Mechanism) -> Meeting | None:
    """The latest held meeting whose case item may open, if the meetings demo made one."""
    held = db.session.scalars(
        select(Meeting)
        .where(Meeting.mechanism_id == mechanism.id, Meeting.status == MeetingStatus.HELD)
        .order_by(Meeting.starts_at.desc())
    )
    for meeting in held:
        if case_items(meeting) and cases_may_open(meeting):
            return meeting
    return None


def _discuss(case: Case, meeting: Meeting, n: int, members: dict[str, Institution]) -> None:
    day = meeting_date(meeting)
    actions = [
        DecidedAction(
            "Monitoring visit at the place of residence", members[kind].id, day + timedelta(days=7)
        )
        for kind in ("csw",)
        if kind in members
    ]
    if "police" in members and case.risk_level is R.HIGH:
        actions.append(DecidedAction("Police patrols near the home", members["police"].id, day))
    record_discussion(
        case,
        meeting,
        case_items(meeting)[0],
        summary=SUMMARIES[n % len(SUMMARIES)],
        decisions=DECISIONS[n % len(DECISIONS)],
        actions=actions,
    )
    if n == 0 and day < date.today():  # a new incident after the discussion: a repeat
        services.record_incident(case, min(day + timedelta(days=20), date.today()))


def _load(mechanism: Mechanism, today: date) -> list[Case]:
    members = _members(mechanism)
    meeting = _held_meeting(mechanism)
    # Cases open before the meeting that discusses them.
    latest = meeting_date(meeting) - timedelta(days=10) if meeting is not None else today
    made = []
    for n, profile in enumerate(PROFILES):
        opened_on = min(latest, today - timedelta(days=90 - n * 15))
        case = services.create_case(mechanism, _facts(profile, opened_on, members.get("csw")))
        for kind, provided, needed in (
            ("csw", ["psychosocial_support"], ["housing", "monitoring_visits"]),
            ("police", ["police_protection"], []),
        ):
            if kind in members and n < 3:
                services.involve_institution(case, members[kind], provided, needed, opened_on)
        made.append(case)
    if meeting is not None:
        for n, case in enumerate(made[:3]):
            _discuss(case, meeting, n, members)
    last = made[-1]
    services.close_case(last, today, "Services completed; the situation is stable.")
    return made


def load_cases_demo() -> Iterator[str]:
    """Give every demo mechanism its cases, once; yields what it did."""
    today = date.today()
    created: dict[str, list[Case]] = {}
    for code in records.HISTORIES:
        mechanism = mechanism_by_code(code)
        if mechanism is None or db.session.scalar(
            select(Case.id).where(Case.mechanism_id == mechanism.id).limit(1)
        ):
            continue
        created[code] = _load(mechanism, today)
    if "PEJ" in created and "FER" in created:
        moved = created["PEJ"][2]
        transfer = request_transfer(
            moved, mechanism_by_code("FER"), "The victim moved to Ferizaj with her child."
        )
        accept_transfer(transfer)
    db.session.commit()
    total = sum(len(cases) for cases in created.values()) + ("PEJ" in created and "FER" in created)
    yield f"demo cases: {total} new cases in {len(created)} mechanisms"
