"""Invitations: e-mail with the agenda and an .ics event through a real SMTP server, updates and
cancellations that keep the event's UID with a growing SEQUENCE, and the institutions' replies."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlalchemy import select

from mcm.core.audit import AuditEntry
from mcm.core.outbox import OutboxMessage, OutboxStatus
from mcm.extensions import db
from mcm.meetings.invitations import services as service
from mcm.meetings.models import Invitation, Meeting, MeetingStatus, Reply
from tests.conftest import text_of
from tests.meetings.invitations.helpers import (
    CSW_REP,
    POLICE_DEPUTY,
    POLICE_REP,
    build_invitees,
    calendar_of,
    subject_of,
    text_of_mail,
    to,
)


@pytest.fixture
def scene(make_user, make_institution, make_representative, make_meeting, make_agenda_item):
    return build_invitees(
        make_user, make_institution, make_representative, make_meeting, make_agenda_item
    )


def _meeting(app, scene) -> Meeting:
    return db.session.get(Meeting, scene.meeting)


def _event(message):
    calendar = calendar_of(message)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_invitations_reach_every_representative_with_agenda_and_calendar_event(
    app, client, scene, inbox
) -> None:
    client.login_user(scene.coordinator)
    response = client.post(f"{scene.url}/invitations", follow_redirects=True)
    page = text_of(response)
    assert "The invitation is on its way to 3 addresses." in page
    # The shelter has no representative with an e-mail address: the coordinator is told.
    assert "Safe House Peja (test)" in page and "Invite them by phone" in page

    # Delivered right after the request, without waiting for the scheduler.
    assert sorted(m["To"] for m in inbox.messages) == sorted([POLICE_REP, POLICE_DEPUTY, CSW_REP])
    (message,) = to(inbox, CSW_REP)
    body = text_of_mail(message)
    assert "1. Approval of the previous minutes" in body
    assert "2. Shelter capacity in winter (30 min)" in body
    assert f"/m/PEJ/meetings/{scene.meeting}" in body
    calendar, event = _event(message)
    with app.app_context():
        meeting = _meeting(app, scene)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == meeting.ics_uid
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == meeting.starts_at.astimezone(UTC)
        assert event.decoded("DTEND") == meeting.ends_at.astimezone(UTC)
        assert event["LOCATION"] == "Municipal hall, room 3"
        assert "Shelter capacity in winter" in str(event["DESCRIPTION"])
        assert str(event["ORGANIZER"]) == "mailto:mcm@localhost"
        assert meeting.status is MeetingStatus.INVITED
        invitations = {
            i.institution_id: i
            for i in db.session.scalars(
                select(Invitation).where(Invitation.meeting_id == meeting.id)
            )
        }
        assert invitations[scene.police].sent_at and invitations[scene.csw].sent_at
        # The unreachable institution is invited too, so that a reply by phone can be recorded.
        assert invitations[scene.shelter].sent_at is None
        statuses = db.session.scalars(select(OutboxMessage.status)).all()
        assert statuses == [OutboxStatus.SENT] * 3
        assert db.session.scalar(
            select(AuditEntry.action).where(AuditEntry.action == "meeting_invitations_sent")
        )


def test_each_message_is_in_its_readers_language(client, scene, inbox) -> None:
    client.login_user(scene.coordinator)
    client.post(f"{scene.url}/invitations")
    # The police deputy's account reads Serbian: the municipality has its Serbian name.
    assert "Peć" in subject_of(to(inbox, POLICE_DEPUTY)[0])
    # Nobody's account: the meeting's language (English here).
    assert "Peja" in subject_of(to(inbox, CSW_REP)[0])
    _calendar, event = _event(to(inbox, POLICE_DEPUTY)[0])
    assert "Peć" in str(event["SUMMARY"])


def test_a_change_and_a_cancellation_follow_the_same_event(app, client, scene, inbox) -> None:
    client.login_user(scene.coordinator)
    client.post(f"{scene.url}/invitations")
    with app.test_request_context():
        meeting = _meeting(app, scene)
        uid = meeting.ics_uid
        new_start = meeting.starts_at + timedelta(days=1, hours=2)
        # An edit made anywhere (the planning page, a script) is detected when it is saved.
        meeting.starts_at = new_start
        meeting.ends_at = new_start + timedelta(hours=2)
        meeting.place = "Police station, meeting room"
        db.session.commit()
    from mcm.core import outbox_service

    with app.app_context():
        assert outbox_service.deliver_pending() == 3
    updates = inbox.messages[3:]  # after the three invitations
    assert sorted(m["To"] for m in updates) == sorted([POLICE_REP, POLICE_DEPUTY, CSW_REP])
    calendar, event = _event(to(inbox, CSW_REP)[-1])
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == new_start.astimezone(UTC)
    assert event["LOCATION"] == "Police station, meeting room"
    assert "Police station, meeting room" in text_of_mail(to(inbox, CSW_REP)[-1])

    with app.test_request_context():
        meeting = _meeting(app, scene)
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancelled_reason = "Public holiday declared"
        db.session.commit()
        assert outbox_service.deliver_pending() == 3
    calendar, event = _event(to(inbox, POLICE_DEPUTY)[-1])
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 2
    assert "Public holiday declared" in text_of_mail(to(inbox, POLICE_DEPUTY)[-1])
    with app.app_context():
        assert _meeting(app, scene).ics_sequence == 2


def test_inviting_again_reaches_only_representatives_named_since(
    app, client, scene, inbox, make_representative
) -> None:
    client.login_user(scene.coordinator)
    client.post(f"{scene.url}/invitations")
    page = text_of(client.post(f"{scene.url}/invitations", follow_redirects=True))
    assert "Every current representative has been invited already." in page
    make_representative(scene.shelter, "New Shelter Representative (test)", "new@test.example.org")
    page = text_of(client.post(f"{scene.url}/invitations", follow_redirects=True))
    assert "The invitation is on its way to 1 address." in page
    assert [m["To"] for m in inbox.messages[3:]] == ["new@test.example.org"]
    assert int(_event(inbox.messages[-1])[1]["SEQUENCE"]) == 0  # the same event, unchanged
    with app.app_context():
        assert _reply_of(app, scene.meeting, scene.shelter).sent_at is not None


def test_the_edit_service_and_the_detection_send_one_update(app, client, scene) -> None:
    client.login_user(scene.coordinator)
    client.post(f"{scene.url}/invitations")
    with app.test_request_context():
        meeting = _meeting(app, scene)
        meeting.place = "Room 5"
        assert service.meeting_changed(meeting) == 3  # what the planning service calls
        db.session.commit()  # …and the automatic detection does not send it again
        updates = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "update")
        ).all()
        assert len(updates) == 3
        assert _meeting(app, scene).ics_sequence == 1
        # A later change in another transaction is a new update.
        meeting = _meeting(app, scene)
        meeting.place = "Room 6"
        db.session.commit()
        assert _meeting(app, scene).ics_sequence == 2


def test_changes_before_invitations_and_edits_of_other_fields_send_nothing(app, scene) -> None:
    with app.test_request_context():
        meeting = _meeting(app, scene)
        meeting.place = "Room 5"  # still planned: nobody holds it in a calendar
        db.session.commit()
        meeting = _meeting(app, scene)
        meeting.notes = "Bring the statistics"
        meeting.status = MeetingStatus.INVITED
        db.session.commit()
        assert db.session.scalars(select(OutboxMessage)).all() == []
        assert _meeting(app, scene).ics_sequence == 0


def test_cancelling_a_meeting_nobody_was_invited_to_sends_nothing(app, scene) -> None:
    with app.test_request_context():
        meeting = _meeting(app, scene)
        meeting.status = MeetingStatus.CANCELLED
        db.session.commit()
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_no_invitation_without_any_address(
    app, client, make_user, make_institution, make_meeting
) -> None:
    make_institution("PEJ", "police", "Police Station Peja (test)")
    meeting = make_meeting()
    client.login_user(make_user("coordinator", "PEJ"))
    page = text_of(client.post(f"/m/PEJ/meetings/{meeting}/invitations", follow_redirects=True))
    assert "nobody can be invited" in page
    with app.app_context():
        assert db.session.get(Meeting, meeting).status is MeetingStatus.PLANNED


def test_only_the_coordinator_sends_invitations(client, scene) -> None:
    client.login_user(scene.member)
    assert client.post(f"{scene.url}/invitations").status_code == 403


def test_a_held_meeting_is_not_invited_to(app, client, make_meeting, scene) -> None:
    held = make_meeting(status=MeetingStatus.HELD)
    client.login_user(scene.coordinator)
    page = text_of(client.post(f"/m/PEJ/meetings/{held}/invitations", follow_redirects=True))
    assert "only for a meeting that is still ahead" in page


def _reply_of(app, meeting_id: int, institution_id: int) -> Invitation:
    with app.app_context():
        return db.session.scalar(
            select(Invitation).where(
                Invitation.meeting_id == meeting_id, Invitation.institution_id == institution_id
            )
        )


def test_a_member_replies_for_her_own_institution_only(app, client, client_factory, scene) -> None:
    coordinator = client_factory()
    coordinator.login_user(scene.coordinator)
    coordinator.post(f"{scene.url}/invitations")
    client.login_user(scene.member)
    page = text_of(
        client.post(f"{scene.url}/reply", {"reply": "deputy_attending"}, follow_redirects=True)
    )
    assert "Reply recorded for Police Station Peja (test): Deputy attending." in page
    invitation = _reply_of(app, scene.meeting, scene.police)
    assert invitation.reply is Reply.DEPUTY_ATTENDING and invitation.replied_by_id == scene.member
    # Another institution's reply is not hers to give.
    response = client.post(
        f"{scene.url}/reply",
        {"reply": "not_attending", "institution": str(scene.csw)},
        follow_redirects=True,
    )
    assert "only for your own institution" in text_of(response)
    assert _reply_of(app, scene.meeting, scene.csw).reply is Reply.NONE


def test_the_coordinator_records_a_reply_given_by_phone(app, client, scene) -> None:
    client.login_user(scene.coordinator)
    client.post(f"{scene.url}/invitations")
    response = client.post(
        f"{scene.url}/reply",
        {"reply": "attending", "institution": str(scene.shelter)},
        follow_redirects=True,
    )
    assert "Reply recorded for Safe House Peja (test): Attending." in text_of(response)
    assert _reply_of(app, scene.meeting, scene.shelter).reply is Reply.ATTENDING


def test_replies_wait_for_the_invitations_and_refuse_odd_values(app, client, scene) -> None:
    client.login_user(scene.member)
    page = text_of(client.post(f"{scene.url}/reply", {"reply": "attending"}, follow_redirects=True))
    assert "while the meeting is ahead" in page  # not invited yet
    page = text_of(client.post(f"{scene.url}/reply", {"reply": "maybe"}, follow_redirects=True))
    assert "Choose a reply." in page


def test_the_meeting_page_shows_replies_and_the_members_form(client, client_factory, scene) -> None:
    coordinator = client_factory()
    coordinator.login_user(scene.coordinator)
    page = text_of(coordinator.get(scene.url))
    assert "Invitations and replies" in page and "Send the invitations" in page
    coordinator.post(f"{scene.url}/invitations")
    page = text_of(coordinator.get(scene.url))
    assert "Invite representatives named since" in page
    assert "Record a reply given by phone" in page and "no e-mail address" in page
    # Without a mail server (the tests' default), the coordinator sees what waits.
    assert "not sent yet: 0 waiting, 3 failed" in page and "See the outbox" in page

    client.login_user(scene.member)
    html = client.get(scene.url).get_data(as_text=True)
    assert f'action="/m/PEJ/meetings/{scene.meeting}/reply"' in html
    assert 'value="deputy_attending"' in html and "Police Station Peja (test)" in html
    assert f'action="/m/PEJ/meetings/{scene.meeting}/invitations"' not in html
    assert 'name="institution"' not in html  # no replies on other institutions' behalf


def test_the_invitations_panel_uses_a_constant_number_of_queries(
    client, scene, make_institution, make_representative, count_queries
) -> None:
    client.login_user(scene.coordinator)
    client.post(f"{scene.url}/invitations")
    with count_queries() as few:
        assert client.get(scene.url).status_code == 200
    for n in range(8):
        institution = make_institution("PEJ", "csw", f"Extra institution {n} (test)")
        make_representative(
            institution, f"Extra representative {n} (test)", f"x{n}@test.example.org"
        )
    client.post(f"{scene.url}/invitations")
    client.post(f"{scene.url}/reply", {"reply": "attending", "institution": str(scene.csw)})
    with count_queries() as many:
        assert client.get(scene.url).status_code == 200
    assert len(many) == len(few), (len(few), len(many))
