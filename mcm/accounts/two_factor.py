"""Two-factor sign-in: the authenticator app's codes, turning it on and off, and the recovery
codes that stand in for a lost phone. Each change is audited and e-mailed to the owner."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pyotp

from mcm.accounts import notices, recovery
from mcm.accounts.models import User
from mcm.accounts.services import end_all_sessions
from mcm.core import audit
from mcm.core.db import utcnow


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="mcm")


def verify_totp(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step the code matches (one step of drift allowed), or None; never reused."""
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit()) or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow()
    for drift in (0, -1, 1):
        at = now + timedelta(seconds=30 * drift)
        step = totp.timecode(at)
        if (last_step is None or step > last_step) and secrets.compare_digest(totp.at(at), code):
            return step
    return None


def enable_totp(user: User, secret: str, step: int) -> list[str]:
    """Turn two-factor sign-in on; returns the ten recovery codes to show once."""
    user.totp_secret = secret
    user.totp_last_step = step
    codes = recovery.new_codes(user)
    audit.record("totp_enabled", obj=user)
    notices.notify(user, notices.Notice.TWO_FACTOR_ON)
    return codes


def disable_totp(user: User) -> None:
    """Turn two-factor sign-in off (where it is not required), recovery codes with it."""
    user.totp_secret = None
    user.totp_last_step = None
    recovery.discard(user)
    audit.record("totp_disabled", obj=user)
    notices.notify(user, notices.Notice.TWO_FACTOR_OFF)


def reset_totp(user: User) -> None:
    """An administrator's reset: the user sets two-factor sign-in up again at next sign-in."""
    user.totp_secret = None
    user.totp_last_step = None
    recovery.discard(user)
    end_all_sessions(user)
    audit.record("totp_reset", obj=user)
    notices.notify(user, notices.Notice.TWO_FACTOR_RESET)


def regenerate_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; returns the new ones to show once."""
    codes = recovery.new_codes(user)
    audit.record("recovery_codes_regenerated", obj=user)
    notices.notify(user, notices.Notice.RECOVERY_CODES_NEW)
    return codes
