"""Users, their mechanism memberships, server-side sessions and one-time links."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mcm.core.db import enum_column, utcnow
from mcm.extensions import db

if TYPE_CHECKING:  # only names: accounts never imports a mechanism at run time (see README)
    from mcm.mechanisms.models import Institution, Mechanism


class Role(enum.StrEnum):
    ADMINISTRATOR = "administrator"
    COORDINATOR = "coordinator"
    MEMBER = "member"
    OBSERVER = "observer"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, 20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(default=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime | None]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Membership.id"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def has_totp(self) -> bool:
        return self.totp_secret is not None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMINISTRATOR


class Membership(db.Model):
    """A user's seat in a mechanism; members sit for one of its institutions."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "mechanism_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))

    user: Mapped[User] = relationship(back_populates="memberships")
    mechanism: Mapped[Mechanism] = relationship()
    institution: Mapped[Institution | None] = relationship()


class UserSession(db.Model):
    """A signed-in browser. The cookie only names it, so ending it here ends it everywhere."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    ip_address: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship()


class TokenPurpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a password


class OneTimeToken(db.Model):
    """An e-mailed link: only its hash is stored; it expires and works once."""

    __tablename__ = "one_time_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose, 20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class Factor(enum.StrEnum):
    """What a sign-in attempt checked; each is throttled on its own count."""

    PASSWORD = "password"  # noqa: S105 - a factor, not a password
    CODE = "code"  # the authenticator app's code, or a recovery code


class LoginAttempt(db.Model):
    """Each password or code check, kept to throttle guessing per account and per address."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    ip_address: Mapped[str] = mapped_column(String(45), index=True)
    factor: Mapped[Factor] = mapped_column(enum_column(Factor, 20), default=Factor.PASSWORD)
    success: Mapped[bool]


class RecoveryCode(db.Model):
    """A single-use code that stands in for the authenticator app; only its hash is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
