"""Progress of a local action plan, derived from what was reported and done, never typed.

The rule, shown on the plan and activity pages:
- An activity with a target and at least one reported indicator value: the latest value between
  baseline (0 when none) and target, (latest - baseline) / (target - baseline), kept within 0..1.
  The indicator wins over the linked actions because it measures the result, not the means.
- Otherwise, from its linked actions: those done / all those not dropped.
- Otherwise there is nothing to measure: the activity shows "no progress reported" and counts as 0.
- An objective's progress is the mean of its activities, each counting equally (budgets are
  often unknown or not comparable between activities); a plan's is the mean of all its activities.
- Overdue: the activity's end quarter has passed and its target is not reached (no target: not
  every linked action done).
- No linked work: neither a linked action nor a reported value.

Every figure comes from a fixed number of aggregate queries, however large the plans are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from mcm.extensions import db
from mcm.meetings.models import Action, ActionStatus
from mcm.plans.models import ActionPlan, IndicatorValue, PlanActivity, PlanObjective

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def quarter_end(year: int, quarter: int) -> date:
    """The last day of a quarter."""
    month, day = QUARTER_END.get(quarter, (12, 31))
    return date(year, month, day)


@dataclass
class Measures:
    """What was reported and done for one activity."""

    latest_value: Decimal | None = None
    latest_on: date | None = None
    values: int = 0
    done: int = 0
    counted: int = 0  # linked actions not dropped
    linked: int = 0  # linked actions, dropped ones included


@dataclass
class ActivityProgress:
    activity_id: int
    progress: float | None  # 0..1; None when nothing can be measured
    basis: str  # "indicator", "actions" or "none"
    reached: bool
    overdue: bool
    unlinked: bool
    measures: Measures

    @property
    def percent(self) -> int:
        return round((self.progress or 0) * 100)


def _number(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def derive(
    *,
    activity_id: int,
    baseline: Any,
    target: Any,
    end_year: int,
    end_quarter: int,
    measures: Measures,
    today: date,
) -> ActivityProgress:
    """An activity's progress by the rule in this module's docstring."""
    baseline_n = _number(baseline) or Decimal(0)
    target_n = _number(target)
    progress: float | None = None
    basis = "none"
    if target_n is not None and measures.latest_value is not None:
        basis = "indicator"
        span = target_n - baseline_n
        if span == 0:
            progress = 1.0 if measures.latest_value == target_n else 0.0
        else:
            progress = float((_number(measures.latest_value) - baseline_n) / span)  # type: ignore[operator]
        progress = min(1.0, max(0.0, progress))
    elif measures.counted:
        basis = "actions"
        progress = measures.done / measures.counted
    reached = progress is not None and progress >= 1.0
    return ActivityProgress(
        activity_id=activity_id,
        progress=progress,
        basis=basis,
        reached=reached,
        overdue=quarter_end(end_year, end_quarter) < today and not reached,
        unlinked=measures.linked == 0 and measures.values == 0,
        measures=measures,
    )


def measures_of(activity_ids: Select[Any], session: Session | None = None) -> dict[int, Measures]:
    """The latest indicator value and the linked actions' counts of the activities selected by
    a subquery of ids: two aggregate queries returning one row per activity, whatever the
    number of values and actions."""
    session = session or db.session
    ids = activity_ids.scalar_subquery()
    latest = (
        select(
            IndicatorValue.activity_id.label("activity_id"),
            func.max(IndicatorValue.reported_on).label("latest_on"),
            func.count().label("n"),
        )
        .where(IndicatorValue.activity_id.in_(ids))
        .group_by(IndicatorValue.activity_id)
        .subquery()
    )
    found: dict[int, Measures] = {}
    rows = (
        session.connection()
        .execute(
            select(
                latest.c.activity_id,
                latest.c.latest_on,
                latest.c.n,
                IndicatorValue.id,
                IndicatorValue.value,
            ).join(
                IndicatorValue,
                (IndicatorValue.activity_id == latest.c.activity_id)
                & (IndicatorValue.reported_on == latest.c.latest_on),
            )
        )
        .all()
    )  # fetchall: much faster than row by row on SQLite
    newest: dict[int, int] = {}
    for activity_id, latest_on, n, value_id, value in rows:
        if value_id < newest.get(activity_id, 0):
            continue  # two values on the same day: the one recorded last counts
        newest[activity_id] = value_id
        if isinstance(latest_on, str):  # an aggregate loses its type on SQLite
            latest_on = date.fromisoformat(latest_on)
        found[activity_id] = Measures(latest_value=_number(value), latest_on=latest_on, values=n)
    done = func.sum(case((Action.status == ActionStatus.DONE.value, 1), else_=0))
    dropped = func.sum(case((Action.status == ActionStatus.DROPPED.value, 1), else_=0))
    for activity_id, linked, n_done, n_dropped in (
        session.connection()
        .execute(
            select(Action.lap_activity_id, func.count(), done, dropped)
            .where(Action.lap_activity_id.in_(ids))
            .group_by(Action.lap_activity_id)
        )
        .all()
    ):
        m = found.setdefault(activity_id, Measures())
        m.linked = linked
        m.counted = linked - (n_dropped or 0)
        m.done = n_done or 0
    return found


def _mean(values: list[float | None]) -> float | None:
    """Nothing measured counts as 0, so that an objective without work never looks done."""
    return sum(v or 0.0 for v in values) / len(values) if values else None


@dataclass
class ObjectiveProgress:
    objective: PlanObjective
    activities: list[tuple[PlanActivity, ActivityProgress]] = field(default_factory=list)

    @property
    def progress(self) -> float | None:
        return _mean([p.progress for _a, p in self.activities])

    @property
    def percent(self) -> int:
        return round((self.progress or 0) * 100)


@dataclass
class PlanProgress:
    plan: ActionPlan
    objectives: list[ObjectiveProgress]
    today: date

    @property
    def activities(self) -> list[tuple[PlanActivity, ActivityProgress]]:
        return [pair for o in self.objectives for pair in o.activities]

    @property
    def progress(self) -> float | None:
        return _mean([p.progress for _a, p in self.activities])

    @property
    def percent(self) -> int:
        return round((self.progress or 0) * 100)

    def of(self, activity_id: int) -> ActivityProgress | None:
        """One activity's progress, for the plan page's activity list."""
        for activity, found in self.activities:
            if activity.id == activity_id:
                return found
        return None

    @property
    def overdue(self) -> list[tuple[PlanActivity, ActivityProgress]]:
        return [(a, p) for a, p in self.activities if p.overdue]

    @property
    def unlinked(self) -> list[tuple[PlanActivity, ActivityProgress]]:
        return [(a, p) for a, p in self.activities if p.unlinked]


def progress_of(activity: PlanActivity, measures: Measures, today: date) -> ActivityProgress:
    """One activity's progress from its measures."""
    return derive(
        activity_id=activity.id,
        baseline=activity.baseline,
        target=activity.target,
        end_year=activity.end_year,
        end_quarter=activity.end_quarter,
        measures=measures,
        today=today,
    )


def plan_progress(plan: ActionPlan, today: date | None = None) -> PlanProgress:
    """A plan's progress per objective and activity, in four queries."""
    today = today or date.today()
    objectives = list(
        db.session.scalars(
            select(PlanObjective)
            .where(PlanObjective.plan_id == plan.id)
            .order_by(PlanObjective.position, PlanObjective.id)
        )
    )
    activities = list(
        db.session.scalars(
            select(PlanActivity)
            .where(PlanActivity.plan_id == plan.id)
            .order_by(PlanActivity.position, PlanActivity.id)
        )
    )
    measures = measures_of(select(PlanActivity.id).where(PlanActivity.plan_id == plan.id))
    by_objective = {o.id: ObjectiveProgress(o) for o in objectives}
    for activity in activities:
        holder = by_objective.get(activity.objective_id)
        if holder is not None:
            progress = progress_of(activity, measures.get(activity.id, Measures()), today)
            holder.activities.append((activity, progress))
    return PlanProgress(plan=plan, objectives=list(by_objective.values()), today=today)


def activity_progress(activity: PlanActivity, today: date | None = None) -> ActivityProgress:
    """One activity's progress (two queries)."""
    measures = measures_of(select(PlanActivity.id).where(PlanActivity.id == activity.id))
    return progress_of(activity, measures.get(activity.id, Measures()), today or date.today())
