"""Which meetings the calendar and the feed show: those of the mechanisms whose meetings the user
may open (coordinators and member representatives, by their seats), in one query."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mcm.accounts.models import Membership, Role
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.meetings.models import Meeting

# How far back the feed reaches: a year of past meetings is what a calendar program needs; older
# ones stay in mcm's own lists.
FEED_PAST = timedelta(days=366)


def sees_meetings(user: Any) -> bool:
    """Only coordinators and member representatives open their mechanisms' meetings; observers
    and administrators follow aggregates, never a mechanism's meetings."""
    return user.role in (Role.COORDINATOR, Role.MEMBER)


def meetings_between(user: Any, start: datetime | None, end: datetime | None) -> list[Meeting]:
    """The meetings of the user's mechanisms starting in [start, end), earliest first."""
    if not sees_meetings(user):
        return []
    mine = select(Membership.mechanism_id).where(Membership.user_id == user.id)
    stmt = (
        select(Meeting)
        .options(joinedload(Meeting.mechanism).joinedload(Mechanism.municipality))
        .where(Meeting.mechanism_id.in_(mine))
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if start is not None:
        stmt = stmt.where(Meeting.starts_at >= start)
    if end is not None:
        stmt = stmt.where(Meeting.starts_at < end)
    return list(db.session.scalars(stmt))
