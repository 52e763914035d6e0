"""The demo's meetings: two years of regular meetings per demo mechanism with agendas and
attendance, quarters missed here and there (so the compliance views show gaps), a few ad hoc
meetings, the coming quarter planned, and one ad hoc request waiting for the coordinator.
Everything is invented; attendees are the demo's invented representatives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time, timedelta
from uuid import uuid4

from sqlalchemy import select

from mcm.accounts.models import Membership, User
from mcm.core.db import utcnow
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.agenda import services as agenda
from mcm.meetings.attendance import services as attendance
from mcm.meetings.models import (
    AdHocRequest,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    ConfidentialityAcknowledgement,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Presence,
    RequestStatus,
    Urgency,
)
from mcm.meetings.planning.dates import Quarter, last_quarters, to_utc, today

# Per mechanism: the language of its documents and which of the last eight quarters (0 = the
# oldest, 7 = the current one) had no regular meeting. A mechanism meets only once established
# (see mechanisms/demo.py); Gjilan's mechanism, inactive since 2021, has not met at all.
PLANS: dict[str, tuple[str, set[int]]] = {
    "PEJ": ("sq", set()),
    "FER": ("sq", {2, 5}),
    "LIP": ("sq", {4}),
    "POD": ("sq", {0, 1, 2}),
    "FKO": ("sq", {6}),
    "GJI": ("sr", set(range(8))),
    "PRZ": ("sq", {1, 3, 5}),
}
AD_HOC = {"PEJ": 3, "FER": 6, "PRZ": 4}  # an ad hoc meeting in that quarter

# Topics in the language of the demo's documents (Albanian); presenters by institution type.
TOPICS = [
    ("Rruga e referimit për fëmijët viktima: kush thërret kë", "csw", 20),
    ("Vendet në strehimore gjatë dimrit", "cso", 15),
    ("Plani lokal i veprimit: ecuria e aktiviteteve të vitit", "municipality", 30),
    ("Fushata për 16 ditët e aktivizmit", "education", 15),
    ("Trajnim për dhunën e lehtësuar nga teknologjia", "police", 20),
    ("Të dhënat për raportin vjetor për ministrinë", "municipality", 15),
]


def _meeting_day(quarter: Quarter, seed: int) -> date:
    day = quarter.first_day + timedelta(days=40 + (seed * 3) % 20)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _new_meeting(
    mechanism: Mechanism, kind: MeetingKind, day: date, language: str, *, cases: bool
) -> Meeting:
    meeting = Meeting(
        mechanism_id=mechanism.id,
        kind=kind,
        status=MeetingStatus.PLANNED,
        starts_at=to_utc(day, time(10, 0)),
        ends_at=to_utc(day, time(12, 0)),
        place=f"Salla e mbledhjeve, Komuna e {mechanism.municipality.name_sq}",
        language=language,
        notes="",
        cancelled_reason="",
        ics_uid=f"{uuid4()}@mcm.demo",
        ics_sequence=0,
    )
    db.session.add(meeting)
    db.session.flush()
    agenda.add_standing_items(meeting, cases=cases)
    return meeting


def _topics(meeting: Meeting, institutions: dict[str, Institution], seed: int) -> None:
    items = agenda.agenda_of(meeting)
    at = next(
        n
        for n, i in enumerate(items)
        if i.kind in (AgendaItemKind.CASES, AgendaItemKind.OTHER_BUSINESS)
    )
    for n in range(2 + seed % 2):
        title, presenter, minutes = TOPICS[(seed + n) % len(TOPICS)]
        institution = institutions.get(presenter)
        item = AgendaItem(
            meeting_id=meeting.id,
            kind=AgendaItemKind.TOPIC,
            title=title,
            presenter_institution_id=institution.id if institution else None,
            duration_minutes=minutes,
            notes="",
        )
        db.session.add(item)
        items.insert(at + n, item)
    for position, item in enumerate(items, start=1):
        item.position = position
    db.session.flush()


def _attendance(meeting: Meeting, seed: int) -> None:
    """Most institutions present; one excused, one absent now and then, one arriving late."""
    names = attendance.representative_names(meeting)
    members = attendance.members_at(meeting)
    present = []
    for n, institution in enumerate(members):
        turn = (seed + n) % 7
        presence = (
            Presence.ABSENT if turn == 5 else Presence.EXCUSED if turn == 6 else (Presence.PRESENT)
        )
        name = names.get(institution.id, "") if presence is Presence.PRESENT else ""
        db.session.add(
            Attendance(
                meeting_id=meeting.id,
                institution_id=institution.id,
                presence=presence,
                represented_by=name,
                arrived_late=presence is Presence.PRESENT and turn == 3,
            )
        )
        if presence is Presence.PRESENT:
            present.append((institution, name))
    if agenda.has_cases(agenda.agenda_of(meeting)):
        for institution, name in present:
            db.session.add(
                ConfidentialityAcknowledgement(
                    meeting_id=meeting.id,
                    institution_id=institution.id,
                    attendee_name=name or institution.name,
                    acknowledged_at=meeting.starts_at + timedelta(minutes=5),
                )
            )
    db.session.flush()


def _meetings(mechanism: Mechanism, institutions: dict[str, Institution], seed: int) -> int:
    language, missed = PLANS[mechanism.code]
    now = today()
    started = mechanism.founded_on or date(2000, 1, 1)
    quarters = last_quarters(8)
    count = 0
    for index, quarter in enumerate([*quarters, quarters[-1].next()]):
        day = _meeting_day(quarter, seed + index)
        if index in missed or day < started:
            continue
        kinds = [MeetingKind.REGULAR]
        if AD_HOC.get(mechanism.code) == index:
            kinds.append(MeetingKind.AD_HOC)
        for kind in kinds:
            when = day + timedelta(days=14) if kind is MeetingKind.AD_HOC else day
            cases = (seed + index) % 3 == 0 or kind is MeetingKind.AD_HOC
            meeting = _new_meeting(mechanism, kind, when, language, cases=cases)
            _topics(meeting, institutions, seed + index)
            if when < now:
                meeting.status = MeetingStatus.HELD
                _attendance(meeting, seed + index)
            count += 1
    return count


def _pending_request(mechanism: Mechanism, institutions: dict[str, Institution]) -> None:
    police = institutions.get("police")
    if police is None:
        return
    requester = db.session.scalar(
        select(User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.institution_id == police.id)
        .limit(1)
    )
    soon = today() + timedelta(days=5)
    db.session.add(
        AdHocRequest(
            mechanism_id=mechanism.id,
            institution_id=police.id,
            requested_by_id=requester,
            reason=(
                "Tri raportime për dhunë në të njëjtën lagje brenda një muaji; policia kërkon që "
                "institucionet të bien dakord për një reagim të përbashkët."
            ),
            urgency=Urgency.URGENT,
            proposed_dates=[soon.isoformat(), (soon + timedelta(days=1)).isoformat()],
            status=RequestStatus.PENDING,
            decline_reason="",
            created_at=utcnow() - timedelta(days=1),
        )
    )


def load_meetings_demo() -> Iterator[str]:
    """Give each demo mechanism its meetings, once; yields what it did."""
    created = 0
    for seed, code in enumerate(PLANS):
        mechanism = mechanism_by_code(code)
        if mechanism is None:
            continue
        if db.session.scalar(select(Meeting.id).where(Meeting.mechanism_id == mechanism.id)):
            continue  # already loaded: the demo is safe to run twice
        institutions = {
            i.institution_type.code: i
            for i in db.session.scalars(
                select(Institution).where(
                    Institution.mechanism_id == mechanism.id, Institution.left_on.is_(None)
                )
            )
        }
        created += _meetings(mechanism, institutions, seed)
        if code == "PEJ":
            _pending_request(mechanism, institutions)
    db.session.commit()
    yield f"meetings demo ready: {created} new meetings"
