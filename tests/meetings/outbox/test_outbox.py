"""The outbox: every message is kept until the mail server takes it, retried with a growing
pause while it is down, and never sent twice; coordinators and administrators see what waits."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select

from mcm.core import outbox_service
from mcm.core.outbox import OutboxMessage, OutboxStatus
from mcm.core.scheduler import TaskRun, run_task
from mcm.extensions import db
from tests.conftest import mechanism_id, text_of
from tests.mail import free_port, start_smtp
from tests.meetings.invitations.helpers import calendar_of

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def _queue(app, address: str = "someone@test.example.org", code: str = "PEJ", **kwargs) -> int:
    with app.test_request_context():
        message = outbox_service.queue(
            address,
            "Meeting on Monday",
            "The agenda follows.",
            kind=kwargs.pop("kind", "invitation"),
            mechanism_id=mechanism_id(app, code),
            **kwargs,
        )
        db.session.commit()
        return message.id


def _message(app, message_id: int) -> OutboxMessage:
    with app.app_context():
        return db.session.get(OutboxMessage, message_id)


@pytest.fixture
def mail_server_down(app, monkeypatch):
    """The configured mail server is not running; calling the fixture's value starts it."""
    port = free_port()
    monkeypatch.setitem(app.config, "MCM_MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MCM_MAIL_PORT", port)
    started = []

    def start():
        controller, inbox = start_smtp(port)
        started.append(controller)
        return inbox

    yield start
    for controller in started:
        controller.stop()


def test_a_queued_message_is_sent_with_its_calendar_attachment(app, inbox) -> None:
    message_id = _queue(app, ics=ICS)
    with app.app_context():
        assert outbox_service.deliver_pending() == 1
    (received,) = inbox.messages
    assert received["To"] == "someone@test.example.org"
    assert received["Subject"] == "Meeting on Monday"
    assert calendar_of(received)["METHOD"] == "REQUEST"
    sent = _message(app, message_id)
    assert sent.status is OutboxStatus.SENT and sent.attempts == 1 and sent.sent_at
    with app.app_context():
        assert outbox_service.deliver_pending() == 0  # never twice
    assert len(inbox.messages) == 1


def test_nothing_is_lost_while_the_mail_server_is_down(app, mail_server_down) -> None:
    message_id = _queue(app)
    now = datetime.now(UTC)
    with app.app_context():
        assert outbox_service.deliver_pending(now=now) == 0
    failed = _message(app, message_id)
    assert failed.status is OutboxStatus.FAILED
    assert failed.attempts == 1
    assert "refused" in failed.last_error.lower()
    assert failed.next_attempt_at == now + timedelta(minutes=1)

    # Still down a minute later: the pause grows.
    with app.app_context():
        assert outbox_service.deliver_pending(now=now + timedelta(minutes=1)) == 0
    failed = _message(app, message_id)
    assert failed.attempts == 2
    assert failed.next_attempt_at == now + timedelta(minutes=6)

    inbox = mail_server_down()  # the server is back
    with app.app_context():
        assert outbox_service.deliver_pending(now=now + timedelta(minutes=2)) == 0  # not due yet
        assert outbox_service.deliver_pending(now=now + timedelta(minutes=6)) == 1
    sent = _message(app, message_id)
    assert sent.status is OutboxStatus.SENT and sent.attempts == 3 and sent.last_error == ""
    assert [m["Subject"] for m in inbox.messages] == ["Meeting on Monday"]


def test_the_pause_between_attempts_grows_then_stays() -> None:
    minutes = [outbox_service.backoff(n).total_seconds() / 60 for n in range(1, 9)]
    assert minutes == [1, 5, 15, 60, 180, 360, 360, 360]


def test_a_message_being_sent_elsewhere_is_not_taken_twice(app, inbox) -> None:
    message_id = _queue(app)
    with app.app_context():
        # Another worker claimed it a moment ago (its lease moved the next attempt ahead).
        claimed = db.session.get(OutboxMessage, message_id)
        claimed.next_attempt_at = datetime.now(UTC) + outbox_service.LEASE
        db.session.commit()
        assert outbox_service.deliver_pending() == 0
    assert inbox.messages == []


def test_a_failing_delivery_after_the_request_loses_nothing(app, client, make_user) -> None:
    # No mail server configured at all (the test default): the request still succeeds.
    client.login_user(make_user("coordinator", "PEJ"))
    message_id = _queue(app)
    with app.app_context():
        outbox_service.deliver_pending()
    assert "no mail server" in _message(app, message_id).last_error


def test_the_coordinator_sees_failures_and_retries_them(
    app, client, make_user, mail_server_down
) -> None:
    mine = _queue(app, "mine@test.example.org")
    _queue(app, "theirs@test.example.org", code="FER")
    with app.app_context():
        outbox_service.deliver_pending()
    client.login_user(make_user("coordinator", "PEJ"))
    page = text_of(client.get("/m/PEJ/meetings/outbox"))
    assert "mine@test.example.org" in page and "theirs@test.example.org" not in page
    assert "1 waiting" not in page and "1 failed" in page
    assert "Connection refused" in page or "refused" in page.lower()
    assert "Retry now" in page

    inbox = mail_server_down()
    page = text_of(client.post("/m/PEJ/meetings/outbox/retry", follow_redirects=True))
    assert "1 e-mail sent." in page
    assert [m["To"] for m in inbox.messages] == ["mine@test.example.org"]
    assert _message(app, mine).status is OutboxStatus.SENT
    failed_only = text_of(client.get("/m/PEJ/meetings/outbox?status=failed"))
    assert "mine@test.example.org" not in failed_only


def test_a_retry_that_fails_again_says_so(app, client, make_user, mail_server_down) -> None:
    _queue(app)
    client.login_user(make_user("coordinator", "PEJ"))
    page = text_of(client.post("/m/PEJ/meetings/outbox/retry", follow_redirects=True))
    assert "0 of 1 e-mails sent" in page


def test_members_do_not_see_the_outbox(client, make_user) -> None:
    client.login_user(make_user("member", "PEJ"))
    assert client.get("/m/PEJ/meetings/outbox").status_code == 403
    assert client.post("/m/PEJ/meetings/outbox/retry").status_code == 403


def test_administrators_see_every_mechanisms_mail(
    app, client, client_factory, make_user, inbox
) -> None:
    _queue(app, "mine@test.example.org")
    _queue(app, "theirs@test.example.org", code="FER")
    client.login_user(make_user("administrator", None))
    page = text_of(client.get("/admin/outbox"))
    assert "mine@test.example.org" in page and "theirs@test.example.org" in page
    page = text_of(client.post("/admin/outbox/retry", follow_redirects=True))
    assert "2 e-mails sent." in page
    assert len(inbox.messages) == 2
    coordinator = client_factory()
    coordinator.login_user(make_user("coordinator", "PEJ"))
    assert coordinator.get("/admin/outbox").status_code == 403


def test_the_scheduler_delivers_every_minute_and_keeps_few_runs(app, inbox) -> None:
    _queue(app)
    with app.app_context():
        db.session.add(
            TaskRun(
                task="deliver_outbox",
                slot="2020-01-01T00:00",
                started_at=datetime.now(UTC) - timedelta(days=2),
            )
        )
        db.session.commit()
        assert run_task("deliver_outbox") == 1
        assert run_task("deliver_outbox") is None  # the same minute: already ran
        slots = db.session.scalars(select(TaskRun.slot)).all()
    assert len(inbox.messages) == 1
    assert len(slots) == 1 and len(slots[0]) == len("2026-01-01T07:10")


def test_every_message_carries_a_date_and_its_own_message_id(app, inbox) -> None:
    first, second = _queue(app), _queue(app)
    with app.app_context():
        assert outbox_service.deliver_pending() == 2
    ids = [m["Message-ID"] for m in inbox.messages]
    assert len(set(ids)) == 2 and all(re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", i) for i in ids)
    assert ids == [_message(app, first).message_id, _message(app, second).message_id]
    for received in inbox.messages:
        written = parsedate_to_datetime(received["Date"])
        assert abs(written - _message(app, first).created_at) < timedelta(minutes=1)


def test_a_retried_message_keeps_its_message_id_and_date(app, mail_server_down) -> None:
    message_id = _queue(app)
    queued = _message(app, message_id)
    now = datetime.now(UTC)
    with app.app_context():
        assert outbox_service.deliver_pending(now=now) == 0  # the server is down
    assert _message(app, message_id).status is OutboxStatus.FAILED
    inbox = mail_server_down()
    with app.app_context():
        assert outbox_service.deliver_pending(now=now + timedelta(minutes=1)) == 1
    (received,) = inbox.messages
    assert received["Message-ID"] == queued.message_id
    assert parsedate_to_datetime(received["Date"]) == queued.created_at.replace(microsecond=0)


def test_a_mou_reminder_waits_out_an_outage(
    app, make_user, make_institution, mail_server_down
) -> None:
    from mcm.mechanisms.models import MouEvent, MouStatus
    from mcm.mechanisms.tasks import mou_renewal_reminders

    make_user("coordinator", "PEJ", email="geo.pej@test.example.org")
    today = date(2026, 5, 1)
    with app.app_context():
        db.session.add(
            MouEvent(
                institution_id=make_institution("PEJ"),
                status=MouStatus.SIGNED,
                effective_on=date(2024, 5, 1),
                signatory="Director",
                renewal_on=today + timedelta(days=20),
            )
        )
        db.session.commit()
        assert mou_renewal_reminders(today) == 1  # queued; the server is down
        assert mou_renewal_reminders(today + timedelta(days=1)) == 0  # never queued twice
        (waiting,) = db.session.scalars(select(OutboxMessage)).all()
        assert waiting.kind == "mou_renewal" and waiting.status is OutboxStatus.FAILED
    inbox = mail_server_down()
    with app.app_context():
        assert outbox_service.deliver_pending(now=datetime.now(UTC) + timedelta(minutes=1)) == 1
    (received,) = inbox.messages
    assert received["To"] == "geo.pej@test.example.org"
    assert received["Message-ID"] == waiting.message_id


def test_account_links_are_listed_for_administrators_but_never_readable(
    app, client, client_factory, make_user, inbox
) -> None:
    make_user("member", "PEJ", email="member.pej@test.example.org")
    reset = client_factory()
    reset.post("/reset", {"email": "member.pej@test.example.org"}).close()
    (link_mail,) = inbox.messages
    link = re.search(r"/reset/\S+", link_mail.get_payload(decode=True).decode())[0]
    with app.app_context():
        (stored,) = db.session.scalars(select(OutboxMessage)).all()
        assert stored.status is OutboxStatus.SENT and stored.mechanism_id is None
        assert stored.body == ""  # a sent link lives only in the recipient's mailbox
    client.login_user(make_user("administrator", None))
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "member.pej@test.example.org" in page and "Password reset link" in page
    assert link not in page
    coordinator = client_factory()
    coordinator.login_user(make_user("coordinator", "PEJ"))
    assert "member.pej@test.example.org" not in text_of(coordinator.get("/m/PEJ/meetings/outbox"))
