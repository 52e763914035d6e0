"""The meetings list: a mechanism's meetings filtered by year, kind and status, sorted by a
whitelisted column, one page at a time; and the rows its exports write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from mcm.core.listing import Listing, choice, year
from mcm.extensions import db
from mcm.meetings.models import Attendance, Meeting, MeetingKind, MeetingStatus
from mcm.meetings.planning.dates import to_utc, today

SORTS = {
    "date": Meeting.starts_at,
    "kind": Meeting.kind,
    "status": Meeting.status,
    "place": Meeting.place,
}
DEFAULT_SORT = "-date"  # newest first


@dataclass(frozen=True)
class MeetingFilters:
    year: int | None
    kind: str
    status: str

    @classmethod
    def read(cls, args: Any) -> MeetingFilters:
        """The filters of a request; a value that is not a choice is no filter."""
        return cls(
            year(args.get("year")),
            choice(args.get("kind"), [k.value for k in MeetingKind]),
            choice(args.get("status"), [s.value for s in MeetingStatus]),
        )

    def as_args(self) -> dict[str, Any]:
        return {"year": self.year, "kind": self.kind, "status": self.status}


def listing_of(endpoint: str, filters: MeetingFilters) -> Listing:
    """The list's choices as the request asked for them."""
    return Listing.read(endpoint, filters.as_args(), SORTS, DEFAULT_SORT)


def meetings_stmt(mechanism_id: int, filters: MeetingFilters, listing: Listing) -> Select[Any]:
    """The mechanism's meetings as the filters and the sort say."""
    stmt = select(Meeting).where(Meeting.mechanism_id == mechanism_id)
    if filters.year is not None:
        stmt = stmt.where(
            Meeting.starts_at >= to_utc(date(filters.year, 1, 1), time(0)),
            Meeting.starts_at < to_utc(date(filters.year + 1, 1, 1), time(0)),
        )
    if filters.kind:
        stmt = stmt.where(Meeting.kind == filters.kind)
    if filters.status:
        stmt = stmt.where(Meeting.status == filters.status)
    return stmt.order_by(*listing.order(SORTS, Meeting.id))


def years_of(mechanism_id: int) -> list[int]:
    """The years the filter offers: from the first meeting's to the last's (this one at least)."""
    first, last = db.session.execute(
        select(func.min(Meeting.starts_at), func.max(Meeting.starts_at)).where(
            Meeting.mechanism_id == mechanism_id
        )
    ).one()
    now = today().year
    low = min(first.year, now) if first else now
    high = max(last.year, now) if last else now
    return list(range(high, low - 1, -1))


def attendance_rows(
    mechanism_id: int, filters: MeetingFilters, listing: Listing
) -> list[tuple[Meeting, Attendance]]:
    """Each recorded attendance of the listed meetings, in the list's order, in one query."""
    stmt = (
        meetings_stmt(mechanism_id, filters, listing)
        .add_columns(Attendance)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .options(joinedload(Attendance.institution))
        .order_by(Attendance.id)
    )
    return [(meeting, row) for meeting, row in db.session.execute(stmt)]
