"""Attendance per institution in one form, the quorum on the meeting page, and attendance rates
over the last eight quarters in a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mcm.extensions import db
from mcm.mechanisms.models import Representative
from mcm.meetings.attendance.services import has_quorum, quorum_needed
from mcm.meetings.models import Attendance, MeetingStatus, Presence
from tests.conftest import text_of
from tests.meetings.planning.helpers import create_meeting, url


@pytest.mark.parametrize(
    ("present", "members", "reached"),
    [(0, 0, False), (1, 1, True), (2, 4, False), (3, 4, True), (2, 5, False), (3, 5, True)],
)
def test_quorum_is_more_than_half_of_the_members(present, members, reached) -> None:
    assert has_quorum(present, members) is reached
    if members:
        assert has_quorum(quorum_needed(members), members)
        assert not has_quorum(quorum_needed(members) - 1, members)


@pytest.fixture
def four_members(app, make_institution):
    ids = [
        make_institution("PEJ", "police", "Police station Peja"),
        make_institution("PEJ", "csw", "Centre for Social Work Peja"),
        make_institution("PEJ", "health_centre", "Family medicine centre Peja"),
        make_institution("PEJ", "education", "Directorate of Education Peja"),
    ]
    with app.app_context():
        db.session.add_all(
            [
                Representative(
                    institution_id=ids[0], name="Drita Shembulli", from_date=date(2024, 1, 1)
                ),
                Representative(
                    institution_id=ids[0],
                    name="Deputy Testaj",
                    is_deputy=True,
                    from_date=date(2024, 1, 1),
                ),
                Representative(
                    institution_id=ids[1],
                    name="Old Provaj",
                    from_date=date(2020, 1, 1),
                    to_date=date(2023, 12, 31),
                ),
            ]
        )
        db.session.commit()
    return ids


def test_coordinator_records_attendance_and_sees_the_quorum(
    app, client, make_user, four_members
) -> None:
    police, csw, health, education = four_members
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, days=-1)
    form = client.get(url(meeting_id, "/attendance")).get_data(as_text=True)
    # The current main representative is proposed; a former one is not.
    assert 'value="Drita Shembulli"' in form and "Old Provaj" not in form
    response = client.post(
        url(meeting_id, "/attendance"),
        {
            f"presence_{police}": "present",
            f"represented_{police}": "Drita Shembulli",
            f"presence_{csw}": "present",
            f"represented_{csw}": "Milica Primerović",
            f"late_{csw}": "y",
            f"presence_{health}": "excused",
            f"represented_{health}": "ignored when not present",
        },
    )
    assert response.status_code == 302
    page = text_of(client.get(url(meeting_id)))
    assert "No quorum: 2 of 4 member institutions present; 3 needed." in page
    assert "Milica Primerović" in page and "arrived late" in page
    assert "Excused" in page and "not recorded" in page
    with app.app_context():
        rows = {a.institution_id: a for a in db.session.scalars(select(Attendance))}
    assert rows[health].represented_by == "" and education not in rows
    # A second save corrects the lines, it does not add new ones.
    client.post(
        url(meeting_id, "/attendance"),
        {
            f"presence_{education}": "present",
            f"presence_{police}": "present",
            f"presence_{csw}": "present",
        },
    )
    page = text_of(client.get(url(meeting_id)))
    assert "Quorum reached: 3 of 4 member institutions present." in page
    with app.app_context():
        assert len(db.session.scalars(select(Attendance.id)).all()) == 4


def test_attendance_refuses_contradictions_and_odd_values(
    app, client, make_user, four_members
) -> None:
    police = four_members[0]
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, days=-1)
    response = client.post(
        url(meeting_id, "/attendance"), {f"presence_{police}": "absent", f"late_{police}": "y"}
    )
    assert "Only an institution present can arrive late." in text_of(response)
    response = client.post(url(meeting_id, "/attendance"), {f"presence_{police}": "asleep"})
    assert "Choose one of the options offered." in text_of(response)
    response = client.post(
        url(meeting_id, "/attendance"),
        {f"presence_{police}": "present", f"represented_{police}": "x" * 121},
    )
    assert "At most 120 characters, please." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Attendance.id)) is None


def test_attendance_waits_for_the_meeting_day(app, client, make_user, four_members) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, days=3)
    page = text_of(client.get(url(meeting_id, "/attendance")))
    assert "Attendance can be recorded from the day of the meeting on." in page
    response = client.post(
        url(meeting_id, "/attendance"), {f"presence_{four_members[0]}": "present"}
    )
    assert "from the day of the meeting on" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Attendance.id)) is None


def test_members_see_attendance_but_do_not_record_it(app, client, make_user, four_members):
    client.login_user(make_user("member", "PEJ", institution_id=four_members[0]))
    meeting_id = create_meeting(app, days=-1)
    assert "Attendance and quorum" in text_of(client.get(url(meeting_id)))
    assert client.get(url(meeting_id, "/attendance")).status_code == 403
    assert client.post(url(meeting_id, "/attendance")).status_code == 403


def _held_with(app, days: int, lines: dict[int, Presence]) -> int:
    meeting_id = create_meeting(app, days=days, status=MeetingStatus.HELD)
    with app.app_context():
        for institution, presence in lines.items():
            db.session.add(
                Attendance(meeting_id=meeting_id, institution_id=institution, presence=presence)
            )
        db.session.commit()
    return meeting_id


def test_attendance_rates_over_the_last_eight_quarters(
    app, client, make_user, four_members, count_queries
) -> None:
    police, csw, health, _education = four_members
    client.login_user(make_user("member", "PEJ", institution_id=police))
    P, E, A = Presence.PRESENT, Presence.EXCUSED, Presence.ABSENT
    _held_with(app, -10, {police: P, csw: P, health: A})
    with count_queries() as few:
        client.get("/m/PEJ/meetings/attendance")
    _held_with(app, -100, {police: P, csw: E, health: A})
    _held_with(app, -200, {police: A, csw: P, health: A})
    _held_with(app, -300, {police: P, csw: P})
    _held_with(app, -3 * 365, {police: A, csw: A, health: A})  # too long ago: not counted
    planned = create_meeting(app, days=-5)  # not held: not counted
    with app.app_context():
        db.session.add(Attendance(meeting_id=planned, institution_id=health, presence=P))
        db.session.commit()
    with count_queries() as many:
        page = text_of(client.get("/m/PEJ/meetings/attendance"))
    assert len(many) == len(few)
    assert "4 meetings held since" in page
    assert "Police station Peja 3 / 4 0 1 75 %" in page
    assert "Centre for Social Work Peja 3 / 4 1 0 75 %" in page
    assert "Family medicine centre Peja 0 / 3 0 3 0 %" in page
    assert "Directorate of Education Peja 0 / 0 0 0 —" in page


def test_attendance_of_another_mechanisms_meeting_is_not_found(app, client, make_user):
    client.login_user(make_user("coordinator", "PEJ"))
    other = create_meeting(app, "FER", days=-1)
    assert client.get(url(other, "/attendance")).status_code == 404
    assert client.post(url(other, "/attendance"), {}).status_code == 404
    assert timedelta(days=1)  # the helper's offsets are days
