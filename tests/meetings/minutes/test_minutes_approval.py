"""The approval of the minutes keeps the record true: only at a later meeting that was held, after
the review period or with the reason for approving early; the Word minutes state the approving
meeting's date; the approved version and its document never change when actions come later."""

from __future__ import annotations

import io
from datetime import date, timedelta

import docx
import pytest
from flask_babel import force_locale, format_date
from sqlalchemy import select

from mcm.extensions import db
from mcm.meetings.models import Meeting, Minutes, MinutesStatus
from tests.conftest import text_of
from tests.meetings.minutes.helpers import build_scene, form_data, save, stored

EARLY = "Every member institution confirmed the text at the meeting."


@pytest.fixture
def scene(app, make_user, make_institution, make_meeting, make_agenda_item):
    return build_scene(app, make_user, make_institution, make_meeting, make_agenda_item)


def _circulated(app, client, scene, until: date | None = None) -> None:
    """The coordinator writes the minutes and circulates them for review until a date."""
    client.login_user(scene.coordinator)
    save(client, app, scene, {scene.items["topic"]: ("The pathway was reviewed", "Adopted")})
    minutes, _ = stored(app, scene.meeting)
    until = until or date.today() + timedelta(days=7)
    response = client.post(
        scene.minutes_url + "/circulate",
        {"version": str(minutes.version), "review_until": until.isoformat()},
    )
    assert response.status_code == 302


def _approve(client, app, scene, **data):
    minutes, _ = stored(app, scene.meeting)
    return client.post(scene.minutes_url + "/approve", {"version": str(minutes.version), **data})


def _set_review_until(app, scene, day: date) -> None:
    with app.app_context():
        minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == scene.meeting))
        minutes.review_until = day
        db.session.commit()


def _document(client, scene, query: str = "") -> str:
    """The minutes' Word document as python-docx reads it: every paragraph and table cell."""
    response = client.get(f"/m/PEJ/meetings/{scene.meeting}/minutes.docx{query}")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    return "\n".join(texts)


def _meeting_day(app, meeting_id: int, style: str) -> str:
    """A meeting's date as the English page and document write it."""
    with app.test_request_context(), force_locale("en"):
        return format_date(db.session.get(Meeting, meeting_id).starts_at, style)


def test_minutes_are_not_approved_at_a_meeting_that_has_not_been_held(
    app, client, scene, make_meeting
) -> None:
    _circulated(app, client, scene)
    page = client.get(scene.minutes_url + "/approve").get_data(as_text=True)
    assert "(not held yet)" in page  # the planned meeting is labelled in the list
    refused = _approve(
        client, app, scene, basis="meeting", at_meeting=str(scene.upcoming), early_reason=EARLY
    )
    assert refused.status_code == 200
    assert "has not been held yet" in text_of(refused)
    assert stored(app, scene.meeting)[0].status is MinutesStatus.CIRCULATED
    # Nor at a meeting before the minutes' own.
    earlier = make_meeting(starts_at=scene_start(app, scene) - timedelta(days=30))
    refused = _approve(client, app, scene, basis="meeting", at_meeting=str(earlier))
    assert 'id="at_meeting-error"' in refused.get_data(as_text=True)
    assert stored(app, scene.meeting)[0].status is MinutesStatus.CIRCULATED


def scene_start(app, scene):
    with app.app_context():
        return db.session.get(Meeting, scene.meeting).starts_at


def test_approving_before_the_review_deadline_needs_a_reason_that_is_kept(
    app, client, scene
) -> None:
    _circulated(app, client, scene)
    for basis in ("meeting", "date"):
        refused = _approve(client, app, scene, basis=basis, at_meeting=str(scene.later))
        assert refused.status_code == 200
        assert "give the reason for approving the minutes before it ends" in text_of(refused)
        assert stored(app, scene.meeting)[0].status is MinutesStatus.CIRCULATED
    accepted = _approve(
        client, app, scene, basis="meeting", at_meeting=str(scene.later), early_reason=EARLY
    )
    assert accepted.status_code == 302
    minutes, _ = stored(app, scene.meeting)
    assert minutes.status is MinutesStatus.APPROVED
    assert minutes.approved_at_meeting_id == scene.later
    assert minutes.early_approval_reason == EARLY
    page = text_of(client.get(scene.minutes_url))
    approval = f"Approved at the meeting of {_meeting_day(app, scene.later, 'medium')}"
    assert EARLY in page and approval in page
    history = page.split("Approval, or reason for the correction", 1)[1]
    assert "Version 1 (current) " in history and approval in history and EARLY in history


def test_after_the_review_deadline_no_reason_is_asked(app, client, scene) -> None:
    _circulated(app, client, scene)
    _set_review_until(app, scene, date.today() - timedelta(days=1))
    page = text_of(client.get(scene.minutes_url + "/approve"))
    assert "The review period is still running" not in page
    response = _approve(
        client, app, scene, basis="meeting", at_meeting=str(scene.later), early_reason=""
    )
    assert response.status_code == 302
    minutes, _ = stored(app, scene.meeting)
    assert minutes.status is MinutesStatus.APPROVED and minutes.early_approval_reason == ""


def test_the_word_minutes_state_the_approving_meetings_date(app, client, scene) -> None:
    _circulated(app, client, scene)
    _approve(client, app, scene, basis="meeting", at_meeting=str(scene.later), early_reason=EARLY)
    text = _document(client, scene)
    assert f"Approved at the meeting of {_meeting_day(app, scene.later, 'long')}" in text
    with app.test_request_context(), force_locale("en"):
        today = format_date(date.today(), "long")
    assert today not in text  # the day the approval was recorded is not the approval's date
    assert "Reason for approving before the review deadline" in text and EARLY in text


def _add_action(client, scene, title: str):
    return client.post(
        f"/m/PEJ/meetings/{scene.meeting}/actions/new",
        {
            "agenda_item": str(scene.items["topic"]),
            "title": title,
            "institution": str(scene.police),
            "due_on": (date.today() + timedelta(days=30)).isoformat(),
        },
    )


def test_an_action_added_after_approval_stays_out_of_the_approved_version(
    app, client, scene
) -> None:
    _circulated(app, client, scene)
    assert _add_action(client, scene, "Brief every police station").status_code == 302
    _approve(client, app, scene, basis="meeting", at_meeting=str(scene.later), early_reason=EARLY)
    approved = _document(client, scene)
    assert "Brief every police station" in approved

    assert _add_action(client, scene, "Map the shelters of the region").status_code == 302
    after = _document(client, scene)
    assert "Map the shelters of the region" not in after
    assert "Brief every police station" in after
    # The page shows it apart, saying it is not part of the approved minutes.
    page = client.get(scene.minutes_url).get_data(as_text=True)
    apart = page.split("Actions added after approval", 1)
    assert len(apart) == 2 and "Map the shelters of the region" in apart[1]
    assert "Map the shelters of the region" not in apart[0]

    # A correction, with its reason, takes the action into a new version…
    data = {**form_data(app, scene, {}), "reason": "Add the action decided after approval"}
    assert client.post(scene.minutes_url + "/correct", data).status_code == 302
    assert [v.number for v in stored(app, scene.meeting)[1]] == [1, 2]
    assert "Map the shelters of the region" in _document(client, scene)
    assert "Actions added after approval" not in text_of(client.get(scene.minutes_url))
    # …and the approved version's document is still the same.
    first = _document(client, scene, "?number=1")
    assert "Map the shelters of the region" not in first and "Brief every police station" in first
    assert client.get(f"/m/PEJ/meetings/{scene.meeting}/minutes.docx?number=9").status_code == 404


def test_a_version_replaced_during_the_review_does_not_claim_the_approval(
    app, client, scene
) -> None:
    _circulated(app, client, scene)
    save(client, app, scene, {scene.items["topic"]: ("The pathway was reviewed again", "")})
    _set_review_until(app, scene, date.today() - timedelta(days=1))
    _approve(client, app, scene, basis="meeting", at_meeting=str(scene.later))
    assert [v.number for v in stored(app, scene.meeting)[1]] == [1, 2]
    first = _document(client, scene, "?number=1")
    assert "Replaced by a later version" in first and "Approved at the meeting" not in first
    assert "Approved at the meeting" in _document(client, scene, "?number=2")
