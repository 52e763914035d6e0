"""A member's inbox: minutes to review, invitations to answer and actions due appear, and each
leaves the moment the member does it, through the pages where it is done."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.meetings.models import (
    Action,
    Invitation,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)
from tests.conftest import Client
from tests.inbox.conftest import entries_of


def _circulated(app, meeting_id: int, item_id: int, until: date) -> None:
    with app.app_context():
        minutes = Minutes(
            meeting_id=meeting_id, status=MinutesStatus.CIRCULATED, review_until=until
        )
        db.session.add(minutes)
        db.session.flush()
        version = MinutesVersion(
            minutes_id=minutes.id,
            number=1,
            content={str(item_id): {"summary": "Services were coordinated.", "decisions": ""}},
        )
        db.session.add(version)
        db.session.flush()
        minutes.current_version_id = version.id
        minutes.circulated_at = datetime.now(UTC)
        db.session.commit()


def test_minutes_to_review_leave_once_the_institution_comments(
    app, make_user, make_institution, make_meeting, make_agenda_item
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja (inbox)")
    member = Client(app)
    member.login_user(make_user("member", "PEJ", institution_id=police))
    colleague = Client(app)  # another representative of the same institution
    colleague.login_user(make_user("member", "PEJ", institution_id=police))
    other = Client(app)  # a representative of another institution
    other.login_user(make_user("member", "PEJ"))
    held = datetime.now(UTC) - timedelta(days=5)
    meeting = make_meeting(starts_at=held, status=MeetingStatus.HELD)
    item = make_agenda_item(meeting, "Coordination of services")
    deadline = date.today() + timedelta(days=9)
    _circulated(app, meeting, item, deadline)

    page = entries_of(member)
    assert "Minutes to review" in page
    assert f"Comment by {deadline.strftime('%b')} {deadline.day}, {deadline.year}" in page
    assert f'href="/m/PEJ/meetings/{meeting}/minutes"' in member.get("/inbox").get_data(True)

    response = member.post(
        f"/m/PEJ/meetings/{meeting}/minutes/items/{item}/comments",
        {f"item{item}-body": "Please add the date of the next visit."},
    )
    assert response.status_code == 302
    assert "Minutes to review" not in entries_of(member)
    # Her institution has answered, so her colleague's entry leaves too; another's stays.
    assert "Minutes to review" not in entries_of(colleague)
    assert "Minutes to review" in entries_of(other)


def test_an_unanswered_invitation_leaves_with_the_reply(
    app, make_user, make_institution, make_meeting
) -> None:
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja (inbox)")
    member = Client(app)
    member.login_user(make_user("member", "PEJ", institution_id=csw))
    meeting = make_meeting(status=MeetingStatus.INVITED)
    with app.app_context():
        db.session.add(
            Invitation(meeting_id=meeting, institution_id=csw, sent_at=datetime.now(UTC))
        )
        db.session.commit()
    assert "Invitations to answer" in entries_of(member)

    response = member.post(f"/m/PEJ/meetings/{meeting}/reply", {"reply": "attending"})
    assert response.status_code == 302
    assert "Invitations to answer" not in entries_of(member)


def test_actions_due_within_two_weeks_or_overdue_until_done(
    app, make_user, make_institution, make_meeting
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja (actions)")
    member = Client(app)
    member.login_user(make_user("member", "PEJ", institution_id=police))
    meeting = make_meeting(
        starts_at=datetime.now(UTC) - timedelta(days=20), status=MeetingStatus.HELD
    )
    with app.app_context():
        mechanism_id = db.session.get(Institution, police).mechanism_id
        soon, late, later = (
            Action(
                mechanism_id=mechanism_id,
                meeting_id=meeting,
                title=title,
                responsible_institution_id=police,
                due_on=date.today() + timedelta(days=days),
            )
            for title, days in (
                ("Visit the family weekly", 10),
                ("Report on the shelter placement", -3),
                ("Plan the training for next year", 40),
            )
        )
        db.session.add_all([soon, late, later])
        db.session.commit()
        soon_id, soon_version = soon.id, soon.version

    page = entries_of(member)
    assert "Visit the family weekly" in page and "Report on the shelter placement" in page
    assert "Overdue since" in page
    assert "Plan the training for next year" not in page  # more than 14 days ahead

    response = member.post(
        f"/m/PEJ/meetings/actions/{soon_id}",
        {"version": str(soon_version), "status": "done", "note": "Visits are arranged."},
    )
    assert response.status_code == 302, response.get_data(True)
    page = entries_of(member)
    assert "Visit the family weekly" not in page and "Report on the shelter placement" in page
