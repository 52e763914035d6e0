"""Recovery codes for a lost phone, and the security notices e-mailed to the account's owner."""

from __future__ import annotations

from sqlalchemy import select

from mcm.accounts.models import RecoveryCode, User
from mcm.core.audit import AuditEntry
from mcm.extensions import db
from tests.accounts.helpers import delivered, enrol, recovery_codes_on_page
from tests.conftest import PASSWORD, text_of


def _email(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def _subjects(app, inbox, email: str) -> list[str]:
    delivered(app)  # notices go once the answer has left
    return [m["Subject"] for m in inbox.messages if m["To"] == email]


def test_ten_codes_are_shown_once_and_stored_only_as_hashes(app, client, make_user) -> None:
    user_id = make_user("coordinator")
    client.login_user(user_id)
    _secret, codes = enrol(client)
    assert len(codes) == len(set(codes)) == 10
    with app.app_context():
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    assert not {c.replace("-", "") for c in codes} & set(stored)
    page = client.get("/account")
    assert "10 unused recovery codes left." in text_of(page)
    assert not any(c in page.get_data(as_text=True) for c in codes)


def test_a_recovery_code_signs_in_once(app, client, client_factory, make_user, inbox) -> None:
    user_id = make_user("coordinator")
    email = _email(app, user_id)
    client.login_user(user_id)
    _secret, codes = enrol(client)
    client.post("/logout")

    browser = client_factory()
    browser.login_user(user_id)
    # Typed as people do: lower case, without the hyphens.
    typed = codes[3].replace("-", " ").lower()
    assert browser.post("/login/verify", {"code": typed}).headers["Location"] == "/"
    assert browser.get("/m/PEJ/").status_code == 200
    assert "A recovery code was used" in _subjects(app, inbox, email)
    (entry,) = db_entries(app, "recovery_code_used")
    assert entry.details == {"left": 9} and entry.object_id == user_id

    again = client_factory()
    again.login_user(user_id)
    refused = again.post("/login/verify", {"code": codes[3]})
    assert refused.status_code == 401
    assert again.get("/m/PEJ/").headers["Location"].startswith("/login")
    assert len(db_entries(app, "recovery_code_used")) == 1
    # Another code still works.
    assert again.post("/login/verify", {"code": codes[4]}).headers["Location"] == "/"


def db_entries(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_new_codes_replace_the_old_ones(app, client, client_factory, make_user, inbox) -> None:
    user_id = make_user("coordinator")
    email = _email(app, user_id)
    client.login_user(user_id)
    _secret, old = enrol(client)
    wrong = client.post("/account/recovery-codes", {"codes-current": "not-my-password"})
    assert wrong.headers["Location"] == "/account"
    response = client.post("/account/recovery-codes", {"codes-current": PASSWORD})
    new = recovery_codes_on_page(response)
    assert len(new) == 10 and not set(new) & set(old)
    assert "New recovery codes" in _subjects(app, inbox, email)

    browser = client_factory()
    browser.login_user(user_id)
    assert browser.post("/login/verify", {"code": old[0]}).status_code == 401
    assert browser.post("/login/verify", {"code": new[0]}).headers["Location"] == "/"


def test_the_administrators_reset_removes_the_codes(
    app, client, client_factory, make_user, inbox
) -> None:
    user_id = make_user("coordinator")
    email = _email(app, user_id)
    client.login_user(user_id)
    enrol(client)
    admin = client_factory()
    admin.login_user(make_user("administrator", None))
    admin.post(f"/admin/users/{user_id}/reset-two-factor")
    with app.app_context():
        assert db.session.scalars(select(RecoveryCode)).all() == []
        assert not db.session.get(User, user_id).has_totp
    assert "Two-factor sign-in was reset" in _subjects(app, inbox, email)


def test_security_notices_tell_the_owner(app, client, make_user, inbox) -> None:
    user_id = make_user("member")
    email = _email(app, user_id)
    client.login_user(user_id)
    enrol(client)
    client.post("/account/two-factor/off", {"current": PASSWORD})
    client.post(
        "/account/password",
        {
            "current": PASSWORD,
            "password": "a-brand-new-passphrase",
            "confirm": "a-brand-new-passphrase",
        },
    )
    assert _subjects(app, inbox, email) == [
        "Two-factor sign-in is on",
        "Two-factor sign-in is off",
        "Your mcm password was changed",
    ]
    # Every notice says what to do if it was not her.
    assert all("change your password now" in body for body in inbox.bodies_to(email))
    # Nothing about the account reaches another user's or a coordinator's outbox page.
    coordinator = type(client)(app)
    coordinator.login_user(make_user("coordinator", "PEJ"))
    assert email not in text_of(coordinator.get("/m/PEJ/meetings/outbox"))
