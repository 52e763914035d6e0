"""Need to know: who sees, changes and transfers which case."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, select

from mcm.accounts.models import Role
from mcm.cases.models import Case, CaseInstitution, CaseStatus, ExceptionalAccess
from mcm.core.db import utcnow
from mcm.extensions import db
from mcm.mechanisms.policy import coordinates, member_institution_id
from mcm.meetings.models import Action


def is_involved_in_case(user: Any, case: Any) -> bool:
    """A member whose institution the coordinator involved in the case (CaseInstitution)."""
    institution_id = member_institution_id(user, case.mechanism_id)
    if institution_id is None:
        return False
    return (
        db.session.scalar(
            select(CaseInstitution.id).where(
                CaseInstitution.case_id == case.id,
                CaseInstitution.institution_id == institution_id,
            )
        )
        is not None
    )


def has_exceptional_access(user: Any, case: Any) -> bool:
    """An administrator during a recorded, justified and unexpired access to this case."""
    if not user.is_authenticated or user.role is not Role.ADMINISTRATOR:
        return False
    return (
        db.session.scalar(
            select(ExceptionalAccess.id).where(
                ExceptionalAccess.case_id == case.id,
                ExceptionalAccess.user_id == user.id,
                ExceptionalAccess.expires_at > utcnow(),
            )
        )
        is not None
    )


def can_see_case(user: Any, case: Any) -> bool:
    """Case details: the mechanism's coordinators, members of the institutions involved in the
    case, and an administrator during an exceptional access. Observers never."""
    return (
        coordinates(user, case.mechanism_id)
        or is_involved_in_case(user, case)
        or has_exceptional_access(user, case)
    )


def can_edit_case(user: Any, case: Any) -> bool:
    """The mechanism's coordinators change an open case; closed and transferred ones are read."""
    return case.status is CaseStatus.OPEN and coordinates(user, case.mechanism_id)


def can_manage_case(user: Any, case: Any) -> bool:
    """Close, reopen, transfer, and read the case's audit log: the mechanism's coordinators."""
    return coordinates(user, case.mechanism_id)


def can_see_case_history(user: Any, case: Any) -> bool:
    """The discussions a case had in the mechanism it was transferred from: read-only, for the
    receiving coordinators (and an administrator's exceptional access)."""
    return coordinates(user, case.mechanism_id) or has_exceptional_access(user, case)


def visible_cases(user: Any, mechanism_id: int) -> Select[Any]:
    """The cases of a mechanism listed to the user: every case for its coordinators; for a
    member, those her institution is involved in or has follow-up actions on; none otherwise."""
    stmt = select(Case).where(Case.mechanism_id == mechanism_id)
    if coordinates(user, mechanism_id):
        return stmt
    institution_id = member_institution_id(user, mechanism_id)
    if institution_id is None:
        return stmt.where(false())
    involved = select(CaseInstitution.id).where(
        CaseInstitution.case_id == Case.id, CaseInstitution.institution_id == institution_id
    )
    assigned = select(Action.id).where(
        Action.case_id == Case.id, Action.responsible_institution_id == institution_id
    )
    return stmt.where(involved.exists() | assigned.exists())


def can_decide_transfer(user: Any, transfer: Any) -> bool:
    """The receiving mechanism's coordinators accept or decline a transfer."""
    return coordinates(user, transfer.to_mechanism_id)
