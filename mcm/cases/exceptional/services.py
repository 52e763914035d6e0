"""An administrator's exceptional access to one case: a written reason, a short validity, and an
audit entry the mechanism's coordinators read in the case's log."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from mcm.cases.models import Case, ExceptionalAccess
from mcm.cases.register.services import CaseError, record
from mcm.core.db import utcnow
from mcm.extensions import db

VALIDITY = timedelta(hours=1)
MIN_REASON = 20
CODE = re.compile(r"[A-Za-z]{2,8}-\d{4}-\d{3,6}")


def case_by_code(code: str) -> Case | None:
    """The case with this code (any mechanism); None for anything that is not a case code."""
    code = (code or "").strip().upper()
    if not CODE.fullmatch(code):
        return None
    return db.session.scalar(select(Case).where(Case.code == code))


def grant(user: Any, case: Case | None, reason: str) -> ExceptionalAccess:
    """Record an administrator's justified access to a case, valid for an hour."""
    if case is None:
        raise CaseError(_("No case has this code."), "code")
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise CaseError(_("Explain why, in at least %(n)d characters.", n=MIN_REASON), "reason")
    now = utcnow()
    access = ExceptionalAccess(
        case_id=case.id, user_id=user.id, reason=reason, granted_at=now, expires_at=now + VALIDITY
    )
    db.session.add(access)
    db.session.flush()
    record(
        "case_exceptional_access_granted",
        case,
        access_id=access.id,
        expires_at=access.expires_at.isoformat(timespec="minutes"),
    )
    return access
