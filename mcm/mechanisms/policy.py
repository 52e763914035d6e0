"""Who sits in which mechanism, and what that lets her do: the mechanism rules of the gate.

The gate in ``mcm.core.access`` asks these checks for every mechanism page; nothing else decides
who is a mechanism's coordinator or member.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from mcm.accounts.models import Membership, Role
from mcm.core.access import Rule, decide_in_mechanism, load_mechanism_with
from mcm.mechanisms.models import Mechanism
from mcm.mechanisms.services import mechanism_by_code


def membership_in(user: Any, mechanism_id: int) -> Any | None:
    """The user's membership in a mechanism, if any."""
    for membership in user.memberships:
        if membership.mechanism_id == mechanism_id:
            return membership
    return None


def can_view_mechanism(user: Any, mechanism: Any) -> bool:
    """Coordinators and member representatives see their own mechanisms' workspace."""
    if not user.is_authenticated or user.role not in (Role.COORDINATOR, Role.MEMBER):
        return False
    return membership_in(user, mechanism.id) is not None


def can_manage_mechanism(user: Any, mechanism: Any) -> bool:
    """Only the mechanism's coordinators run it."""
    return (
        user.is_authenticated
        and user.role is Role.COORDINATOR
        and membership_in(user, mechanism.id) is not None
    )


def can_edit_representatives(user: Any, institution: Any) -> bool:
    """Coordinators keep every member's representatives; a member keeps her own institution's."""
    if can_manage_mechanism(user, institution.mechanism):
        return True
    membership = membership_in(user, institution.mechanism_id)
    return (
        user.role is Role.MEMBER
        and membership is not None
        and membership.institution_id == institution.id
        and institution.left_on is None
    )


def visible_mechanisms(user: Any) -> Select[Any]:
    """A query of the mechanisms whose workspace the user may open."""
    return (
        select(Mechanism)
        .join(Membership, Membership.mechanism_id == Mechanism.id)
        .where(Membership.user_id == user.id)
    )


def coordinates(user: Any, mechanism_id: int) -> bool:
    """Whether the user is a coordinator of the mechanism."""

    return (
        user.is_authenticated
        and user.role is Role.COORDINATOR
        and membership_in(user, mechanism_id) is not None
    )


def member_institution_id(user: Any, mechanism_id: int) -> int | None:
    """The institution a member representative sits for in a mechanism; None for other roles."""
    if not user.is_authenticated or user.role is not Role.MEMBER:
        return None
    membership = membership_in(user, mechanism_id)
    return membership.institution_id if membership is not None else None


decide_in_mechanism(Rule.MECHANISM_VIEW)(can_view_mechanism)
decide_in_mechanism(Rule.MECHANISM_MANAGE)(can_manage_mechanism)
load_mechanism_with(mechanism_by_code)
