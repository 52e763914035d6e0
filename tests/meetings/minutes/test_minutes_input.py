"""Odd input to the minutes and actions pages of real records, in every stage of the minutes,
never makes a 500: refusals are 4xx or the form again with a message."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mcm.extensions import db
from mcm.meetings.models import Action, Meeting, MinutesComment
from tests.meetings.minutes.helpers import build_scene, save, stored

GARBAGE = [
    {},
    {"version": "abc", "base_version": "-1", "summary_1": "x" * 30_000, "reason": "\x00"},
    {"review_until": "31.02.2026", "basis": "king", "at_meeting": "99999999999"},
    {"basis": "meeting", "at_meeting": "abc", "status": "flying", "not_done_reason": "nope"},
    {"title": "x" * 5000, "institution": "-5", "due_on": "0000-00-00", "agenda_item": "1e9"},
    {"resolution": " ", "version": "", "status": "done", "note": "x" * 6000},
]


def _records(app, scene) -> tuple[int, int | None]:
    """An overdue action of the meeting and, once the minutes exist, a comment."""
    minutes, _ = stored(app, scene.meeting)
    with app.app_context():
        action = Action(
            mechanism_id=db.session.get(Meeting, scene.meeting).mechanism_id,
            meeting_id=scene.meeting,
            agenda_item_id=scene.items["topic"],
            title="Overdue action",
            responsible_institution_id=scene.police,
            due_on=date.today() - timedelta(days=1),
        )
        db.session.add(action)
        comment_id = None
        if minutes is not None:
            comment = MinutesComment(
                minutes_id=minutes.id, agenda_item_id=scene.items["topic"], body="Comment"
            )
            db.session.add(comment)
            db.session.flush()
            comment_id = comment.id
        db.session.commit()
        return action.id, comment_id


def _urls(scene, action_id: int, comment_id: int | None) -> list[str]:
    base = scene.minutes_url
    return [
        base,
        base + "/edit",
        base + "/correct",
        base + "/circulate",
        base + "/approve",
        base + "/versions/1",
        base + "/compare?from=0&to=abc",
        f"{base}/items/{scene.items['topic']}/comments",
        f"{base}/items/{scene.items['cases']}/comments",
        f"{base}/comments/{comment_id or 1}/resolve",
        f"/m/PEJ/meetings/{scene.meeting}/actions/new?item=abc",
        f"/m/PEJ/meetings/actions/{action_id}",
        f"/m/PEJ/meetings/actions/{action_id}/edit",
        "/m/PEJ/meetings/actions?show=%00",
        "/actions/mine?show=<script>",
    ]


@pytest.mark.parametrize("stage", ["none", "draft", "circulated", "approved"])
def test_odd_input_never_makes_a_500(
    app, client_factory, make_user, make_institution, make_meeting, make_agenda_item, stage
) -> None:
    scene = build_scene(app, make_user, make_institution, make_meeting, make_agenda_item)
    coordinator, member = client_factory(), client_factory()
    coordinator.login_user(scene.coordinator)
    member.login_user(scene.member)
    if stage != "none":
        save(coordinator, app, scene, {scene.items["topic"]: ("Text", "Decision")})
    if stage in ("circulated", "approved"):
        minutes, _ = stored(app, scene.meeting)
        coordinator.post(
            scene.minutes_url + "/circulate",
            {"version": str(minutes.version), "review_until": date.today().isoformat()},
        )
    if stage == "approved":
        minutes, _ = stored(app, scene.meeting)
        coordinator.post(
            scene.minutes_url + "/approve",
            {
                "version": str(minutes.version),
                "basis": "meeting",
                "at_meeting": str(scene.later),
                "early_reason": "All members confirmed the text at the meeting.",
            },
        )
        assert stored(app, scene.meeting)[0].status.value == "approved"
    action_id, comment_id = _records(app, scene)
    failures = []
    for client in (coordinator, member):
        for url in _urls(scene, action_id, comment_id):
            if client.get(url).status_code >= 500:
                failures.append(("GET", url))
            for data in GARBAGE:
                if client.post(url, data).status_code >= 500:
                    failures.append(("POST", url, sorted(data)))
    assert failures == []
