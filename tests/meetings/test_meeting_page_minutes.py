"""The meeting page shows the approved minutes inline, full or summary exactly as the minutes
page shows them to the same reader, and nothing of minutes still under review."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from mcm.extensions import db
from mcm.meetings.models import Minutes, MinutesStatus
from tests.conftest import text_of
from tests.meetings.minutes.helpers import build_scene, save


@pytest.fixture
def scene(app, make_user, make_institution, make_meeting, make_agenda_item):
    return build_scene(app, make_user, make_institution, make_meeting, make_agenda_item)


def _approve(app, scene) -> None:
    with app.app_context():
        db.session.execute(
            update(Minutes)
            .where(Minutes.meeting_id == scene.meeting)
            .values(status=MinutesStatus.APPROVED, approved_at=datetime.now(UTC))
        )
        db.session.commit()


def test_approved_minutes_show_on_the_meeting_page_as_the_minutes_page_shows_them(
    app, client_factory, scene
) -> None:
    coordinator, member = client_factory(), client_factory()
    coordinator.login_user(scene.coordinator)
    member.login_user(scene.member)
    cases, topic = scene.items["cases"], scene.items["topic"]
    texts = {
        topic: ("Referral pathway reviewed", "Pathway agreed"),
        cases: ("PEJ-2026-003 seen", ""),
    }
    assert save(coordinator, app, scene, texts).status_code == 302
    page = f"/m/PEJ/meetings/{scene.meeting}"
    # A draft is not the record: it is not shown inline, to anyone.
    assert "Referral pathway reviewed" not in text_of(coordinator.get(page))
    _approve(app, scene)

    full = text_of(coordinator.get(page))
    assert "Referral pathway reviewed" in full and "Pathway agreed" in full
    assert "PEJ-2026-003 seen" in full and "Full version, restricted" in full
    summary = text_of(member.get(page))
    assert "Referral pathway reviewed" in summary and "PEJ-2026-003" not in summary
    assert "case discussions are in the restricted full version" in summary
    # The minutes page, for the same readers, decides the same.
    assert "PEJ-2026-003 seen" in text_of(coordinator.get(page + "/minutes"))
    assert "PEJ-2026-003" not in text_of(member.get(page + "/minutes"))
