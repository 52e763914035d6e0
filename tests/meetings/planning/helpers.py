"""Shared steps of the planning, agenda, attendance, ad hoc and confidentiality tests."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from flask import Flask

from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import Meeting, MeetingKind, MeetingStatus
from mcm.meetings.planning import services as planning


def today(app: Flask) -> date:
    with app.app_context():
        return planning.today()


def create_meeting(
    app: Flask,
    code: str = "PEJ",
    *,
    days: int = 7,
    at: time = time(10, 0),
    cases: bool = False,
    kind: MeetingKind = MeetingKind.REGULAR,
    status: MeetingStatus | None = None,
    place: str = "Municipal hall",
    day: date | None = None,
) -> int:
    """A meeting planned through the service (so it has its standing items), `days` from today
    unless a day is given; its status forced afterwards when asked."""
    with app.test_request_context():
        mechanism = mechanism_by_code(code)
        meeting = planning.create_meeting(
            mechanism,
            kind,
            planning.Schedule(
                day=day or planning.today() + timedelta(days=days),
                starts=at,
                ends=time(12, 0) if at < time(12, 0) else None,
                place=place,
            ),
            language="en",
            cases=cases,
        )
        if status is not None:
            meeting.status = status
        db.session.commit()
        return meeting.id


def meeting(app: Flask, meeting_id: int) -> Any:
    """A detached copy of a meeting's columns, for assertions."""
    with app.app_context():
        found = db.session.get(Meeting, meeting_id)
        db.session.expunge(found)
        return found


def url(meeting_id: int, suffix: str = "", code: str = "PEJ") -> str:
    return f"/m/{code}/meetings/{meeting_id}{suffix}"
