"""The meetings' factories, shared with the actions tests."""

from tests.meetings.conftest import make_agenda_item, make_meeting  # noqa: F401
