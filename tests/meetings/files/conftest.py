"""The meeting documents tests' scene."""

from __future__ import annotations

import pytest

from tests.meetings.files.helpers import Scene, build_scene


@pytest.fixture
def scene(
    make_user, make_institution, make_representative, make_meeting, make_agenda_item
) -> Scene:
    return build_scene(
        make_user, make_institution, make_representative, make_meeting, make_agenda_item
    )
