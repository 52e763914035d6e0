"""Signing in and out: fresh sessions, server-side ending, timeouts, throttling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select, update

from mcm.accounts.models import LoginAttempt, UserSession
from mcm.core.audit import AuditEntry
from mcm.core.db import utcnow
from mcm.extensions import db
from tests.conftest import PASSWORD, text_of


def _email(app: Flask, user_id: int) -> str:
    from mcm.accounts.models import User

    with app.app_context():
        return db.session.get(User, user_id).email


def test_sign_in_lands_on_own_mechanism_and_is_audited(app, client, make_user) -> None:
    user_id = make_user("coordinator", "PEJ")
    response = client.login_user(user_id)
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/inbox"
    assert client.get("/m/PEJ/").status_code == 200
    assert "Peja" in text_of(client.get("/m/PEJ/"))
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.actor_id == user_id)
        ).all()
    assert "login" in actions


def test_wrong_password_is_refused_and_audited_without_revealing_which_part(
    app, client, make_user
) -> None:
    user_id = make_user("member", "PEJ")
    email = _email(app, user_id)
    wrong = client.login(email, "not-the-password")
    unknown = client.login("nobody@test.example.org", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert "not correct" in text_of(wrong) and "not correct" in text_of(unknown)
    # The e-mail typed stays in the form.
    assert f'value="{email}"' in wrong.get_data(as_text=True)
    with app.app_context():
        failed = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "login_failed")
        ).all()
    assert {entry.details["email"] for entry in failed} == {email, "nobody@test.example.org"}


def test_sign_in_starts_a_fresh_session(client, make_user) -> None:
    with client.raw.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.login_user(make_user("coordinator"))
    with client.raw.session_transaction() as session:
        assert "planted" not in session
        assert "sid" in session


def test_sign_out_ends_the_session_even_for_a_copied_cookie(
    app, client, client_factory, make_user
) -> None:
    client.login_user(make_user("coordinator"))
    with client.raw.session_transaction() as session:
        stolen = dict(session)
    response = client.post("/logout")
    assert response.headers["Location"] == "/login"
    thief = client_factory()
    with thief.raw.session_transaction() as session:
        session.update(stolen)
    assert thief.get("/m/PEJ/").headers["Location"].startswith("/login")


def test_sign_out_needs_post(client, make_user) -> None:
    client.login_user(make_user("coordinator"))
    assert client.get("/logout").status_code == 405
    assert client.get("/m/PEJ/").status_code == 200


def test_password_change_signs_out_other_devices(app, client, client_factory, make_user) -> None:
    user_id = make_user("coordinator")
    other = client_factory()
    other.login_user(user_id)
    client.login_user(user_id)
    response = client.post(
        "/account/password",
        {
            "current": PASSWORD,
            "password": "a-brand-new-passphrase",
            "confirm": "a-brand-new-passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/m/PEJ/").status_code == 200  # this browser stays signed in
    assert other.get("/m/PEJ/").headers["Location"].startswith("/login")
    client.post("/logout")
    assert client.login(_email(app, user_id), PASSWORD).status_code == 401
    assert client.login(_email(app, user_id), "a-brand-new-passphrase").status_code == 302


def test_password_change_with_wrong_current_password_keeps_input(client, make_user) -> None:
    client.login_user(make_user("coordinator"))
    response = client.post(
        "/account/password",
        {"current": "wrong", "password": "a-brand-new-passphrase", "confirm": "something-else-1"},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "current password is not correct" in page
    assert "passwords differ" in page


def test_old_sessions_end(app, client, make_user) -> None:
    client.login_user(make_user("coordinator"))
    assert client.get("/m/PEJ/").status_code == 200
    with app.app_context():
        age = app.config["MCM_SESSION_LIFETIME"] + timedelta(minutes=1)
        db.session.execute(update(UserSession).values(created_at=utcnow() - age))
        db.session.commit()
    assert client.get("/m/PEJ/").headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.scalar(select(UserSession.ended_at)) is not None


class Clock:
    """The sessions' clock, moved by the test instead of waiting half an hour."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(monkeypatch) -> Clock:
    from mcm.accounts import services

    clock = Clock()
    monkeypatch.setattr(services, "utcnow", clock)
    return clock


@pytest.mark.parametrize(("idle", "alive"), [(-5, True), (5, False)])
def test_the_idle_timeout_is_exact(app, client, make_user, clock, idle: int, alive: bool) -> None:
    client.login_user(make_user("coordinator"))
    # A request 50 s after signing in: too soon to write the session's row again.
    clock.advance(timedelta(seconds=50))
    assert client.get("/m/PEJ/").status_code == 200
    clock.advance(app.config["MCM_IDLE_TIMEOUT"] + timedelta(seconds=idle))
    response = client.get("/m/PEJ/")
    if alive:
        assert response.status_code == 200
    else:
        assert response.headers["Location"].startswith("/login")
        with app.app_context():
            assert db.session.scalar(select(UserSession.ended_at)) is not None


@pytest.mark.parametrize("minutes", [1, 2])
def test_a_short_idle_timeout_does_not_end_an_active_session(
    app, client, make_user, clock, monkeypatch, minutes: int
) -> None:
    monkeypatch.setitem(app.config, "MCM_IDLE_TIMEOUT", timedelta(minutes=minutes))
    client.login_user(make_user("coordinator"))
    for _ in range(12):  # a request every 55 s for 11 minutes
        clock.advance(timedelta(seconds=55))
        assert client.get("/m/PEJ/").status_code == 200


def test_the_session_row_is_written_at_most_once_a_minute(
    app, client, make_user, clock, count_queries
) -> None:
    client.login_user(make_user("coordinator"))
    with count_queries() as statements:
        for _ in range(5):  # five requests within 50 s
            clock.advance(timedelta(seconds=10))
            assert client.get("/m/PEJ/").status_code == 200
    writes = [s for s in statements if s.lstrip().upper().startswith("UPDATE USER_SESSIONS")]
    assert writes == []
    with count_queries() as statements:
        clock.advance(timedelta(seconds=15))
        assert client.get("/m/PEJ/").status_code == 200
    writes = [s for s in statements if s.lstrip().upper().startswith("UPDATE USER_SESSIONS")]
    assert len(writes) == 1


def test_a_copied_old_cookie_does_not_outlive_the_idle_timeout(
    app, client, client_factory, make_user, clock
) -> None:
    client.login_user(make_user("coordinator"))
    with client.raw.session_transaction() as session:
        copied = dict(session)
    clock.advance(app.config["MCM_IDLE_TIMEOUT"] + timedelta(seconds=5))
    thief = client_factory()
    with thief.raw.session_transaction() as session:
        session.update(copied)
    assert thief.get("/m/PEJ/").headers["Location"].startswith("/login")


def test_activity_keeps_a_session_alive(app, client, make_user) -> None:
    client.login_user(make_user("coordinator"))
    with app.app_context():
        db.session.execute(
            update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=25))
        )
        db.session.commit()
    assert client.get("/m/PEJ/").status_code == 200
    with app.app_context():
        seen = db.session.scalar(select(UserSession.last_seen_at))
    assert utcnow() - seen < timedelta(minutes=1)


def test_disabled_account_is_signed_out_at_once(app, client, make_user) -> None:
    from mcm.accounts import services
    from mcm.accounts.models import User

    user_id = make_user("coordinator")
    client.login_user(user_id)
    with app.test_request_context():
        services.set_active(db.session.get(User, user_id), False)
        db.session.commit()
    assert client.get("/m/PEJ/").headers["Location"].startswith("/login")
    assert client.login(_email(app, user_id)).status_code == 401


def test_account_is_throttled_after_repeated_failures_without_locking_others(
    app, client, client_factory, make_user
) -> None:
    victim = _email(app, make_user("coordinator"))
    bystander = make_user("member")
    for _ in range(app.config["MCM_LOGIN_MAX_FAILURES_ACCOUNT"]):
        assert client.login(victim, "guess").status_code == 401
    # Now even the right password waits…
    refused = client.login(victim, PASSWORD)
    assert refused.status_code == 401
    assert "Too many failed attempts" in text_of(refused)
    # …but another account, from the same address, signs in.
    client_factory().login_user(bystander)


def test_failures_from_one_address_are_throttled(app, client, make_user, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MCM_LOGIN_MAX_FAILURES_ADDRESS", 3)
    user_id = make_user("coordinator")
    for n in range(3):
        client.login(f"guess{n}@test.example.org", "guess")
    response = client.login(_email(app, user_id), PASSWORD)
    assert "Too many failed attempts" in text_of(response)
    # From another address the same account signs in.
    other = client.raw.post(
        "/login",
        data={
            "email": _email(app, user_id),
            "password": PASSWORD,
            "csrf_token": client.csrf_token(),
        },
        environ_base={"REMOTE_ADDR": "10.9.8.7"},
    )
    assert other.status_code == 302


def test_old_failures_stop_counting(app, client, make_user) -> None:
    email = _email(app, make_user("coordinator"))
    for _ in range(app.config["MCM_LOGIN_MAX_FAILURES_ACCOUNT"]):
        client.login(email, "guess")
    with app.app_context():
        db.session.execute(update(LoginAttempt).values(at=utcnow() - timedelta(minutes=16)))
        db.session.commit()
    assert client.login(email, PASSWORD).status_code == 302


def test_next_parameter_only_goes_to_this_site(client, make_user, app) -> None:
    email = _email(app, make_user("coordinator"))
    response = client.post(
        "/login?next=//evil.example.com/x", {"email": email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/account", {"email": email, "password": PASSWORD})
    assert response.headers["Location"] == "/account"
