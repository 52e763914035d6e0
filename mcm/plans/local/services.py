"""Local action plans: create and edit while draft or under revision, adopt (freezing a numbered
version), start a revision, and read a plan's structure in a constant number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from mcm.core import aggregates, audit
from mcm.core.audit import AuditEntry
from mcm.core.conflicts import check_version
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.plans.models import (
    ActionPlan,
    ActionPlanVersion,
    ActivityAlignment,
    ActivitySupport,
    PlanActivity,
    PlanObjective,
    PlanStatus,
    Strategy,
    StrategyObjective,
)


class PlanError(ValueError):
    """A change the plan's state or rules do not allow; the message is for the user."""


def check_editable(plan: ActionPlan) -> None:
    """An adopted plan is changed only by starting a revision."""
    if plan.status is PlanStatus.ADOPTED:
        raise PlanError(_("The plan is adopted. Start a revision to change it."))


def plans_of(mechanism_id: int) -> list[ActionPlan]:
    """A mechanism's plans, the newest period first, with their strategies."""
    return list(
        db.session.scalars(
            select(ActionPlan)
            .options(joinedload(ActionPlan.strategy))
            .where(ActionPlan.mechanism_id == mechanism_id)
            .order_by(ActionPlan.starts_year.desc(), ActionPlan.id.desc())
        )
    )


def current_members(mechanism_id: int) -> list[Institution]:
    """The institutions that are members of the mechanism today."""
    return list(
        db.session.scalars(
            select(Institution)
            .where(Institution.mechanism_id == mechanism_id, Institution.left_on.is_(None))
            .order_by(Institution.name)
        )
    )


def _check_period(starts_year: int, ends_year: int) -> None:
    if ends_year < starts_year:
        raise PlanError(_("The last year comes before the first year."))
    if ends_year - starts_year > 10:
        raise PlanError(_("A plan covers at most ten years."))


def create_plan(
    mechanism: Mechanism, strategy: Strategy, title: str, starts_year: int, ends_year: int
) -> ActionPlan:
    """Start a draft plan for a mechanism."""
    _check_period(starts_year, ends_year)
    plan = ActionPlan(
        mechanism_id=mechanism.id,
        strategy_id=strategy.id,
        title=title,
        starts_year=starts_year,
        ends_year=ends_year,
    )
    db.session.add(plan)
    db.session.flush()
    audit.record("plan_created", obj=plan, mechanism_id=mechanism.id, title=title)
    return plan


def update_plan(plan: ActionPlan, version: object, **fields: Any) -> None:
    """Change a plan's title, period or strategy, unless someone changed it meanwhile."""
    check_version(plan, version)
    check_editable(plan)
    _check_period(fields["starts_year"], fields["ends_year"])
    if fields["strategy_id"] != plan.strategy_id and db.session.scalar(
        select(func.count(ActivityAlignment.id))
        .join(PlanActivity, PlanActivity.id == ActivityAlignment.activity_id)
        .where(PlanActivity.plan_id == plan.id)
    ):
        raise PlanError(
            _("Activities are aligned to the current strategy: change their alignment first.")
        )
    changed = {k: v for k, v in fields.items() if getattr(plan, k) != v}
    for key, value in changed.items():
        setattr(plan, key, value)
    if changed:
        audit.record(
            "plan_updated", obj=plan, mechanism_id=plan.mechanism_id, fields=sorted(changed)
        )
    db.session.flush()


def save_objective(
    plan: ActionPlan, objective: PlanObjective | None, code: str, title: str, position: int
) -> PlanObjective:
    """Add an objective to the plan, or change one."""
    check_editable(plan)
    clash = db.session.scalar(
        select(PlanObjective.id).where(
            PlanObjective.plan_id == plan.id,
            PlanObjective.code == code,
            PlanObjective.id != (objective.id if objective else -1),
        )
    )
    if clash is not None:
        raise PlanError(_("Another objective of this plan has the code %(code)s.", code=code))
    if objective is None:
        objective = PlanObjective(plan_id=plan.id)
        db.session.add(objective)
    objective.code, objective.title, objective.position = code, title, position
    db.session.flush()
    audit.record("plan_objective_saved", obj=objective, mechanism_id=plan.mechanism_id, code=code)
    return objective


def save_activity(
    plan: ActionPlan,
    activity: PlanActivity | None,
    version: object,
    *,
    supporting_ids: list[int],
    aligned_ids: list[int],
    **fields: Any,
) -> PlanActivity:
    """Add an activity to the plan, or change one, with its supporting institutions and the
    national objectives it serves."""
    check_editable(plan)
    if activity is not None:
        check_version(activity, version)
    start = (fields["start_year"], fields["start_quarter"])
    end = (fields["end_year"], fields["end_quarter"])
    if end < start:
        raise PlanError(_("The activity ends before it starts."))
    if start[0] < plan.starts_year or end[0] > plan.ends_year:
        raise PlanError(
            _(
                "The activity must fall within the plan's period, %(start)d to %(end)d.",
                start=plan.starts_year,
                end=plan.ends_year,
            )
        )
    if activity is None:
        activity = PlanActivity(plan_id=plan.id)
        db.session.add(activity)
    for key, value in fields.items():
        setattr(activity, key, value)
    db.session.flush()
    supporting = set(supporting_ids) - {fields.get("responsible_institution_id")}
    db.session.execute(delete(ActivitySupport).where(ActivitySupport.activity_id == activity.id))
    db.session.execute(
        delete(ActivityAlignment).where(ActivityAlignment.activity_id == activity.id)
    )
    # A bulk delete passes no flush: the national matrix's kept cells are counted again.
    aggregates.recompute(db.session, "national matrix", [plan.mechanism_id])
    db.session.add_all(
        ActivitySupport(activity_id=activity.id, institution_id=i) for i in sorted(supporting)
    )
    db.session.add_all(
        ActivityAlignment(activity_id=activity.id, objective_id=i) for i in sorted(set(aligned_ids))
    )
    db.session.flush()
    audit.record(
        "plan_activity_saved", obj=activity, mechanism_id=plan.mechanism_id, code=activity.code
    )
    return activity


def plan_tree(plan: ActionPlan) -> list[tuple[PlanObjective, list[PlanActivity]]]:
    """The plan's objectives in order, each with its activities; every activity carries
    `supporting_institutions` and `aligned_objectives` lists. Four queries, whatever the size."""
    objectives = db.session.scalars(
        select(PlanObjective)
        .where(PlanObjective.plan_id == plan.id)
        .order_by(PlanObjective.position, PlanObjective.code)
    ).all()
    activities = db.session.scalars(
        select(PlanActivity)
        .options(joinedload(PlanActivity.responsible_institution))
        .where(PlanActivity.plan_id == plan.id)
        .order_by(PlanActivity.position, PlanActivity.code)
    ).all()
    supports: dict[int, list[Institution]] = {}
    for activity_id, institution in db.session.execute(
        select(ActivitySupport.activity_id, Institution)
        .join(Institution, Institution.id == ActivitySupport.institution_id)
        .join(PlanActivity, PlanActivity.id == ActivitySupport.activity_id)
        .where(PlanActivity.plan_id == plan.id)
        .order_by(Institution.name)
    ):
        supports.setdefault(activity_id, []).append(institution)
    alignments: dict[int, list[StrategyObjective]] = {}
    for activity_id, objective in db.session.execute(
        select(ActivityAlignment.activity_id, StrategyObjective)
        .join(StrategyObjective, StrategyObjective.id == ActivityAlignment.objective_id)
        .join(PlanActivity, PlanActivity.id == ActivityAlignment.activity_id)
        .where(PlanActivity.plan_id == plan.id)
        .order_by(StrategyObjective.position)
    ):
        alignments.setdefault(activity_id, []).append(objective)
    by_objective: dict[int, list[PlanActivity]] = {}
    for activity in activities:
        activity.supporting_institutions = supports.get(activity.id, [])  # type: ignore[attr-defined]
        activity.aligned_objectives = alignments.get(activity.id, [])  # type: ignore[attr-defined]
        by_objective.setdefault(activity.objective_id, []).append(activity)
    return [(objective, by_objective.get(objective.id, [])) for objective in objectives]


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def snapshot(plan: ActionPlan) -> dict[str, Any]:
    """The plan as it stands, as plain data to freeze in a version."""
    return {
        "title": plan.title,
        "starts_year": plan.starts_year,
        "ends_year": plan.ends_year,
        "strategy": plan.strategy.code,
        "objectives": [
            {
                "code": objective.code,
                "title": objective.title,
                "activities": [
                    {
                        "code": a.code,
                        "title": a.title,
                        "indicator": a.indicator,
                        "baseline": _number(a.baseline),
                        "target": _number(a.target),
                        "unit": a.unit,
                        "responsible": a.responsible_institution.name
                        if a.responsible_institution
                        else "",
                        "supporting": [i.name for i in a.supporting_institutions],
                        "start": f"{a.start_year} Q{a.start_quarter}",
                        "end": f"{a.end_year} Q{a.end_quarter}",
                        "budget_eur": _number(a.budget_eur),
                        "funding_source": a.funding_source.value if a.funding_source else "",
                        "aligned": [o.code for o in a.aligned_objectives],
                    }
                    for a in activities
                ],
            }
            for objective, activities in plan_tree(plan)
        ],
    }


def versions(plan: ActionPlan) -> list[ActionPlanVersion]:
    """The plan's adopted versions, the newest first."""
    return list(
        db.session.scalars(
            select(ActionPlanVersion)
            .where(ActionPlanVersion.plan_id == plan.id)
            .order_by(ActionPlanVersion.number.desc())
        )
    )


def _revision_reason(plan: ActionPlan) -> str:
    entry = db.session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.action == "plan_revision_started",
            AuditEntry.object_type == ActionPlan.__tablename__,
            AuditEntry.object_id == plan.id,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return str(entry.details.get("reason", "")) if entry is not None else ""


def adopt(
    plan: ActionPlan, version: object, adopted_on: date, decision_reference: str, actor: Any
) -> ActionPlanVersion:
    """Adopt the plan: freeze a numbered version of its objectives and activities."""
    check_version(plan, version)
    check_editable(plan)
    if not db.session.scalar(
        select(func.count(PlanActivity.id)).where(PlanActivity.plan_id == plan.id)
    ):
        raise PlanError(_("Add at least one activity before adopting the plan."))
    number = 1 + (
        db.session.scalar(
            select(func.max(ActionPlanVersion.number)).where(ActionPlanVersion.plan_id == plan.id)
        )
        or 0
    )
    frozen = ActionPlanVersion(
        plan_id=plan.id,
        number=number,
        adopted_on=adopted_on,
        decision_reference=decision_reference,
        reason=_revision_reason(plan) if number > 1 else "",
        snapshot=snapshot(plan),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(frozen)
    plan.status = PlanStatus.ADOPTED
    plan.adopted_on = adopted_on
    plan.decision_reference = decision_reference
    db.session.flush()
    audit.record(
        "plan_adopted", obj=plan, mechanism_id=plan.mechanism_id, version=number,
        decision_reference=decision_reference,
    )  # fmt: skip
    return frozen


def start_revision(plan: ActionPlan, version: object, reason: str) -> None:
    """Open an adopted plan for changes; its adopted versions stay readable."""
    check_version(plan, version)
    if plan.status is not PlanStatus.ADOPTED:
        raise PlanError(_("Only an adopted plan can be revised."))
    plan.status = PlanStatus.UNDER_REVISION
    db.session.flush()
    audit.record("plan_revision_started", obj=plan, mechanism_id=plan.mechanism_id, reason=reason)
