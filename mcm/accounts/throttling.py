"""Throttling of sign-in: failures are counted per factor within the window, per account and
(for passwords) per address. A success never clears another factor's failures, nor another
account's: re-entering a known password does not buy more guesses at the code, and an address
that signs in its own account keeps the failures it made against the others."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request
from sqlalchemy import func, select

from mcm.accounts import notices
from mcm.accounts.models import Factor, LoginAttempt, User
from mcm.core import audit
from mcm.core.audit import AuditEntry
from mcm.core.db import utcnow
from mcm.extensions import db

# A lock is told to the owner once: not again until she has signed in, or for a day.
NOTICE_QUIET = timedelta(days=1)


def client_address() -> str:
    """The address the request comes from, as the proxy settings allow us to trust it."""
    return request.remote_addr or "unknown"


def _account_failures(email: str, factor: Factor) -> int:
    """Wrong attempts at this factor for this account in the window, since its last success.

    Only a success of the same factor on the same account clears them: nobody can produce one
    without holding that factor.
    """
    since = utcnow() - current_app.config["MCM_LOGIN_WINDOW"]
    last_success = select(func.max(LoginAttempt.at)).where(
        LoginAttempt.email == email, LoginAttempt.factor == factor, LoginAttempt.success
    )
    return (
        db.session.scalar(
            select(func.count(LoginAttempt.id)).where(
                LoginAttempt.email == email,
                LoginAttempt.factor == factor,
                LoginAttempt.success.is_(False),
                LoginAttempt.at > since,
                LoginAttempt.at > func.coalesce(last_success.scalar_subquery(), since),
            )
        )
        or 0
    )


def _address_failures(address: str) -> int:
    """Wrong passwords from this address in the window, whatever succeeded in between."""
    since = utcnow() - current_app.config["MCM_LOGIN_WINDOW"]
    return (
        db.session.scalar(
            select(func.count(LoginAttempt.id)).where(
                LoginAttempt.ip_address == address,
                LoginAttempt.factor == Factor.PASSWORD,
                LoginAttempt.success.is_(False),
                LoginAttempt.at > since,
            )
        )
        or 0
    )


def is_throttled(email: str, factor: Factor = Factor.PASSWORD) -> bool:
    """Too many recent failures at this step for this account, or from this address."""
    config = current_app.config
    if _account_failures(email, factor) >= config["MCM_LOGIN_MAX_FAILURES_ACCOUNT"]:
        return True
    return (
        factor is Factor.PASSWORD
        and _address_failures(client_address()) >= config["MCM_LOGIN_MAX_FAILURES_ADDRESS"]
    )


def refuse(email: str, factor: Factor, user: User | None) -> None:
    """Audit an attempt refused without being checked, because of throttling."""
    # The entry's own ip_address column holds the address.
    audit.record("login_throttled", obj=user, actor=user, email=email, factor=factor.value)


def record_success(email: str, factor: Factor) -> None:
    """Count a passed step."""
    db.session.add(
        LoginAttempt(email=email, ip_address=client_address(), factor=factor, success=True)
    )


def record_failure(email: str, factor: Factor, user: User | None) -> None:
    """Count and audit a failed step; the owner is told when it locks her account."""
    db.session.add(
        LoginAttempt(email=email, ip_address=client_address(), factor=factor, success=False)
    )
    audit.record(
        "login_failed",
        obj=user,
        actor=user if factor is Factor.CODE else None,
        email=email,
        factor=factor.value,
    )
    db.session.flush()
    limit = current_app.config["MCM_LOGIN_MAX_FAILURES_ACCOUNT"]
    if user is not None and _account_failures(email, factor) >= limit:
        _locked(user, factor)


def _locked(user: User, factor: Factor) -> None:
    """Tell the owner once per lock, not once per attempt."""
    now = utcnow()
    last_sign_in = db.session.scalar(
        select(func.max(AuditEntry.at)).where(
            AuditEntry.action == "login",
            AuditEntry.object_type == User.__tablename__,
            AuditEntry.object_id == user.id,
        )
    )
    quiet_since = max(now - NOTICE_QUIET, last_sign_in) if last_sign_in else now - NOTICE_QUIET
    already = db.session.scalar(
        select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "account_locked",
            AuditEntry.object_type == User.__tablename__,
            AuditEntry.object_id == user.id,
            AuditEntry.at > quiet_since,
        )
    )
    if already:
        return
    minutes = int(current_app.config["MCM_LOGIN_WINDOW"].total_seconds() // 60)
    audit.record("account_locked", obj=user, actor=user, factor=factor.value)
    notices.notify(user, notices.Notice.ACCOUNT_LOCKED, factor=factor.value, minutes=minutes)
