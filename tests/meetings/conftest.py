"""Meeting factories with sensible defaults, shared by every meetings test."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from flask import Flask

from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingKind, MeetingStatus

_positions = itertools.count(1)


def next_week_at_ten() -> datetime:
    """A week from now at 10:00 UTC: far enough ahead for invitations, never in the past."""
    day = datetime.now(UTC) + timedelta(days=7)
    return day.replace(hour=10, minute=0, second=0, microsecond=0)


@pytest.fixture
def make_meeting(app: Flask) -> Any:
    """Create a meeting and return its id; any column can be overridden, plus mechanism_code."""

    def make(mechanism_code: str = "PEJ", **overrides: Any) -> int:
        with app.app_context():
            starts_at = overrides.pop("starts_at", None) or next_week_at_ten()
            values: dict[str, Any] = {
                "mechanism_id": mechanism_by_code(mechanism_code).id,
                "kind": MeetingKind.REGULAR,
                "status": MeetingStatus.PLANNED,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=2),
                "place": "Municipal hall, room 3",
                "language": "en",
                "ics_uid": f"{uuid4()}@mcm.test",
                "ics_sequence": 0,
            }
            values.update(overrides)
            meeting = Meeting(**values)
            db.session.add(meeting)
            db.session.commit()
            return meeting.id

    return make


@pytest.fixture
def make_agenda_item(app: Flask) -> Any:
    """Add an agenda item to a meeting and return its id; positions follow creation order."""

    def make(meeting_id: int, title: str = "Coordination of services", **overrides: Any) -> int:
        with app.app_context():
            values: dict[str, Any] = {
                "meeting_id": meeting_id,
                "position": next(_positions),
                "kind": AgendaItemKind.TOPIC,
                "title": title,
            }
            values.update(overrides)
            item = AgendaItem(**values)
            db.session.add(item)
            db.session.commit()
            return item.id

    return make


@pytest.fixture
def make_representative(app: Flask) -> Any:
    """Name a current representative of an institution (since a year ago); returns its id."""

    def make(institution_id: int, name: str, email: str = "", **overrides: Any) -> int:
        from datetime import date

        from mcm.mechanisms.models import Representative

        with app.app_context():
            values: dict[str, Any] = {
                "institution_id": institution_id,
                "name": name,
                "email": email,
                "from_date": date.today() - timedelta(days=365),
            }
            values.update(overrides)
            representative = Representative(**values)
            db.session.add(representative)
            db.session.commit()
            return representative.id

    return make
