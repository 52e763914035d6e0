"""Recovery codes: ten single-use codes that stand in for the authenticator app when the phone
is lost. They are shown once, stored only as hashes, and each use is audited and e-mailed."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, func, select, update

from mcm.accounts import notices
from mcm.accounts.models import RecoveryCode, User
from mcm.core import audit
from mcm.core.db import utcnow
from mcm.extensions import db

COUNT = 10
# 32 letters and digits without the look-alikes 0/O and 1/I; 12 of them carry 60 random bits,
# which a plain hash protects well (the TOTP secret beside it in the database is weaker still).
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_LENGTH = 12


def _normalize(code: str) -> str:
    # ASCII only: other scripts' digits and letters are no part of a code.
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())


def _digest(user: User, code: str) -> str:
    return hashlib.sha256(f"{user.id}:{_normalize(code)}".encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    """Whether the typed text has the shape of a recovery code rather than a six-digit one."""
    normalized = _normalize(code)
    return len(normalized) == _LENGTH and not normalized.isdigit()


def new_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; returns them to show once."""
    discard(user)
    codes = []
    for _ in range(COUNT):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, _LENGTH, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_digest(user, raw)))
    return codes


def discard(user: User) -> None:
    """Remove every recovery code of the user (two-factor sign-in turned off or reset)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def codes_left(user: User) -> int:
    """How many unused recovery codes the user has."""
    return (
        db.session.scalar(
            select(func.count(RecoveryCode.id)).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        )
        or 0
    )


def use_code(user: User, code: str) -> bool:
    """Spend a recovery code: true once per code, audited and e-mailed to the owner."""
    if not looks_like_recovery_code(code):
        return False
    # Compare-and-set, so two browsers racing with the same code cannot both get in.
    spent = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _digest(user, code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return False
    left = codes_left(user)
    audit.record("recovery_code_used", obj=user, actor=user, left=left)
    notices.notify(user, notices.Notice.RECOVERY_CODE_USED, left=left)
    return True
