"""Dates are plausible: a meeting lies within the configured years around today (year 9999 is
refused with a clear message), an action is not due before the meeting that decided it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from mcm.extensions import db
from mcm.meetings.models import Action, Meeting
from tests.conftest import text_of
from tests.meetings.minutes.helpers import build_scene
from tests.meetings.planning.helpers import create_meeting, meeting, today, url


def _meeting_form(day: str, **overrides: str) -> dict[str, str]:
    return {
        "kind": "regular",
        "documents_language": "en",
        "day": day,
        "starts": "10:00",
        "ends": "12:00",
        "place": "Municipal hall (test)",
        **overrides,
    }


def _meetings(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Meeting.id)))


def _years_from(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


@pytest.mark.parametrize("years", [9999, 3, -11])
def test_a_meeting_outside_the_window_is_refused_with_the_window(
    app, client, make_user, years
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    now = today(app)
    day = "9999-12-31" if years == 9999 else _years_from(now, years).isoformat()
    response = client.post("/m/PEJ/meetings/new", _meeting_form(day))
    assert response.status_code == 200
    page = text_of(response)
    assert "Enter a date between" in page
    assert str(now.year - 10) in page and str(now.year + 2) in page  # the window is stated
    assert 'id="day-error"' in response.get_data(as_text=True)  # beside the date
    assert _meetings(app) == 0


def test_past_meetings_can_be_recorded_for_the_history_and_the_window_is_configurable(
    app, client, make_user
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    now = today(app)
    old = _years_from(now, -9).isoformat()
    assert client.post("/m/PEJ/meetings/new", _meeting_form(old)).status_code == 302
    ahead = _years_from(now, 4).isoformat()
    assert client.post("/m/PEJ/meetings/new", _meeting_form(ahead)).status_code == 200
    app.config["MCM_MEETING_FUTURE_YEARS"] = 5
    assert client.post("/m/PEJ/meetings/new", _meeting_form(ahead)).status_code == 302
    assert _meetings(app) == 2


def test_a_meeting_cannot_be_moved_to_year_9999(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app)
    stored = meeting(app, meeting_id)
    response = client.post(
        url(meeting_id, "/edit"), _meeting_form("9999-01-04", version=str(stored.version))
    )
    assert response.status_code == 200 and "Enter a date between" in text_of(response)
    assert meeting(app, meeting_id).starts_at == stored.starts_at


def test_an_ad_hoc_request_proposes_plausible_dates(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.post(
        "/m/PEJ/meetings/requests/new",
        {"reason": "A rise in reported cases (test).", "urgency": "urgent", "date1": "9999-01-01"},
    )
    assert response.status_code == 200 and "Enter a date between" in text_of(response)


@pytest.fixture
def scene(app, make_user, make_institution, make_meeting, make_agenda_item):
    return build_scene(app, make_user, make_institution, make_meeting, make_agenda_item)


def _action_form(scene, due: date | str) -> dict[str, str]:
    return {
        "agenda_item": str(scene.items["topic"]),
        "title": "Map the services for children",
        "institution": str(scene.police),
        "due_on": due if isinstance(due, str) else due.isoformat(),
    }


def _actions(app) -> list[Action]:
    with app.app_context():
        found = list(db.session.scalars(select(Action).order_by(Action.id)))
        db.session.expunge_all()
        return found


def test_an_action_is_not_due_before_its_meeting_nor_in_year_9999(app, client, scene) -> None:
    client.login_user(scene.coordinator)
    new = f"/m/PEJ/meetings/{scene.meeting}/actions/new"
    before = date.today() - timedelta(days=11)  # the meeting was ten days ago
    refused = client.post(new, _action_form(scene, before))
    assert refused.status_code == 200
    assert "cannot be before the meeting that decided the action" in text_of(refused)
    assert 'id="due_on-error"' in refused.get_data(as_text=True)
    refused = client.post(new, _action_form(scene, "9999-12-31"))
    assert refused.status_code == 200 and "at the latest" in text_of(refused)
    assert _actions(app) == []

    assert client.post(new, _action_form(scene, date.today())).status_code == 302
    (action,) = _actions(app)
    edit = f"/m/PEJ/meetings/actions/{action.id}/edit"
    changed = client.post(edit, {**_action_form(scene, before), "version": str(action.version)})
    assert "cannot be before the meeting" in text_of(changed)
    assert _actions(app)[0].due_on == date.today()
