"""The demo's minutes and actions: every stage and status, overdue actions, idempotent, and only
invented text with cases by code."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from mcm.extensions import db
from mcm.meetings.demo.minutes import load_minutes_demo
from mcm.meetings.models import (
    Action,
    AgendaItemKind,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
)
from tests.conftest import text_of


def test_without_held_meetings_the_demo_writes_nothing(app) -> None:
    with app.app_context():
        assert list(load_minutes_demo()) == [
            "minutes: no held meetings in the demo yet, nothing to write"
        ]


def test_minutes_in_every_stage_and_actions_in_every_status(
    app, client, make_user, make_institution, make_meeting, make_agenda_item
) -> None:
    for type_code in ("police", "csw", "education"):
        make_institution("PEJ", type_code)
    now = datetime.now(UTC)
    meetings = [
        make_meeting(starts_at=now - timedelta(days=days), status=MeetingStatus.HELD, language=lang)
        for days, lang in ((300, "sq"), (200, "sr"), (100, "en"), (10, "sq"))
    ]
    for meeting in meetings:
        make_agenda_item(meeting, "Follow-up", kind=AgendaItemKind.FOLLOW_UP)
        make_agenda_item(meeting, "Referral pathway")
        make_agenda_item(meeting, "Case discussions", kind=AgendaItemKind.CASES)
    with app.app_context():
        assert list(load_minutes_demo()) == ["minutes: 4 minutes written, 20 actions recorded"]
        assert list(load_minutes_demo()) == ["minutes: 0 minutes written, 0 actions recorded"]
        stages = dict(db.session.execute(select(Minutes.meeting_id, Minutes.status)).all())
        assert [stages[m] for m in meetings] == [
            MinutesStatus.APPROVED,
            MinutesStatus.APPROVED,
            MinutesStatus.CIRCULATED,
            MinutesStatus.DRAFT,
        ]
        first = db.session.scalar(select(Minutes).where(Minutes.meeting_id == meetings[0]))
        assert first.approved_at_meeting_id == meetings[1]
        assert first.current_version.number == 2 and first.current_version.reason
        comments = db.session.scalars(select(MinutesComment)).all()
        assert len(comments) == 2 and sum(c.resolved_at is not None for c in comments) == 1
        actions = db.session.scalars(select(Action)).all()
        assert {a.status.value for a in actions} == {"open", "in_progress", "done", "dropped"}
        assert any(a.is_overdue(date.today()) for a in actions)
        assert all(a.not_done_reason for a in actions if a.status.value == "dropped")
        texts = [str(v) for v in db.session.scalars(select(MinutesVersion.content))]
        texts += [a.title for a in actions] + [c.body for c in comments]
        assert not any("@" in t for t in texts)
        codes = set(re.findall(r"\b[A-Z]{3}-\d{4}-\d{3}\b", " ".join(texts)))
        assert codes and all(code.startswith("PEJ-") for code in codes)
        assert db.session.scalar(select(func.count(MinutesVersion.id))) == 5
    client.login_user(make_user("coordinator", "PEJ"))
    for meeting in meetings:
        page = client.get(f"/m/PEJ/meetings/{meeting}/minutes")
        assert page.status_code == 200
    assert "Version 2" in text_of(client.get(f"/m/PEJ/meetings/{meetings[0]}/minutes"))
    assert client.get(f"/m/PEJ/meetings/{meetings[0]}/minutes/compare").status_code == 200
    assert client.get("/actions/mine?show=all").status_code == 200
