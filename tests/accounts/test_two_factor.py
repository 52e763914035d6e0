"""Two-factor sign-in with an authenticator app (TOTP)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mcm.accounts.models import User
from mcm.core.audit import AuditEntry
from mcm.core.db import utcnow
from mcm.extensions import db
from tests.accounts.helpers import code as _code
from tests.accounts.helpers import enrol, secret_on_page, wrong_code
from tests.conftest import text_of


@pytest.fixture
def require_2fa(app, monkeypatch):
    monkeypatch.setitem(app.config, "MCM_REQUIRE_2FA", True)


def _enrol(client) -> str:
    return enrol(client)[0]


def test_coordinator_must_set_up_two_factor_before_anything_else(
    app, client, make_user, require_2fa
) -> None:
    client.login_user(make_user("coordinator"))
    assert client.get("/m/PEJ/").headers["Location"] == "/account/two-factor"
    assert client.get("/account").headers["Location"] == "/account/two-factor"
    page = client.get("/account/two-factor")
    assert page.status_code == 200
    assert "<svg" in page.get_data(as_text=True)  # the QR code to scan
    _enrol(client)
    assert client.get("/m/PEJ/").status_code == 200


def test_members_and_observers_are_not_forced(client, make_user, require_2fa) -> None:
    client.login_user(make_user("member"))
    assert client.get("/m/PEJ/").status_code == 200


def test_wrong_setup_code_keeps_the_same_key(client, make_user, require_2fa) -> None:
    client.login_user(make_user("coordinator"))
    first = client.get("/account/two-factor")
    secret = secret_on_page(first)
    response = client.post("/account/two-factor", {"code": "000000"})
    assert "code is not correct" in text_of(response)
    assert secret_on_page(response) == secret


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_or_reused_one(
    app, client, client_factory, make_user, require_2fa
) -> None:
    user_id = make_user("coordinator")
    client.login_user(user_id)
    secret = _enrol(client)
    client.post("/logout")

    browser = client_factory()
    response = browser.login_user(user_id)
    assert response.headers["Location"] == "/login/verify"
    # Password alone gives nothing.
    assert browser.get("/m/PEJ/").headers["Location"].startswith("/login")
    assert browser.post("/login/verify", {"code": wrong_code(secret)}).status_code == 401
    code = _code(secret, 1)
    assert browser.post("/login/verify", {"code": code}).headers["Location"] == "/"
    assert browser.get("/m/PEJ/").status_code == 200

    # The same code cannot be replayed from another browser.
    replay = client_factory()
    replay.login_user(user_id)
    assert replay.post("/login/verify", {"code": code}).status_code == 401
    with app.app_context():
        failures = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "login_failed")
        ).all()
    assert len(failures) == 2


def test_verify_step_expires(app, client, make_user, require_2fa) -> None:
    user_id = make_user("coordinator")
    client.login_user(user_id)
    secret = _enrol(client)
    client.post("/logout")
    client.login_user(user_id)
    with client.raw.session_transaction() as session:
        session["pending_at"] = (utcnow() - timedelta(minutes=6)).isoformat()
    response = client.post("/login/verify", {"code": _code(secret, 1)})
    assert response.headers["Location"] == "/login"


def test_user_without_requirement_can_turn_two_factor_off(app, client, make_user) -> None:
    user_id = make_user("member")
    client.login_user(user_id)
    _enrol(client)
    assert client.post("/account/two-factor/off", {"current": "wrong"}).status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).has_totp
    from tests.conftest import PASSWORD

    client.post("/account/two-factor/off", {"current": PASSWORD})
    with app.app_context():
        assert not db.session.get(User, user_id).has_totp


def test_required_two_factor_cannot_be_turned_off(client, make_user, require_2fa) -> None:
    from tests.conftest import PASSWORD

    client.login_user(make_user("coordinator"))
    _enrol(client)
    assert client.post("/account/two-factor/off", {"current": PASSWORD}).status_code == 403
