"""Password reset and account invitation by e-mailed one-time links, through a real SMTP server."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from mcm.accounts.models import OneTimeToken
from mcm.core.db import utcnow
from mcm.extensions import db
from tests.conftest import PASSWORD, text_of


def _email(app, user_id: int) -> str:
    from mcm.accounts.models import User

    with app.app_context():
        return db.session.get(User, user_id).email


def _link(body: str) -> str:
    return re.search(r"http://[^/\s]+(/\S+)", body)[1]


def _ask_reset(client, email: str):
    """Ask for a reset link as a browser does: the server closes the answer once it is sent,
    and only then does the outbox deliver."""
    response = client.post("/reset", {"email": email})
    response.close()
    return response


def test_password_reset_by_e_mailed_link(app, client, make_user, inbox) -> None:
    email = _email(app, make_user("coordinator"))
    response = _ask_reset(client, email)
    assert response.headers["Location"] == "/login"
    (body,) = inbox.bodies_to(email)
    path = _link(body)
    assert path.startswith("/reset/")
    form = client.get(path)
    assert form.status_code == 200
    response = client.post(
        path, {"password": "a-brand-new-passphrase", "confirm": "a-brand-new-passphrase"}
    )
    assert response.headers["Location"] == "/login"
    assert client.login(email, PASSWORD).status_code == 401
    assert client.login(email, "a-brand-new-passphrase").status_code == 302
    # The link works once.
    client.post("/logout")
    again = client.get(path)
    assert again.headers["Location"] == "/reset"


def test_reset_answer_is_the_same_for_unknown_addresses(app, client, make_user, inbox) -> None:
    email = _email(app, make_user("member"))
    known = client.post("/reset", {"email": email}, follow_redirects=True)
    unknown = client.post("/reset", {"email": "nobody@test.example.org"}, follow_redirects=True)
    assert text_of(known) == text_of(unknown)
    assert len(inbox.messages) == 1


def test_reset_link_expires_after_an_hour(app, client, make_user, inbox) -> None:
    email = _email(app, make_user("member"))
    _ask_reset(client, email)
    path = _link(inbox.bodies_to(email)[0])
    with app.app_context():
        db.session.execute(update(OneTimeToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = client.get(path, follow_redirects=True)
    assert "expired or has already been used" in text_of(response)


def test_a_newer_reset_link_replaces_the_older(app, client, make_user, inbox) -> None:
    email = _email(app, make_user("member"))
    _ask_reset(client, email)
    _ask_reset(client, email)
    first, second = (_link(body) for body in inbox.bodies_to(email))
    assert client.get(first).status_code == 302
    assert client.get(second).status_code == 200


def test_reset_link_ends_open_sessions(app, client, client_factory, make_user, inbox) -> None:
    user_id = make_user("member")
    signed_in = client_factory()
    signed_in.login_user(user_id)
    _ask_reset(client, _email(app, user_id))
    path = _link(inbox.bodies_to(_email(app, user_id))[0])
    client.post(path, {"password": "a-brand-new-passphrase", "confirm": "a-brand-new-passphrase"})
    assert signed_in.get("/m/PEJ/").headers["Location"].startswith("/login")


def test_short_password_is_refused_with_a_reason(app, client, make_user, inbox) -> None:
    email = _email(app, make_user("member"))
    _ask_reset(client, email)
    path = _link(inbox.bodies_to(email)[0])
    response = client.post(path, {"password": "short", "confirm": "short"})
    assert response.status_code == 200
    assert "The password must have at least 10 characters." in text_of(response)


def test_invitation_lets_a_new_user_choose_a_password(app, client, make_user, inbox) -> None:
    admin = make_user("administrator", None)
    client.login_user(admin)
    from tests.conftest import mechanism_id

    response = client.post(
        "/admin/users/new",
        {
            "email": "new.coordinator@test.example.org",
            "role": "coordinator",
            "mechanism": str(mechanism_id(app, "FER")),
            "institution": "",
        },
    )
    assert response.status_code == 302
    (body,) = inbox.bodies_to("new.coordinator@test.example.org")
    path = _link(body)
    assert path.startswith("/invitation/")
    invitee = type(client)(app)
    invitee.post(path, {"password": "my-own-passphrase", "confirm": "my-own-passphrase"})
    invitee.login("new.coordinator@test.example.org", "my-own-passphrase")
    assert invitee.get("/").headers["Location"] == "/inbox"
    assert invitee.get("/m/FER/").status_code == 200


def test_reset_token_is_not_an_invitation(app, client, make_user, inbox) -> None:
    email = _email(app, make_user("member"))
    _ask_reset(client, email)
    token = _link(inbox.bodies_to(email)[0]).rsplit("/", 1)[1]
    assert client.get(f"/invitation/{token}").headers["Location"] == "/reset"


def test_the_reset_link_is_sent_only_after_the_answer(app, client, make_user, inbox) -> None:
    # The request itself does no mail work, so a known address answers as fast as an unknown.
    email = _email(app, make_user("member"))
    response = client.post("/reset", {"email": email})
    assert response.status_code == 302 and inbox.messages == []
    response.close()
    assert len(inbox.bodies_to(email)) == 1


def test_a_reset_asked_while_the_mail_server_is_down_goes_later(
    app, client, make_user, monkeypatch
) -> None:
    from mcm.core import outbox_service
    from tests.mail import free_port, start_smtp

    port = free_port()
    monkeypatch.setitem(app.config, "MCM_MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MCM_MAIL_PORT", port)
    email = _email(app, make_user("member"))
    _ask_reset(client, email)  # nothing listens: the link waits in the outbox
    controller, inbox = start_smtp(port)
    try:
        with app.app_context():
            outbox_service.retry_now()
            db.session.commit()
            assert outbox_service.deliver_pending() == 1
    finally:
        controller.stop()
    assert _link(inbox.bodies_to(email)[0]).startswith("/reset/")


def test_unknown_addresses_are_audited_without_an_e_mail(app, client, inbox) -> None:
    from sqlalchemy import select

    from mcm.core.audit import AuditEntry

    _ask_reset(client, "nobody@test.example.org")
    assert inbox.messages == []
    with app.app_context():
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "password_reset_unknown")
        )
    assert entry.details == {"email": "nobody@test.example.org"}
    assert entry.ip_address == "127.0.0.1"
