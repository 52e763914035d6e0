"""Who came to a meeting: attendance per member institution, the quorum, attendance rates over
time, and the attendees' acknowledgements of the confidentiality statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from mcm.core import audit
from mcm.core.db import utcnow
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism, Representative
from mcm.meetings.models import (
    Attendance,
    ConfidentialityAcknowledgement,
    Meeting,
    MeetingStatus,
    Presence,
)
from mcm.meetings.planning.dates import Quarter, last_quarters, local, to_utc, today
from mcm.meetings.planning.services import UPCOMING
from mcm.reference.models import InstitutionType


class AttendanceError(Exception):
    """Attendance that cannot be recorded; the message is for the user."""


def _actor_id() -> int | None:
    return current_user.id if has_request_context() and current_user.is_authenticated else None


def meeting_day(meeting: Meeting) -> date:
    return local(meeting.starts_at).date()


def members_at(meeting: Meeting) -> list[Institution]:
    """The institutions that were members of the mechanism on the meeting's day."""
    day = meeting_day(meeting)
    return list(
        db.session.scalars(
            select(Institution)
            .join(InstitutionType)
            .options(contains_eager(Institution.institution_type))
            .where(
                Institution.mechanism_id == meeting.mechanism_id,
                or_(Institution.joined_on.is_(None), Institution.joined_on <= day),
                or_(Institution.left_on.is_(None), Institution.left_on > day),
            )
            .order_by(InstitutionType.position, Institution.name)
        )
    )


def attendance_of(meeting: Meeting) -> dict[int, Attendance]:
    """The attendance recorded, per institution id."""
    rows = db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    return {row.institution_id: row for row in rows}


def representative_names(meeting: Meeting) -> dict[int, str]:
    """Per institution id, who represented it on the meeting's day (the main representative
    before a deputy), to propose in the attendance form; one query."""
    day = meeting_day(meeting)
    rows = db.session.execute(
        select(Representative.institution_id, Representative.name)
        .join(Institution, Institution.id == Representative.institution_id)
        .where(
            Institution.mechanism_id == meeting.mechanism_id,
            Representative.from_date <= day,
            or_(Representative.to_date.is_(None), Representative.to_date >= day),
        )
        .order_by(Representative.is_deputy.desc(), Representative.from_date)
    )
    # Later rows win: the main representative (is_deputy false) comes last.
    return {institution_id: name for institution_id, name in rows}


@dataclass(frozen=True)
class Entry:
    """One institution's line of the attendance form."""

    institution_id: int
    presence: Presence | None  # None: not recorded
    represented_by: str = ""
    arrived_late: bool = False


def record_attendance(meeting: Meeting, entries: list[Entry]) -> int:
    """Record who was present, absent or excused; returns how many lines were recorded."""
    if meeting.status is MeetingStatus.CANCELLED:
        raise AttendanceError(_("The meeting was cancelled: there is no attendance to record."))
    if meeting_day(meeting) > today():
        raise AttendanceError(_("Attendance can be recorded from the day of the meeting on."))
    members = {i.id for i in members_at(meeting)}
    existing = attendance_of(meeting)
    recorded = 0
    for entry in entries:
        if entry.presence is None:
            continue
        if entry.institution_id not in members and entry.institution_id not in existing:
            raise AttendanceError(_("Choose one of the mechanism's member institutions."))
        row = existing.get(entry.institution_id)
        if row is None:
            row = Attendance(meeting_id=meeting.id, institution_id=entry.institution_id)
            db.session.add(row)
        row.presence = entry.presence
        present = entry.presence is Presence.PRESENT
        row.represented_by = entry.represented_by.strip() if present else ""
        row.arrived_late = entry.arrived_late and present
        recorded += 1
    db.session.flush()
    audit.record(
        "attendance_recorded", obj=meeting, mechanism_id=meeting.mechanism_id, lines=recorded
    )
    _held_by_attendance(meeting)
    return recorded


def _held_by_attendance(meeting: Meeting) -> None:
    """A meeting at which an institution was present took place: it is held, and counts for
    its quarter, without anyone having to mark it."""
    if meeting.status not in UPCOMING:
        return
    if not any(row.presence is Presence.PRESENT for row in attendance_of(meeting).values()):
        return
    meeting.status = MeetingStatus.HELD
    db.session.flush()
    audit.record("meeting_held", obj=meeting, mechanism_id=meeting.mechanism_id, by="attendance")


# -- quorum ---------------------------------------------------------------------------------------


def has_quorum(present: int, members: int) -> bool:
    """The quorum rule: more than half of the member institutions are present."""
    return members > 0 and 2 * present > members


def quorum_needed(members: int) -> int:
    """The fewest institutions present that make the quorum."""
    return members // 2 + 1


@dataclass(frozen=True)
class Quorum:
    present: int
    members: int

    @property
    def reached(self) -> bool:
        return has_quorum(self.present, self.members)

    @property
    def needed(self) -> int:
        return quorum_needed(self.members)


def quorum_of(members: list[Institution], attendance: dict[int, Attendance]) -> Quorum:
    """The meeting's quorum, from its members and the attendance recorded."""
    ids = {institution.id for institution in members}
    present = sum(
        1 for i, row in attendance.items() if i in ids and row.presence is Presence.PRESENT
    )
    return Quorum(present, len(ids))


# -- attendance rates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    institution: Institution
    present: int
    excused: int
    absent: int

    @property
    def recorded(self) -> int:
        return self.present + self.excused + self.absent

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


def attendance_rates(mechanism: Mechanism, quarters: int = 8) -> tuple[list[Rate], int, Quarter]:
    """Per institution, how often it was present at the mechanism's held meetings of the last
    quarters; also the number of held meetings and the first quarter counted. One aggregate
    query and one for the meetings' count."""
    first = last_quarters(quarters)[0]
    since = to_utc(first.first_day, time(0))
    held = and_(
        Meeting.id == Attendance.meeting_id,
        Meeting.status == MeetingStatus.HELD,
        Meeting.starts_at >= since,
    )
    counted = Attendance.presence
    rows = db.session.execute(
        select(
            Institution,
            func.count(Meeting.id).filter(counted == Presence.PRESENT),
            func.count(Meeting.id).filter(counted == Presence.EXCUSED),
            func.count(Meeting.id).filter(counted == Presence.ABSENT),
        )
        .join(InstitutionType)
        .outerjoin(Attendance, Attendance.institution_id == Institution.id)
        .outerjoin(Meeting, held)
        .options(contains_eager(Institution.institution_type))
        .where(Institution.mechanism_id == mechanism.id)
        .group_by(Institution.id, InstitutionType.id)
        .order_by(Institution.left_on.is_not(None), InstitutionType.position, Institution.name)
    ).all()
    meetings = db.session.scalar(
        select(func.count(Meeting.id)).where(
            Meeting.mechanism_id == mechanism.id,
            Meeting.status == MeetingStatus.HELD,
            Meeting.starts_at >= since,
        )
    )
    rates = [Rate(institution, *counts) for institution, *counts in rows]
    return rates, meetings or 0, first


# -- confidentiality ------------------------------------------------------------------------------


def acknowledgements_of(meeting: Meeting) -> list[ConfidentialityAcknowledgement]:
    """The acknowledgements recorded at the meeting, in order, with their institutions."""
    return list(
        db.session.scalars(
            select(ConfidentialityAcknowledgement)
            .options(joinedload(ConfidentialityAcknowledgement.institution))
            .where(ConfidentialityAcknowledgement.meeting_id == meeting.id)
            .order_by(ConfidentialityAcknowledgement.acknowledged_at)
        )
    )


def record_acknowledgements(meeting: Meeting, attendees: dict[int, str]) -> int:
    """Record that each named attendee (per institution id) acknowledged the confidentiality
    statement, now; only institutions marked present can acknowledge."""
    if meeting.status is MeetingStatus.CANCELLED:
        raise AttendanceError(_("The meeting was cancelled."))
    if not attendees:
        raise AttendanceError(_("Tick the attendees who acknowledged the statement."))
    present = {i for i, row in attendance_of(meeting).items() if row.presence is Presence.PRESENT}
    if not set(attendees) <= present:
        raise AttendanceError(_("Only institutions marked present can acknowledge the statement."))
    now = utcnow()
    for institution_id, name in attendees.items():
        if not name.strip():
            raise AttendanceError(_("Give the name of each attendee who acknowledged it."))
        db.session.add(
            ConfidentialityAcknowledgement(
                meeting_id=meeting.id,
                institution_id=institution_id,
                attendee_name=name.strip(),
                acknowledged_at=now,
                recorded_by_id=_actor_id(),
            )
        )
    db.session.flush()
    audit.record(
        "confidentiality_acknowledged",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        institutions=sorted(attendees),
    )
    return len(attendees)
