"""Reminders, delivered through the outbox to a real SMTP server: replies to invitations, a
quarter without a regular meeting, minutes not circulated in time, overdue actions each week."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from mcm.core import outbox_service
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism, MechanismStatus
from mcm.meetings import tasks
from mcm.meetings.models import (
    Action,
    ActionStatus,
    Invitation,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Reply,
)
from mcm.meetings.reminders import services as reminders
from tests.conftest import mechanism_id
from tests.meetings.invitations.helpers import (
    CSW_REP,
    POLICE_DEPUTY,
    POLICE_REP,
    build_invitees,
    subject_of,
    text_of_mail,
    to,
)

ZONE = ZoneInfo("Europe/Belgrade")


def at(day: date, hour: int = 10) -> datetime:
    """A local time on a day, as the aware UTC timestamp the database keeps."""
    return datetime.combine(day, time(hour), tzinfo=ZONE).astimezone(UTC)


def deliver(app) -> None:
    with app.app_context():
        outbox_service.deliver_pending()


@pytest.fixture
def invitees(make_user, make_institution, make_representative, make_meeting, make_agenda_item):
    def make(**meeting):
        return build_invitees(
            make_user,
            make_institution,
            make_representative,
            make_meeting,
            make_agenda_item,
            **meeting,
        )

    return make


def _invite(app, scene, sent_at: datetime, replies: dict[int, Reply] | None = None) -> None:
    with app.app_context():
        for institution in (scene.police, scene.csw):
            db.session.add(
                Invitation(
                    meeting_id=scene.meeting,
                    institution_id=institution,
                    sent_at=sent_at,
                    reply=(replies or {}).get(institution, Reply.NONE),
                )
            )
        db.session.commit()


def test_institutions_that_have_not_replied_are_reminded_once(app, invitees, inbox) -> None:
    now = datetime.now(UTC)
    scene = invitees(status=MeetingStatus.INVITED, starts_at=now + timedelta(days=2))
    _invite(app, scene, now - timedelta(days=5), {scene.csw: Reply.ATTENDING})
    with app.app_context():
        assert tasks.invitation_reminders(reminders.local_today()) == 2
    deliver(app)
    # The police station has not replied: both its representatives hear; the CSW replied.
    assert sorted(m["To"] for m in inbox.messages) == [POLICE_DEPUTY, POLICE_REP]
    message = to(inbox, POLICE_REP)[0]
    assert subject_of(message).startswith("Reminder: mechanism meeting, Peja")
    assert "Peć" in subject_of(to(inbox, POLICE_DEPUTY)[0])  # her account reads Serbian
    assert "Shelter capacity in winter" in text_of_mail(message)
    with app.app_context():
        assert tasks.invitation_reminders(reminders.local_today()) == 0  # not twice


def test_no_reminder_too_early_or_right_after_the_invitation(app, invitees) -> None:
    now = datetime.now(UTC)
    far = invitees(status=MeetingStatus.INVITED, starts_at=now + timedelta(days=10))
    _invite(app, far, now - timedelta(days=5))
    with app.app_context():
        assert reminders.invitation_reminders(reminders.local_today()) == 0


def test_the_reminder_lead_time_is_configurable(app, invitees, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MCM_INVITATION_REMINDER_DAYS", 10)
    now = datetime.now(UTC)
    scene = invitees(status=MeetingStatus.INVITED, starts_at=now + timedelta(days=9))
    _invite(app, scene, now - timedelta(days=2))
    with app.app_context():
        assert reminders.invitation_reminders(reminders.local_today()) == 3
        fresh = db.session.scalars(select(Invitation).where(Invitation.reminded_at.is_(None)))
        assert list(fresh) == []


def _activate(app, code: str = "PEJ") -> None:
    with app.app_context():
        db.session.get(Mechanism, mechanism_id(app, code)).status = MechanismStatus.ACTIVE
        db.session.commit()


def test_coordinators_hear_when_half_a_quarter_passed_without_a_regular_meeting(
    app, make_user, inbox
) -> None:
    _activate(app)
    make_user("coordinator", "PEJ", email="geo.pej@test.example.org")
    make_user("coordinator", "FER", email="geo.fer@test.example.org")  # not established
    with app.app_context():
        assert reminders.unplanned_quarter_alerts(date(2026, 2, 10)) == 0  # not half yet
        assert reminders.unplanned_quarter_alerts(date(2026, 2, 16)) == 1
        assert reminders.unplanned_quarter_alerts(date(2026, 2, 17)) == 0  # once a quarter
    deliver(app)
    (message,) = inbox.messages
    assert message["To"] == "geo.pej@test.example.org"
    assert subject_of(message) == "No regular meeting planned this quarter"
    assert "/m/PEJ/meetings/" in text_of_mail(message)


def test_only_a_regular_meeting_counts_for_the_quarter(app, make_user, make_meeting) -> None:
    _activate(app)
    make_user("coordinator", "PEJ")
    make_meeting(kind=MeetingKind.AD_HOC, starts_at=at(date(2026, 3, 5)))
    make_meeting(status=MeetingStatus.CANCELLED, starts_at=at(date(2026, 3, 10)))
    with app.app_context():
        assert reminders.unplanned_quarter_alerts(date(2026, 3, 1)) == 1
    make_meeting(starts_at=at(date(2026, 6, 25)))  # planned late in the second quarter
    with app.app_context():
        assert reminders.unplanned_quarter_alerts(date(2026, 5, 20)) == 0


def test_minutes_not_circulated_three_working_days_after_the_meeting(
    app, make_user, make_meeting, inbox
) -> None:
    make_user("coordinator", "PEJ", email="geo.pej@test.example.org")
    friday = date(2026, 3, 6)
    held = make_meeting(status=MeetingStatus.HELD, starts_at=at(friday))
    circulated = make_meeting(status=MeetingStatus.HELD, starts_at=at(friday, 15))
    with app.app_context():
        db.session.add(Minutes(meeting_id=circulated, status=MinutesStatus.CIRCULATED))
        db.session.add(Minutes(meeting_id=held, status=MinutesStatus.DRAFT))
        db.session.commit()
        # Monday, Tuesday, Wednesday: the third working day is the deadline.
        assert reminders.late_minutes_alerts(date(2026, 3, 10)) == 0
        assert reminders.late_minutes_alerts(date(2026, 3, 11)) == 1
        assert reminders.late_minutes_alerts(date(2026, 3, 12)) == 0  # not twice
    deliver(app)
    (message,) = inbox.messages
    assert subject_of(message).startswith("Minutes not circulated: meeting of")
    assert f"/m/PEJ/meetings/{held}/minutes" in text_of_mail(message)


def test_working_days_skip_the_weekend() -> None:
    assert reminders.add_working_days(date(2026, 3, 6), 3) == date(2026, 3, 11)  # Fri → Wed
    assert reminders.add_working_days(date(2026, 3, 9), 3) == date(2026, 3, 12)  # Mon → Thu


def test_overdue_actions_reach_the_responsible_institution_each_week(
    app, invitees, make_meeting, inbox
) -> None:
    scene = invitees()
    today = date(2026, 3, 16)  # a Monday
    with app.app_context():
        pej = mechanism_id(app, "PEJ")
        for title, institution, due, status in [
            ("Visit schedule for the shelter", scene.police, today - timedelta(days=3), None),
            ("Report on waiting times", scene.police, today - timedelta(days=30), "in_progress"),
            ("Already done", scene.police, today - timedelta(days=3), "done"),
            ("Not due yet", scene.police, today + timedelta(days=3), None),
            ("Training plan", scene.csw, today - timedelta(days=1), None),
        ]:
            db.session.add(
                Action(
                    mechanism_id=pej,
                    meeting_id=scene.meeting,
                    title=title,
                    responsible_institution_id=institution,
                    due_on=due,
                    status=ActionStatus(status or "open"),
                )
            )
        db.session.commit()
        assert tasks.overdue_action_digests(today) == 3  # two police addresses, one CSW
        assert reminders.overdue_action_digests(today + timedelta(days=2)) == 0  # same week
    deliver(app)
    police = text_of_mail(to(inbox, POLICE_REP)[0])
    assert "Visit schedule for the shelter" in police and "Report on waiting times" in police
    assert "Already done" not in police and "Not due yet" not in police
    assert "Training plan" in text_of_mail(to(inbox, CSW_REP)[0])
    with app.app_context():
        assert reminders.overdue_action_digests(today + timedelta(days=7)) == 3  # next week
