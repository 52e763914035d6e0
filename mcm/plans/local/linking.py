"""Linking work to the plan: the LAP activities a meeting action or case follow-up can serve,
and the actions that serve an activity."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from mcm.extensions import db
from mcm.meetings.actions.plan_activities import ActivityLinks, serve_plan_activities
from mcm.meetings.models import Action
from mcm.plans.models import ActionPlan, PlanActivity, PlanObjective, PlanStatus

LINKABLE = (PlanStatus.DRAFT, PlanStatus.ADOPTED, PlanStatus.UNDER_REVISION)


def linkable_activities(mechanism_id: int) -> list[tuple[ActionPlan, PlanObjective, PlanActivity]]:
    """The activities of the mechanism's plans, plan by plan (newest first), then by objective."""
    rows = db.session.execute(
        select(ActionPlan, PlanObjective, PlanActivity)
        .join(PlanObjective, PlanObjective.plan_id == ActionPlan.id)
        .join(PlanActivity, PlanActivity.objective_id == PlanObjective.id)
        .where(ActionPlan.mechanism_id == mechanism_id, ActionPlan.status.in_(LINKABLE))
        .order_by(
            ActionPlan.starts_year.desc(),
            ActionPlan.id.desc(),
            PlanObjective.position,
            PlanObjective.id,
            PlanActivity.position,
            PlanActivity.id,
        )
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def activity_choices(mechanism_id: int) -> list[SelectChoice]:
    """Choices for the "Plan activity" select, grouped by plan objective; the first is none."""
    choices = [SelectChoice("", _("— none —"))]
    for plan, objective, activity in linkable_activities(mechanism_id):
        period = f"{plan.starts_year}-{plan.ends_year}"
        group = f"{plan.title} ({period}) · {objective.code} {objective.title}"
        choices.append(
            SelectChoice(str(activity.id), f"{activity.code} {activity.title}", optgroup=group)
        )
    return choices


def activity_for(mechanism_id: int, activity_id: int | None) -> PlanActivity | None:
    """The activity to link, if it belongs to one of the mechanism's plans; None for no link.
    Raises LookupError when the id is not one the mechanism can link to."""
    if not activity_id:
        return None
    activity = db.session.get(PlanActivity, activity_id)
    plan = db.session.get(ActionPlan, activity.plan_id) if activity else None
    if activity is None or plan is None or plan.mechanism_id != mechanism_id:
        raise LookupError(activity_id)
    return activity


def linked_actions(activity: PlanActivity) -> list[Action]:
    """The actions linked to an activity, earliest due first, institution and meeting loaded."""
    return list(
        db.session.scalars(
            select(Action)
            .where(Action.lap_activity_id == activity.id)
            .options(joinedload(Action.responsible_institution), joinedload(Action.meeting))
            .order_by(Action.due_on, Action.id)
        ).unique()
    )


def activity_label(activity_id: int | None) -> dict[str, Any] | None:
    """The activity an action serves, for the action page: code, title and plan id."""
    if not activity_id:
        return None
    activity = db.session.get(PlanActivity, activity_id)
    if activity is None:
        return None
    return {"id": activity.id, "code": activity.code, "title": activity.title}


serve_plan_activities(ActivityLinks(activity_choices, activity_for, activity_label))
