"""Planning a mechanism's meetings: creating, changing, cancelling and closing them, one regular
meeting per quarter for the year, and how each quarter measures up to "at least four a year"."""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import uuid4

from flask_babel import gettext as _
from sqlalchemy import select

from mcm.core import audit
from mcm.core.conflicts import check_version
from mcm.core.db import utcnow
from mcm.core.forms import outside_window
from mcm.core.i18n import day_format
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.meetings.models import Meeting, MeetingKind, MeetingStatus
from mcm.meetings.planning.dates import Quarter, local, to_utc, today

UPCOMING = (MeetingStatus.PLANNED, MeetingStatus.INVITED)
# The configuration keys of the years around today within which a meeting may be dated.
PAST_YEARS, FUTURE_YEARS = "MCM_MEETING_PAST_YEARS", "MCM_MEETING_FUTURE_YEARS"
DEFAULT_START = time(10, 0)
DEFAULT_LENGTH = timedelta(hours=2)


class PlanningError(Exception):
    """A change the meeting's state does not allow; the message is for the user, and `field`
    names the form field it is about, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _weekday_from(day: date, step: int) -> date:
    while day.weekday() >= 5:  # Saturday, Sunday
        day += timedelta(days=step)
    return day


def proposed_day(quarter: Quarter, now: date | None = None) -> date:
    """The middle of the quarter (or a week from now, if that has passed), on a weekday."""
    now = now or today()
    day = date(quarter.year, 3 * quarter.number - 1, 15)
    if day <= now:
        day = min(now + timedelta(days=7), quarter.last_day)
    shifted = _weekday_from(day, 1)
    if shifted not in quarter:
        shifted = _weekday_from(day, -1)
    return shifted if now <= shifted <= quarter.last_day else day


# -- one meeting ----------------------------------------------------------------------------------


@dataclass
class Schedule:
    """When and where a meeting takes place, as the coordinator enters it (local time)."""

    day: date
    starts: time
    ends: time | None = None
    place: str = ""
    online_link: str = ""

    def check(self) -> None:
        if self.ends is not None and self.ends <= self.starts:
            raise PlanningError(_("The meeting must end after it starts."), "ends")

    def check_day(self) -> None:
        """A plausible date: within the configured years around today (never year 9999)."""
        message = outside_window(self.day, PAST_YEARS, FUTURE_YEARS)
        if message:
            raise PlanningError(message, "day")

    def columns(self) -> dict[str, Any]:
        return {
            "starts_at": to_utc(self.day, self.starts),
            "ends_at": to_utc(self.day, self.ends) if self.ends else None,
            "place": self.place.strip(),
            "online_link": self.online_link.strip(),
        }


def create_meeting(
    mechanism: Mechanism,
    kind: MeetingKind,
    schedule: Schedule,
    *,
    language: str = "sq",
    notes: str = "",
    cases: bool = False,
) -> Meeting:
    """Plan a meeting with its standing agenda items."""
    from mcm.meetings.agenda import services as services_agenda

    schedule.check()
    schedule.check_day()
    meeting = Meeting(
        mechanism_id=mechanism.id,
        kind=kind,
        status=MeetingStatus.PLANNED,
        language=language,
        notes=notes.strip(),
        cancelled_reason="",
        ics_uid=f"{uuid4()}@mcm",
        ics_sequence=0,
        **schedule.columns(),
    )
    db.session.add(meeting)
    db.session.flush()
    services_agenda.add_standing_items(meeting, cases=cases)
    audit.record(
        "meeting_created",
        obj=meeting,
        mechanism_id=mechanism.id,
        kind=kind.value,
        starts_at=meeting.starts_at.isoformat(),
    )
    return meeting


def update_meeting(
    meeting: Meeting,
    version: object,
    kind: MeetingKind,
    schedule: Schedule,
    *,
    language: str,
    notes: str,
    cases: bool,
) -> set[str]:
    """Change a meeting, unless someone saved it meanwhile; returns the fields that changed."""
    from mcm.meetings.agenda import services as services_agenda

    check_version(meeting, version)
    if meeting.status is MeetingStatus.CANCELLED:
        raise PlanningError(_("A cancelled meeting cannot be changed."))
    schedule.check()
    if schedule.day != local(meeting.starts_at).date():
        schedule.check_day()  # a meeting recorded long ago can still be edited otherwise
    wanted = {"kind": kind, "language": language, "notes": notes.strip(), **schedule.columns()}
    changed = {key for key, value in wanted.items() if getattr(meeting, key) != value}
    for key in changed:
        setattr(meeting, key, wanted[key])
    if services_agenda.set_cases(meeting, cases):
        changed.add("agenda")
    db.session.flush()
    if changed:
        audit.record(
            "meeting_updated",
            obj=meeting,
            mechanism_id=meeting.mechanism_id,
            fields=sorted(changed),
        )
    return changed


def cancel_meeting(meeting: Meeting, reason: str) -> None:
    """Cancel a meeting that has not taken place, with the reason people will read."""
    if meeting.status not in UPCOMING:
        raise PlanningError(_("Only a planned meeting can be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_reason = reason.strip()
    # The invitations module follows the flush: invitees receive the cancelling .ics.
    db.session.flush()
    audit.record("meeting_cancelled", obj=meeting, mechanism_id=meeting.mechanism_id)


def mark_held(meeting: Meeting) -> None:
    """Record that the meeting took place."""
    if meeting.status not in UPCOMING:
        raise PlanningError(_("Only a planned meeting can be marked as held."))
    if meeting.starts_at > utcnow():
        raise PlanningError(
            _(
                "This meeting starts on %(date)s: it can be marked as held from then on.",
                date=day_format(meeting.starts_at),
            )
        )
    meeting.status = MeetingStatus.HELD
    db.session.flush()
    audit.record("meeting_held", obj=meeting, mechanism_id=meeting.mechanism_id)


def is_unrecorded(meeting: Meeting, day: date | None = None) -> bool:
    """Whether the meeting's day has passed while it is still planned or invited: nobody
    recorded that it was held (its attendance) or cancelled."""
    return meeting.status in UPCOMING and local(meeting.starts_at).date() < (day or today())


def unrecorded_meetings(mechanism_ids: list[int], since: date | None = None) -> list[Meeting]:
    """The mechanisms' past meetings still planned (since a day, if given), oldest first."""
    stmt = select(Meeting).where(
        Meeting.mechanism_id.in_(mechanism_ids),
        Meeting.status.in_(UPCOMING),
        Meeting.starts_at < to_utc(today(), time(0)),
    )
    if since is not None:
        stmt = stmt.where(Meeting.starts_at >= to_utc(since, time(0)))
    return list(db.session.scalars(stmt.order_by(Meeting.starts_at, Meeting.id)))


def meetings_of(mechanism: Mechanism) -> list[Meeting]:
    """All of the mechanism's meetings, newest first."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.mechanism_id == mechanism.id)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        )
    )


# -- the year's plan and compliance ---------------------------------------------------------------


class QuarterState(enum.StrEnum):
    HELD = "held"  # a regular meeting took place and was marked as held
    PLANNED = "planned"  # a regular meeting is planned or invited, still ahead
    MISSING = "missing"  # neither


def quarter_state(meetings: list[Meeting], now: datetime | None = None) -> QuarterState:
    """The rule of compliance for one quarter, given its regular meetings."""
    now = now or utcnow()
    if any(m.status is MeetingStatus.HELD for m in meetings):
        return QuarterState.HELD
    if any(m.status in UPCOMING and m.starts_at >= now for m in meetings):
        return QuarterState.PLANNED
    return QuarterState.MISSING


@dataclass
class QuarterPlan:
    quarter: Quarter
    meetings: list[Meeting] = field(default_factory=list)  # regular ones, cancelled included
    state: QuarterState = QuarterState.MISSING

    @property
    def active(self) -> list[Meeting]:
        return [m for m in self.meetings if m.status is not MeetingStatus.CANCELLED]

    @property
    def unrecorded(self) -> list[Meeting]:
        """Its meetings whose day has passed while they are still planned: to record."""
        return [m for m in self.active if is_unrecorded(m)]

    @property
    def can_plan(self) -> bool:
        """Offered in the year's plan: nothing regular is on it and the quarter is not over."""
        return not self.active and self.quarter.last_day >= today()


def _regular_meetings(mechanism_ids: list[int] | None, first: date, last: date) -> list[Meeting]:
    stmt = (
        select(Meeting)
        .where(
            Meeting.kind == MeetingKind.REGULAR,
            Meeting.starts_at >= to_utc(first, time(0)),
            Meeting.starts_at < to_utc(last + timedelta(days=1), time(0)),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if mechanism_ids is not None:
        stmt = stmt.where(Meeting.mechanism_id.in_(mechanism_ids))
    return list(db.session.scalars(stmt))


def plan_by_quarter(
    mechanism_ids: list[int] | None, quarters: list[Quarter]
) -> dict[int, list[QuarterPlan]]:
    """Per mechanism id, each quarter's regular meetings and state, in one query."""
    meetings = _regular_meetings(mechanism_ids, quarters[0].first_day, quarters[-1].last_day)
    grouped: dict[tuple[int, Quarter], list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        grouped[(meeting.mechanism_id, Quarter.of(local(meeting.starts_at).date()))].append(meeting)
    ids = mechanism_ids if mechanism_ids is not None else sorted({m.mechanism_id for m in meetings})
    now = utcnow()
    result: dict[int, list[QuarterPlan]] = {}
    for mechanism_id in ids:
        plans = []
        for quarter in quarters:
            found = grouped.get((mechanism_id, quarter), [])
            active = [m for m in found if m.status is not MeetingStatus.CANCELLED]
            plans.append(QuarterPlan(quarter, found, quarter_state(active, now)))
        result[mechanism_id] = plans
    return result


def year_plan(mechanism: Mechanism, year: int) -> list[QuarterPlan]:
    """The year's four quarters with their regular meetings."""
    quarters = [Quarter(year, n) for n in range(1, 5)]
    return plan_by_quarter([mechanism.id], quarters)[mechanism.id]


def last_place(mechanism: Mechanism) -> tuple[str, str]:
    """Where the mechanism met last (place, online link), to propose it again."""
    row = db.session.execute(
        select(Meeting.place, Meeting.online_link)
        .where(Meeting.mechanism_id == mechanism.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).first()
    return (row.place, row.online_link) if row else ("", "")


def plan_year(
    mechanism: Mechanism, rows: dict[Quarter, Schedule], language: str = "sq"
) -> list[Meeting]:
    """Plan one regular meeting in each given quarter; a quarter that already has one (the form
    sent twice, or someone else planned it) is refused, and so is a date outside its quarter."""
    if not rows:
        raise PlanningError(_("Tick at least one quarter to plan."))
    plans = {plan.quarter: plan for plan in year_plan(mechanism, next(iter(rows)).year)}
    now = today()
    for quarter, schedule in rows.items():
        if schedule.day not in quarter:
            raise PlanningError(
                _(
                    "The meeting of %(quarter)s must be between %(first)s and %(last)s.",
                    quarter=str(quarter),
                    first=day_format(quarter.first_day),
                    last=day_format(quarter.last_day),
                ),
                f"q{quarter.number}.day",
            )
        if schedule.day < now:
            raise PlanningError(
                _("The meeting of %(quarter)s is in the past.", quarter=str(quarter)),
                f"q{quarter.number}.day",
            )
        if quarter not in plans or plans[quarter].active:
            raise PlanningError(
                _("%(quarter)s already has a regular meeting.", quarter=str(quarter)),
                f"q{quarter.number}.day",
            )
        try:
            schedule.check()
            schedule.check_day()
        except PlanningError as error:
            raise PlanningError(str(error), f"q{quarter.number}.{error.field}") from error
    return [
        create_meeting(mechanism, MeetingKind.REGULAR, schedule, language=language)
        for _quarter, schedule in sorted(rows.items())
    ]


def usual_language(mechanism: Mechanism) -> str:
    """The language of the mechanism's latest meeting's documents, Albanian by default."""
    language = db.session.scalar(
        select(Meeting.language)
        .where(Meeting.mechanism_id == mechanism.id)
        .order_by(Meeting.created_at.desc(), Meeting.id.desc())
        .limit(1)
    )
    return language or "sq"
