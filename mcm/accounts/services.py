"""Account operations: passwords, sign-in sessions, throttling, one-time links, TOTP."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, session
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from mcm.accounts import notices, throttling
from mcm.accounts.models import (
    Factor,
    Membership,
    OneTimeToken,
    Role,
    TokenPurpose,
    User,
    UserSession,
)
from mcm.core import audit
from mcm.core.db import utcnow
from mcm.core.outbox import OutboxMessage
from mcm.extensions import db

if TYPE_CHECKING:  # only names: accounts never imports a mechanism at run time (see README)
    from mcm.mechanisms.models import Institution, Mechanism

MIN_PASSWORD_LENGTH = 10
TOKEN_LIFETIME = {
    TokenPurpose.INVITATION: timedelta(days=7),
    TokenPurpose.PASSWORD_RESET: timedelta(hours=1),
}
# A dummy hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_PASSWORD = "not-a-real-password"  # noqa: S105
# A session's row is written at most this often; the cookie keeps the exact time in between.
LAST_SEEN_WRITE_INTERVAL = timedelta(minutes=1)


class AccountError(Exception):
    """A request the account rules refuse; the message is shown to the user."""


def _hasher() -> PasswordHasher:
    if current_app.config.get("MCM_PASSWORD_HASH_FAST"):
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher().hash(password)


def check_password(user: User, password: str) -> bool:
    """True when the password is the user's; rehashes when the parameters changed."""
    if not user.password_hash:
        return False
    hasher = _hasher()
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return True


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def authenticate(email: str, password: str) -> User:
    """Check e-mail and password, counting the attempt; raise AccountError when refused."""
    from flask_babel import gettext as _

    email = normalize_email(email)
    user = find_user(email)
    if throttling.is_throttled(email, Factor.PASSWORD):
        throttling.refuse(email, Factor.PASSWORD, user)
        raise AccountError(
            _("Too many failed attempts. Wait 15 minutes and try again, or reset your password.")
        )
    if user is None:
        _hasher().hash(_DUMMY_PASSWORD)
        ok = False
    else:
        ok = check_password(user, password) and user.active
    if not ok:
        throttling.record_failure(email, Factor.PASSWORD, user)
        raise AccountError(_("The e-mail address or the password is not correct."))
    throttling.record_success(email, Factor.PASSWORD)
    return user


def confirm_password(user: User, password: str) -> None:
    """Check a signed-in user's password again, throttled and counted like signing in."""
    from flask_babel import gettext as _

    # Otherwise a borrowed or stolen session would be a way to guess the password unthrottled.

    if throttling.is_throttled(user.email, Factor.PASSWORD):
        throttling.refuse(user.email, Factor.PASSWORD, user)
        raise AccountError(_("Too many failed attempts. Wait 15 minutes and try again."))
    if not check_password(user, password):
        throttling.record_failure(user.email, Factor.PASSWORD, user)
        raise AccountError(_("The current password is not correct."))


# -- sessions -------------------------------------------------------------------------------------


def start_session(user: User) -> None:
    """Sign the user in on this browser with a fresh session."""
    token = secrets.token_urlsafe(32)
    language = session.get("language")
    session.clear()  # a fresh session: nothing from before sign-in is carried over
    if language:
        session["language"] = language
    db.session.add(
        UserSession(
            token_hash=_digest(token), user_id=user.id, ip_address=throttling.client_address()
        )
    )
    session["sid"] = token
    session["seen"] = utcnow().timestamp()
    session.permanent = True
    audit.record("login", obj=user, actor=user)


def load_session_user(token: str | None) -> User | None:
    """The user of a live session token, or None when it ended, idled or grew too old."""
    if not token:
        return None
    # One query per request for the session, its user and her seats (which every mechanism
    # page's access check reads).
    record = (
        db.session.scalars(
            select(UserSession)
            .options(joinedload(UserSession.user).joinedload(User.memberships))
            .where(UserSession.token_hash == _digest(token))
        )
        .unique()
        .first()
    )
    if record is None or record.ended_at is not None:
        return None
    now = utcnow()
    config = current_app.config
    if (
        now - _last_activity(record, now) > config["MCM_IDLE_TIMEOUT"]
        or now - record.created_at > config["MCM_SESSION_LIFETIME"]
    ):
        record.ended_at = now
        db.session.commit()
        return None
    # The signed cookie carries the exact time of this request (it is sent back on every
    # response anyway); the database row is written at most once a minute.
    session["seen"] = now.timestamp()
    if now - record.last_seen_at >= LAST_SEEN_WRITE_INTERVAL:
        record.last_seen_at = now
        db.session.commit()
    if not record.user.active:
        return None
    return record.user


def _last_activity(record: UserSession, now: datetime) -> datetime:
    """The session's last request: the stored time lags up to a minute, the cookie's does not.

    The cookie is signed by us and only ever holds a time we wrote for this session, so it can
    never make a session live longer than its real last request; a copied older cookie simply
    counts from the database's time.
    """
    seen = record.last_seen_at
    stamp = session.get("seen")
    if isinstance(stamp, int | float):
        with contextlib.suppress(OverflowError, OSError, ValueError):
            from_cookie = datetime.fromtimestamp(min(float(stamp), now.timestamp()), UTC)
            # Only within this session's life: a cookie cannot speak for an older session.
            if from_cookie >= record.created_at:
                seen = max(seen, from_cookie)
    return seen


def end_session() -> None:
    """Sign out this browser; the session is ended on the server, not only forgotten."""
    token = session.get("sid")
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == _digest(token), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


def end_all_sessions(user: User) -> None:
    """End every session of a user (password change, reset, disabling)."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def set_password(user: User, password: str) -> None:
    """Store a new password and end every session of the user, who is told by e-mail."""
    had_password = user.password_hash is not None
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    audit.record("password_changed", obj=user)
    if had_password:  # choosing the first one, from an invitation, is no news to her
        notices.notify(user, notices.Notice.PASSWORD_CHANGED)


# -- one-time links -------------------------------------------------------------------------------


def issue_token(user: User, purpose: TokenPurpose) -> str:
    """Create a one-time link token; earlier unused ones of the same purpose stop working."""
    now = utcnow()
    db.session.execute(
        update(OneTimeToken)
        .where(
            OneTimeToken.user_id == user.id,
            OneTimeToken.purpose == purpose,
            OneTimeToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        OneTimeToken(
            token_hash=_digest(token),
            user_id=user.id,
            purpose=purpose,
            expires_at=now + TOKEN_LIFETIME[purpose],
        )
    )
    return token


def request_password_reset(email: str) -> None:
    """Queue a reset link when an active account uses the address; otherwise do the same work.

    Both paths hash a token, write an audit entry and commit, and neither talks to the mail
    server before answering, so neither the answer nor its timing tells the addresses apart.
    """
    email = normalize_email(email)
    user = find_user(email)
    if user is None or not user.active:
        _digest(secrets.token_urlsafe(32))
        audit.record("password_reset_unknown", email=email)
        return
    token = issue_token(user, TokenPurpose.PASSWORD_RESET)
    audit.record("password_reset_requested", obj=user, actor=user)
    notices.send_link_mail(user, TokenPurpose.PASSWORD_RESET, token)


def invite(user: User) -> OutboxMessage:
    """Queue a new invitation link for the user; earlier ones stop working."""
    token = issue_token(user, TokenPurpose.INVITATION)
    audit.record("invitation_sent", obj=user)
    return notices.send_link_mail(user, TokenPurpose.INVITATION, token)


def token_user(token: str, purpose: TokenPurpose) -> OneTimeToken | None:
    """The token record if it is of this purpose, unused and not expired."""
    record = db.session.scalar(
        select(OneTimeToken).where(OneTimeToken.token_hash == _digest(token))
    )
    if (
        record is None
        or record.purpose is not purpose
        or record.used_at is not None
        or record.expires_at < utcnow()
    ):
        return None
    return record


# -- two-factor sign-in ---------------------------------------------------------------------------


def totp_required(user: User) -> bool:
    """Whether this user must use an authenticator app to sign in."""
    return bool(current_app.config["MCM_REQUIRE_2FA"]) and user.role in (
        Role.ADMINISTRATOR,
        Role.COORDINATOR,
    )


def must_enrol_totp(user: User) -> bool:
    return totp_required(user) and not user.has_totp


# -- users ----------------------------------------------------------------------------------------


def create_user(
    email: str,
    role: Role,
    *,
    mechanism: Mechanism | None = None,
    institution: Institution | None = None,
    password: str | None = None,
    language: str | None = None,
) -> User:
    """Create a user; coordinators join a mechanism, members sit for an institution."""
    from flask_babel import gettext as _

    email = normalize_email(email)
    if find_user(email) is not None:
        raise AccountError(_("A user with this e-mail address already exists."))
    if role is Role.MEMBER and institution is None:
        raise AccountError(_("A member representative represents an institution: choose one."))
    if role is Role.COORDINATOR and mechanism is None and institution is None:
        raise AccountError(_("A coordinator runs a mechanism: choose the municipality."))
    if role in (Role.ADMINISTRATOR, Role.OBSERVER) and (mechanism or institution):
        raise AccountError(_("Administrators and observers do not sit in a mechanism."))
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )
    user = User(email=email, role=role, language=language)
    if password is not None:
        user.password_hash = hash_password(password)
        user.password_changed_at = utcnow()
    if institution is not None:
        mechanism = institution.mechanism
    if mechanism is not None:
        user.memberships.append(Membership(mechanism=mechanism, institution=institution))
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user_created",
        obj=user,
        mechanism_id=mechanism.id if mechanism else None,
        role=role.value,
        email=email,
    )
    return user


def set_active(user: User, active: bool) -> None:
    """Disable or re-enable an account; disabling ends its sessions at once."""
    user.active = active
    if not active:
        end_all_sessions(user)
    audit.record("user_enabled" if active else "user_disabled", obj=user)


def change_role(user: User, role: Role) -> None:
    """Change a user's role, audited."""
    if user.role is role:
        return
    audit.record("role_changed", obj=user, before=user.role.value, after=role.value)
    user.role = role
