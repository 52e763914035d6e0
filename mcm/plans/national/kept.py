"""The national matrix kept on write: per strategy, level, mechanism and column, the number of
activities of the mechanism's counted plans that fall under the column and their mean derived
progress (table plan_matrix_cells), so that the matrix reads one row per cell instead of
deriving every activity's progress on every request.

A change to a mechanism's plans, activities, their alignments, indicator values or the actions
linked to its activities touches that mechanism; its cells of every strategy and level are then
counted again from the records, with the matrix's own rules (mcm.plans.national.queries). A
change to a strategy's tree of objectives touches every mechanism with a plan under it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.orm import Session

from mcm.core import aggregates
from mcm.core.aggregates import Aggregate, Keys
from mcm.meetings.models import Action
from mcm.plans.models import (
    ActionPlan,
    ActivityAlignment,
    IndicatorValue,
    PlanActivity,
    StrategyObjective,
)
from mcm.plans.national.models import MatrixCell
from mcm.plans.national.queries import COUNTED, LEVELS, aligned, columns_of
from mcm.plans.progress.queries import Measures, derive, measures_of

NAME = "national matrix"
_table = MatrixCell.__table__
_COUNTED: dict[type, tuple[str, ...]] = {
    ActionPlan: ("mechanism_id", "strategy_id", "status"),
    PlanActivity: ("plan_id", "baseline", "target"),
    ActivityAlignment: ("activity_id", "objective_id"),
    IndicatorValue: ("activity_id", "value", "reported_on"),
    Action: ("lap_activity_id", "status", "mechanism_id"),
    StrategyObjective: ("parent_id", "level"),
}


def cells_of(
    session: Session, strategy_id: int, mechanism_ids: Collection[int] | None
) -> list[dict[str, Any]]:
    """The strategy's cells of some mechanisms (all when None), at every level."""
    objectives = session.execute(
        select(
            StrategyObjective.id,
            StrategyObjective.parent_id,
            StrategyObjective.level,
            StrategyObjective.position,
            StrategyObjective.code,
        ).where(StrategyObjective.strategy_id == strategy_id)
    ).all()

    def only(stmt: Any) -> Any:
        stmt = aligned(stmt, strategy_id)
        if mechanism_ids is not None:
            stmt = stmt.where(ActionPlan.mechanism_id.in_(sorted(mechanism_ids)))
        return stmt

    measures = measures_of(only(select(PlanActivity.id)), session)
    rows = (
        session.connection()
        .execute(
            only(
                select(
                    PlanActivity.id,
                    ActionPlan.mechanism_id,
                    ActivityAlignment.objective_id,
                    PlanActivity.baseline,
                    PlanActivity.target,
                )
            )
        )
        .all()
    )
    progress: dict[int, float] = {}
    for activity_id, _mechanism, _objective, baseline, target in rows:
        if activity_id not in progress:
            progress[activity_id] = (
                derive(
                    activity_id=activity_id,
                    baseline=baseline,
                    target=target,
                    end_year=date.max.year,  # the progress does not depend on the day
                    end_quarter=4,
                    measures=measures.get(activity_id, Measures()),
                    today=date.min,
                ).progress
                or 0.0
            )
    found = []
    for level in LEVELS:
        columns, column_of = columns_of(objectives, level)
        under: dict[tuple[int, int], set[int]] = defaultdict(set)
        for activity_id, mechanism_id, objective_id, _baseline, _target in rows:
            column = column_of.get(objective_id)
            if column is not None:  # aligned above the level: it covers no single column
                # An activity aligned to two objectives of one column counts once there.
                under[mechanism_id, column].add(activity_id)
        for (mechanism_id, column), activities in sorted(under.items()):
            found.append(
                {
                    "strategy_id": strategy_id,
                    "level": level.value,
                    "mechanism_id": mechanism_id,
                    "objective_id": columns[column].id,
                    "activities": len(activities),
                    "progress": sum(progress[a] for a in sorted(activities)) / len(activities),
                }
            )
    return found


def recompute(session: Session, keys: Keys) -> None:
    """Count the cells of these mechanisms again, for every strategy of their plans."""
    ids = sorted(int(k) for k in keys)  # type: ignore[call-overload]
    session.execute(delete(_table).where(_table.c.mechanism_id.in_(ids)))
    strategies = session.scalars(
        select(ActionPlan.strategy_id)
        .where(ActionPlan.mechanism_id.in_(ids), ActionPlan.status.in_(COUNTED))
        .distinct()
    ).all()
    for strategy_id in sorted(strategies):
        rows = cells_of(session, strategy_id, ids)
        if rows:
            session.execute(insert(_table), rows)


def rebuild(session: Session) -> None:
    """Count every cell again."""
    session.execute(delete(_table))
    strategies = session.scalars(
        select(ActionPlan.strategy_id).where(ActionPlan.status.in_(COUNTED)).distinct()
    ).all()
    for strategy_id in sorted(strategies):
        rows = cells_of(session, strategy_id, None)
        if rows:
            session.execute(insert(_table), rows)


def _values(record: Any, attribute: str) -> set[Any]:
    history = inspect(record).attrs[attribute].history
    return {v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None}


def _changes_counted(session: Session, record: Any) -> bool:
    if record in session.new or record in session.deleted:
        return not (isinstance(record, StrategyObjective) and record in session.new)
    state = inspect(record)
    return any(state.attrs[name].history.has_changes() for name in _COUNTED[type(record)])


def touched(session: Session, changed: list[Any]) -> Keys:
    """The mechanisms whose cells the flushed records may have changed."""
    records = [r for r in changed if type(r) in _COUNTED and _changes_counted(session, r)]
    keys: Keys = set()
    plans: set[int] = set()
    activities: set[int] = set()
    strategies: set[int] = set()
    for record in records:
        if isinstance(record, ActionPlan):
            keys |= _values(record, "mechanism_id")
        elif isinstance(record, PlanActivity):
            plans |= _values(record, "plan_id")
        elif isinstance(record, ActivityAlignment | IndicatorValue):
            activities |= _values(record, "activity_id")
        elif isinstance(record, Action):
            if _values(record, "lap_activity_id"):
                keys |= _values(record, "mechanism_id")
        elif isinstance(record, StrategyObjective):
            strategies |= _values(record, "strategy_id")
    if activities:
        plans |= set(
            session.scalars(select(PlanActivity.plan_id).where(PlanActivity.id.in_(activities)))
        )
    if plans:
        keys |= set(
            session.scalars(select(ActionPlan.mechanism_id).where(ActionPlan.id.in_(plans)))
        )
    if strategies:
        keys |= set(
            session.scalars(
                select(ActionPlan.mechanism_id).where(ActionPlan.strategy_id.in_(strategies))
            )
        )
    return keys


aggregates.register(Aggregate(NAME, touched, recompute, rebuild))
