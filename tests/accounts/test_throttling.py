"""Throttling that holds against someone who knows the password: failures are counted per
factor and never wiped by a success of another factor or another account; every refused attempt
is audited; the owner hears of a lock once."""

from __future__ import annotations

import pyotp
import pytest
from flask import Flask
from sqlalchemy import select, update

from mcm.accounts import two_factor
from mcm.accounts.models import LoginAttempt, User
from mcm.core.audit import AuditEntry
from mcm.core.db import utcnow
from mcm.extensions import db
from tests.accounts.helpers import code, delivered, wrong_code
from tests.conftest import PASSWORD, text_of


def _email(app: Flask, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def _with_authenticator(app: Flask, user_id: int) -> str:
    secret = pyotp.random_base32()
    with app.test_request_context():
        two_factor.enable_totp(db.session.get(User, user_id), secret, 0)
        db.session.commit()
    return secret


def _entries(app: Flask, *actions: str) -> list[AuditEntry]:
    with app.app_context():
        return db.session.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(actions)).order_by(AuditEntry.id)
        ).all()


def _window_passes(app: Flask) -> None:
    with app.app_context():
        past = utcnow() - app.config["MCM_LOGIN_WINDOW"]
        db.session.execute(update(LoginAttempt).values(at=past))
        db.session.commit()


def test_wrong_codes_are_throttled_although_the_password_is_re_entered(
    app, client, make_user
) -> None:
    user_id = make_user("coordinator")
    email = _email(app, user_id)
    secret = _with_authenticator(app, user_id)
    limit = app.config["MCM_LOGIN_MAX_FAILURES_ACCOUNT"]
    answers = []
    for attempt in range(16):
        if attempt % 4 == 0:  # the attacker knows the password and enters it again
            assert client.login(email).headers["Location"] == "/login/verify"
        answers.append(client.post("/login/verify", {"code": wrong_code(secret)}).status_code)
    assert answers == [401] * limit + [429] * (16 - limit)
    # Even the right code waits until the window has passed.
    refused = client.post("/login/verify", {"code": code(secret)})
    assert refused.status_code == 429
    assert "Too many failed attempts" in text_of(refused)
    # Every one of the 17 attempts left its entry, with the address it came from.
    entries = _entries(app, "login_failed", "login_throttled")
    assert [e.action for e in entries] == ["login_failed"] * limit + ["login_throttled"] * 12
    assert {(e.details["factor"], e.details["email"], e.ip_address) for e in entries} == {
        ("code", email, "127.0.0.1")
    }
    _window_passes(app)
    client.login(email)
    assert client.post("/login/verify", {"code": code(secret)}).headers["Location"] == "/"


def test_a_right_password_does_not_clear_wrong_codes(app, client, make_user) -> None:
    user_id = make_user("member")
    email = _email(app, user_id)
    secret = _with_authenticator(app, user_id)
    client.login(email)
    for _ in range(4):
        client.post("/login/verify", {"code": wrong_code(secret)})
    client.login(email)
    assert client.post("/login/verify", {"code": wrong_code(secret)}).status_code == 401
    assert client.post("/login/verify", {"code": code(secret)}).status_code == 429


def test_an_address_keeps_its_failures_when_another_account_signs_in(
    app, client, client_factory, make_user, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "MCM_LOGIN_MAX_FAILURES_ADDRESS", 3)
    own = make_user("member")
    target = _email(app, make_user("coordinator"))
    client.login(target, "guess-1")
    client.login("someone.else@test.example.org", "guess-2")
    # The same address signs in its own account: that clears nothing.
    client_factory().login_user(own)
    assert client.login(target, "guess-3").status_code == 401
    refused = client.login(target, PASSWORD)
    assert "Too many failed attempts" in text_of(refused)
    assert client_factory().login(_email(app, own)).status_code == 401


def test_each_refused_password_is_audited_with_the_address(app, client, make_user) -> None:
    email = _email(app, make_user("coordinator"))
    limit = app.config["MCM_LOGIN_MAX_FAILURES_ACCOUNT"]
    for _ in range(limit + 3):
        assert client.login(email, "guess").status_code == 401
    assert client.login(email, PASSWORD).status_code == 401  # throttled, right or wrong
    entries = _entries(app, "login_failed", "login_throttled")
    assert [e.action for e in entries] == ["login_failed"] * limit + ["login_throttled"] * 4
    assert {(e.details["email"], e.details["factor"], e.ip_address) for e in entries} == {
        (email, "password", "127.0.0.1")
    }


@pytest.mark.parametrize("factor", ["password", "code"])
def test_the_owner_is_told_once_when_her_account_locks(
    app, client, make_user, inbox, factor: str
) -> None:
    user_id = make_user("coordinator")
    email = _email(app, user_id)
    secret = _with_authenticator(app, user_id)
    for attempt in range(app.config["MCM_LOGIN_MAX_FAILURES_ACCOUNT"] + 4):
        if factor == "password":
            client.login(email, f"guess-{attempt}")
        else:
            if attempt % 4 == 0:
                client.login(email)
            client.post("/login/verify", {"code": wrong_code(secret)})
    delivered(app)  # the notice went after the answer, which took no longer for it
    locks = [m for m in inbox.messages if m["Subject"] == "Sign-in to your mcm account is paused"]
    assert len(locks) == 1 and locks[0]["To"] == email
    body = locks[0].get_payload(decode=True).decode()
    assert ("wrong codes" if factor == "code" else "wrong passwords") in body
    assert len(_entries(app, "account_locked")) == 1


def test_failures_of_one_account_do_not_lock_another_at_the_code_step(
    app, client, client_factory, make_user
) -> None:
    victim = make_user("coordinator")
    other = make_user("coordinator")
    victim_secret = _with_authenticator(app, victim)
    other_secret = _with_authenticator(app, other)
    client.login_user(victim)
    for _ in range(app.config["MCM_LOGIN_MAX_FAILURES_ACCOUNT"]):
        client.post("/login/verify", {"code": wrong_code(victim_secret)})
    browser = client_factory()
    browser.login_user(other)
    assert browser.post("/login/verify", {"code": code(other_secret)}).headers["Location"] == "/"


def test_a_signed_in_session_cannot_be_used_to_guess_the_password(app, client, make_user) -> None:
    user_id = make_user("coordinator")
    client.login_user(user_id)
    new = {"password": "a-brand-new-passphrase", "confirm": "a-brand-new-passphrase"}
    for attempt in range(app.config["MCM_LOGIN_MAX_FAILURES_ACCOUNT"]):
        page = client.post("/account/password", {"current": f"guess-{attempt}", **new})
        assert "current password is not correct" in text_of(page)
    refused = client.post("/account/password", {"current": PASSWORD, **new})
    assert refused.status_code == 200
    assert "Too many failed attempts" in text_of(refused)
    assert len(_entries(app, "login_throttled")) == 1
    client.post("/logout")
    assert client.login(_email(app, user_id), PASSWORD).status_code == 401  # paused as well


def test_digits_of_other_scripts_are_a_wrong_code_not_an_error(app, client, make_user) -> None:
    user_id = make_user("member")
    _with_authenticator(app, user_id)
    client.login(_email(app, user_id))
    for typed in ("١٢٣٤٥٦", "\uff11\uff12\uff13\uff14\uff15\uff16", "ÄÖÜß-ÄÖÜß-ÄÖÜß"):
        assert client.post("/login/verify", {"code": typed}).status_code == 401
