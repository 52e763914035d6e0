"""Every e-mail also lands in its recipient's inbox, read or unread; each user chooses per kind
at once, a daily digest or none; invitations reach the invited institution's member accounts.
Mail goes to the real local SMTP server, as every mail test does."""

from __future__ import annotations

import re

from sqlalchemy import select

from mcm.core.outbox import OutboxMessage, OutboxStatus
from mcm.core.scheduler import run_task
from mcm.extensions import db
from tests.accounts.helpers import delivered
from tests.conftest import Client, text_of
from tests.inbox.conftest import entries_of

MEMBER = "member.inbox@test.example.org"


def _scene(app, make_user, make_institution, make_meeting, make_agenda_item):
    """A PEJ meeting ahead with an agenda, and a member whose institution has no representative
    with an address: only her account can receive its invitation."""
    police = make_institution("PEJ", "police", "Police Station Peja (mail)")
    coordinator, member = Client(app), Client(app)
    coordinator.login_user(make_user("coordinator", "PEJ"))
    member.login_user(make_user("member", "PEJ", institution_id=police, email=MEMBER))
    meeting = make_meeting()
    make_agenda_item(meeting, "Shelter capacity in winter")
    return coordinator, member, meeting


def _invite(coordinator, meeting: int) -> None:
    response = coordinator.post(f"/m/PEJ/meetings/{meeting}/invitations")
    assert response.status_code == 302


def _choose(member, meetings: str) -> None:
    """Set the member's choice for meeting e-mails on the preferences page, from /account."""
    account = member.get("/account").get_data(as_text=True)
    assert 'href="/inbox/preferences"' in account
    response = member.post("/inbox/preferences", {"kind_meetings": meetings})
    assert response.status_code == 302
    assert "saved" in text_of(member.get(response.headers["Location"]))


def test_an_invitation_reaches_the_member_account_by_mail_and_in_her_inbox(
    app, make_user, make_institution, make_meeting, make_agenda_item, smtp
) -> None:
    coordinator, member, meeting = _scene(
        app, make_user, make_institution, make_meeting, make_agenda_item
    )
    _invite(coordinator, meeting)
    [mail] = [m for m in smtp.messages if m["To"] == MEMBER]
    assert str(mail["Subject"]).startswith("Invitation")

    page = entries_of(member)
    assert "Invitations to answer" in page  # the record says she has not replied
    assert "1 unread" in page
    html = member.get("/inbox").get_data(as_text=True)
    message_url = re.search(r'href="(/inbox/mail/\d+)"', html).group(1)
    opened = text_of(member.get(message_url))
    assert "You are invited to the meeting" in opened
    assert "0 unread" in entries_of(member)
    # Nobody else opens it, not even the coordinator who sent it.
    assert coordinator.get(message_url).status_code == 404


def test_none_keeps_the_invitation_in_the_inbox_only(
    app, make_user, make_institution, make_meeting, make_agenda_item, smtp
) -> None:
    coordinator, member, meeting = _scene(
        app, make_user, make_institution, make_meeting, make_agenda_item
    )
    _choose(member, "none")
    _invite(coordinator, meeting)
    assert smtp.bodies_to(MEMBER) == []
    assert "1 unread" in entries_of(member)
    with app.app_context():
        status = db.session.scalar(
            select(OutboxMessage.status).where(OutboxMessage.to_address == MEMBER)
        )
    assert status is OutboxStatus.INBOX_ONLY
    assert run_task_in(app, "inbox_digest") == 0  # and no digest carries it
    assert smtp.bodies_to(MEMBER) == []


def test_the_daily_digest_carries_what_was_held_in_one_mail(
    app, make_user, make_institution, make_meeting, make_agenda_item, smtp
) -> None:
    coordinator, member, meeting = _scene(
        app, make_user, make_institution, make_meeting, make_agenda_item
    )
    _choose(member, "digest")
    _invite(coordinator, meeting)
    second = make_meeting()
    make_agenda_item(second, "Training on digital violence")
    _invite(coordinator, second)
    assert smtp.bodies_to(MEMBER) == []  # held for the digest

    assert run_task_in(app, "inbox_digest") == 1
    [digest] = smtp.bodies_to(MEMBER)
    assert digest.count("You are invited to the meeting") == 2
    assert "Training on digital violence" in digest and "/inbox" in digest
    # Once a day: the task's slot is claimed, a second scheduler or run sends nothing more.
    assert run_task_in(app, "inbox_digest") is None
    assert len(smtp.bodies_to(MEMBER)) == 1


def test_at_once_is_the_default_and_can_be_chosen_back(
    app, make_user, make_institution, make_meeting, make_agenda_item, smtp
) -> None:
    coordinator, member, meeting = _scene(
        app, make_user, make_institution, make_meeting, make_agenda_item
    )
    _choose(member, "digest")
    _choose(member, "now")
    _invite(coordinator, meeting)
    assert len(smtp.bodies_to(MEMBER)) == 1


def test_security_notices_cannot_be_switched_off(app, make_user, smtp) -> None:
    user_id = make_user("member", "PEJ", email=MEMBER)
    member = Client(app)
    member.login_user(user_id)
    page = text_of(member.get("/inbox/preferences"))
    assert "security notices" in page
    assert 'name="kind_security' not in member.get("/inbox/preferences").get_data(True)
    member.post("/inbox/preferences", {"kind_meetings": "none", "kind_security": "none"})

    response = member.post(
        "/account/password",
        {
            "current": "correct-horse-battery",
            "password": "another-long-passphrase-9",
            "confirm": "another-long-passphrase-9",
        },
    )
    assert response.status_code == 302, text_of(response)
    delivered(app)  # as the server does once the answer has gone out
    assert len(smtp.bodies_to(MEMBER)) == 1  # e-mailed at once, whatever was posted
    # In the inbox too, its text only in the e-mail.
    html = member.get("/inbox").get_data(as_text=True)
    url = re.search(r'href="(/inbox/mail/\d+)"', html).group(1)
    assert "only in the e-mail" in text_of(member.get(url))


def run_task_in(app, name: str):
    with app.app_context():
        return run_task(name)
