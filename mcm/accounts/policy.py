"""The role rules of the gate, and the step every signed-in user takes first."""

from __future__ import annotations

from typing import Any

from mcm.accounts.models import Role
from mcm.accounts.services import must_enrol_totp
from mcm.core.access import Rule, before_signed_in_pages, decide


@decide(Rule.ADMIN)
def is_administrator(user: Any) -> bool:
    """Administrators only."""
    return user.role is Role.ADMINISTRATOR


@decide(Rule.OBSERVER)
def reads_national_aggregates(user: Any) -> bool:
    """Observers and administrators read national aggregates, never case details."""
    return user.role in (Role.OBSERVER, Role.ADMINISTRATOR)


@before_signed_in_pages
def totp_first(user: Any) -> str | None:
    """A user who must use two-factor sign-in sets it up before anything else."""
    return "accounts.totp_setup" if must_enrol_totp(user) else None
