"""What the agenda's pages and documents read: the items of a meeting in order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mcm.extensions import db
from mcm.meetings.models import AgendaItem, Meeting


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda in order, with presenters, in one query."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .options(joinedload(AgendaItem.presenter_institution))
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )
