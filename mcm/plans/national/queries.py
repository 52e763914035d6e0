"""The national matrix: which mechanisms' adopted plans cover which national objectives, and how
far they are, in a fixed number of queries however many plans, actions and values there are.

A plan counts once adopted (also while under revision); drafts do not. An objective is covered by
a mechanism when an activity of such a plan is aligned to it or to one of its descendants. A
cell's progress is the mean of those activities' derived progress (mcm.plans.progress.queries)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.plans.models import (
    ActionPlan,
    ActivityAlignment,
    ObjectiveLevel,
    PlanActivity,
    PlanStatus,
    Strategy,
    StrategyObjective,
)
from mcm.plans.progress.queries import Measures, derive, measures_of
from mcm.reference.models import Municipality, Region

COUNTED = (PlanStatus.ADOPTED, PlanStatus.UNDER_REVISION)
LEVELS = (ObjectiveLevel.PILLAR, ObjectiveLevel.STRATEGIC, ObjectiveLevel.SPECIFIC)


@dataclass
class Cell:
    activities: int = 0
    progress: float | None = None  # mean derived progress of the aligned activities

    @property
    def covered(self) -> bool:
        return self.activities > 0

    @property
    def percent(self) -> int:
        return round((self.progress or 0) * 100)


@dataclass
class MatrixRow:
    mechanism: Mechanism
    plans: list[ActionPlan]
    cells: list[Cell]

    @property
    def uncovered(self) -> int:
        return sum(1 for c in self.cells if not c.covered)


@dataclass
class Matrix:
    strategy: Strategy | None
    strategies: list[Strategy]
    level: ObjectiveLevel
    columns: list[StrategyObjective]
    regions: list[tuple[Region, list[MatrixRow]]] = field(default_factory=list)

    @property
    def rows(self) -> list[MatrixRow]:
        return [row for _region, rows in self.regions for row in rows]

    def coverage(self) -> list[int]:
        """How many municipalities cover each column."""
        return [sum(1 for r in self.rows if r.cells[i].covered) for i in range(len(self.columns))]


def strategies() -> list[Strategy]:
    """Every strategy, newest first, the template last."""
    return list(
        db.session.scalars(
            select(Strategy).order_by(
                Strategy.is_template,
                Strategy.starts_year.desc(),
                Strategy.imported_at.desc(),
                Strategy.id.desc(),
            )
        )
    )


def _columns(
    objectives: list[StrategyObjective], level: ObjectiveLevel
) -> tuple[list[StrategyObjective], dict[int, int]]:
    """The objectives of the level (in tree order) and, for every objective, the column it
    falls under (itself or its ancestor at that level)."""
    by_id = {o.id: o for o in objectives}
    children: dict[int | None, list[StrategyObjective]] = defaultdict(list)
    for objective in objectives:
        children[objective.parent_id].append(objective)
    ordered: list[StrategyObjective] = []

    def walk(parent: int | None) -> None:
        for child in sorted(children.get(parent, []), key=lambda o: (o.position, o.code)):
            ordered.append(child)
            walk(child.id)

    walk(None)
    columns = [o for o in ordered if o.level is level]
    index = {o.id: n for n, o in enumerate(columns)}
    column_of: dict[int, int] = {}
    for objective in objectives:
        node: StrategyObjective | None = objective
        seen = 0
        while node is not None and seen < 10:  # a cycle in imported data never hangs the page
            if node.id in index:
                column_of[objective.id] = index[node.id]
                break
            node = by_id.get(node.parent_id) if node.parent_id else None
            seen += 1
    return columns, column_of


def build(
    strategy_id: int | None = None, level: str | None = None, today: date | None = None
) -> Matrix:
    """The matrix for a strategy (default: the latest non-template one, else the template)."""
    today = today or date.today()
    known = strategies()
    strategy = next((s for s in known if s.id == strategy_id), None) or (
        known[0] if known else None
    )
    chosen = next((lv for lv in LEVELS if lv.value == level), ObjectiveLevel.STRATEGIC)
    mechanisms = db.session.scalars(
        select(Mechanism)
        .join(Mechanism.municipality)
        .join(Municipality.region)
        .options(contains_eager(Mechanism.municipality).contains_eager(Municipality.region))
        .order_by(Region.name_en, Municipality.name_en)
    ).all()
    if strategy is None:
        rows = [MatrixRow(m, [], []) for m in mechanisms]
        return Matrix(None, known, chosen, [], _by_region(rows))
    objectives = list(
        db.session.scalars(
            select(StrategyObjective).where(StrategyObjective.strategy_id == strategy.id)
        )
    )
    columns, column_of = _columns(objectives, chosen)
    plans = db.session.scalars(
        select(ActionPlan)
        .where(ActionPlan.strategy_id == strategy.id, ActionPlan.status.in_(COUNTED))
        .order_by(ActionPlan.starts_year, ActionPlan.id)
    ).all()
    plans_of: dict[int, list[ActionPlan]] = defaultdict(list)
    for plan in plans:
        plans_of[plan.mechanism_id].append(plan)
    measures = measures_of(_aligned(select(PlanActivity.id), strategy.id))
    rows_aligned = (
        db.session.connection()
        .execute(
            _aligned(
                select(
                    PlanActivity.id,
                    ActionPlan.mechanism_id,
                    ActivityAlignment.objective_id,
                    PlanActivity.baseline,
                    PlanActivity.target,
                    PlanActivity.end_year,
                    PlanActivity.end_quarter,
                ),
                strategy.id,
            )
        )
        .all()  # fetchall: much faster than row by row on SQLite
    )
    progress_in: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    derived: dict[int, float] = {}
    for row in rows_aligned:
        activity_id, mechanism_id, objective_id, baseline, target, end_year, end_quarter = row
        column = column_of.get(objective_id)
        if column is None:
            continue  # aligned above the chosen level: it covers no single column
        if activity_id not in derived:  # an activity aligned to several objectives
            derived[activity_id] = (
                derive(
                    activity_id=activity_id,
                    baseline=baseline,
                    target=target,
                    end_year=end_year,
                    end_quarter=end_quarter,
                    measures=measures.get(activity_id, Measures()),
                    today=today,
                ).progress
                or 0.0
            )
        # An activity aligned to two objectives of one column counts once there.
        progress_in[(mechanism_id, column)][activity_id] = derived[activity_id]
    rows = []
    for mechanism in mechanisms:
        cells = []
        for column in range(len(columns)):
            values = progress_in.get((mechanism.id, column))
            cells.append(
                Cell(len(values), sum(values.values()) / len(values)) if values else Cell()
            )
        rows.append(MatrixRow(mechanism, plans_of.get(mechanism.id, []), cells))
    return Matrix(strategy, known, chosen, columns, _by_region(rows))


def _aligned(stmt: Select[Any], strategy_id: int) -> Select[Any]:
    """Activities of counted plans aligned to the strategy's objectives (one row per alignment)."""
    return (
        stmt.join(ActionPlan, ActionPlan.id == PlanActivity.plan_id)
        .join(ActivityAlignment, ActivityAlignment.activity_id == PlanActivity.id)
        .join(StrategyObjective, StrategyObjective.id == ActivityAlignment.objective_id)
        .where(StrategyObjective.strategy_id == strategy_id, ActionPlan.status.in_(COUNTED))
    )


def _by_region(rows: list[MatrixRow]) -> list[tuple[Region, list[MatrixRow]]]:
    key: Any = lambda row: row.mechanism.municipality.region  # noqa: E731
    return [(region, list(items)) for region, items in groupby(rows, key=key)]
