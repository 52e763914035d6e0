"""The calendar's tests reuse the meeting factories."""

from tests.meetings.conftest import make_agenda_item, make_meeting  # noqa: F401
