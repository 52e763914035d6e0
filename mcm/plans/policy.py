"""Who changes an action plan."""

from __future__ import annotations

from typing import Any

from mcm.mechanisms.policy import coordinates
from mcm.plans.models import PlanStatus


def can_edit_plan(user: Any, plan: Any) -> bool:
    """The mechanism's coordinators change a plan while it is a draft or under revision; an
    adopted plan is changed only by starting a revision."""
    return plan.status is not PlanStatus.ADOPTED and coordinates(user, plan.mechanism_id)
