"""A meeting's status follows from what happened: recording its attendance makes it held, and it
counts for its quarter; a past meeting still planned is flagged on the mechanism's home page,
in the year's plan and in the national compliance view."""

from __future__ import annotations

from datetime import timedelta

from mcm.meetings.models import MeetingStatus
from mcm.meetings.planning.dates import Quarter
from tests.conftest import text_of
from tests.meetings.planning.helpers import create_meeting, meeting, today, url


def test_recording_attendance_makes_the_meeting_held_and_it_counts_for_its_quarter(
    app, client, make_user, make_institution
) -> None:
    police = make_institution("PEJ", "police", "Police station Peja (test)")
    client.login_user(make_user("coordinator", "PEJ"))
    quarter = Quarter.of(today(app)).previous()
    meeting_id = create_meeting(
        app, day=quarter.first_day + timedelta(days=10), status=MeetingStatus.INVITED
    )
    before = text_of(client.get("/m/PEJ/meetings/compliance"))
    assert f"{quarter} Missing" in before

    response = client.post(
        url(meeting_id, "/attendance"),
        {f"presence_{police}": "present", f"represented_{police}": "Duty officer (test)"},
    )
    assert response.status_code == 302
    assert meeting(app, meeting_id).status is MeetingStatus.HELD  # nobody clicked "Mark as held"
    assert f"{quarter} Held" in text_of(client.get("/m/PEJ/meetings/compliance"))
    plan = client.get(f"/m/PEJ/meetings/plan?year={quarter.year}").get_data(as_text=True)
    assert f'id="quarter-{quarter.number}"' in plan
    section = plan.split(f'id="quarter-{quarter.number}"', 1)[1].split("</h2>", 1)[0]
    assert "badge--quarter-held" in section


def test_attendance_with_nobody_present_leaves_the_status_alone(
    app, client, make_user, make_institution
) -> None:
    police = make_institution("PEJ", "police", "Police station Peja (test)")
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, days=-2, status=MeetingStatus.INVITED)
    client.post(url(meeting_id, "/attendance"), {f"presence_{police}": "absent"})
    assert meeting(app, meeting_id).status is MeetingStatus.INVITED


def test_a_past_meeting_still_planned_is_flagged_until_it_is_recorded(
    app, client, client_factory, make_user
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    observer = client_factory()
    observer.login_user(make_user("observer", None))
    past = create_meeting(app, days=-5, status=MeetingStatus.INVITED)
    create_meeting(app, days=5)  # ahead: not flagged
    create_meeting(app, "FER", days=-400)  # flagged for Ferizaj, not on Peja's page

    home = client.get("/m/PEJ/").get_data(as_text=True)
    assert "1 past meeting is still shown as planned" in text_of(client.get("/m/PEJ/"))
    assert url(past) in home
    national = text_of(observer.get("/compliance/"))
    assert "2 mechanisms have past meetings still shown as planned" in national
    assert national.count("1 past meeting not recorded") == 2  # Peja's row and Ferizaj's

    response = client.post(url(past, "/cancel"), {"reason": "The hall was closed (test)."})
    assert response.status_code == 302
    assert "still shown as planned" not in text_of(client.get("/m/PEJ/"))
    national = text_of(observer.get("/compliance/"))
    assert "1 mechanism has past meetings still shown as planned" in national
    assert national.count("1 past meeting not recorded") == 1
