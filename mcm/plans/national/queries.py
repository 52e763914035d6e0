"""The national matrix: which mechanisms' adopted plans cover which national objectives, and how
far they are, in a fixed number of queries however many plans, actions and values there are.

A plan counts once adopted (also while under revision); drafts do not. An objective is covered by
a mechanism when an activity of such a plan is aligned to it or to one of its descendants. A
cell's progress is the mean of those activities' derived progress (mcm.plans.progress.queries),
kept on write per cell (mcm.plans.national.kept)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from mcm.plans.national.models import MatrixCell
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
    plans: list[Any]  # (mechanism_id, title, starts_year, ends_year) of its counted plans
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


def columns_of(
    objectives: Sequence[Any], level: ObjectiveLevel
) -> tuple[list[Any], dict[int, int]]:
    """The objectives of the level (in tree order) and, for every objective, the column it
    falls under (itself or its ancestor at that level)."""
    by_id = {o.id: o for o in objectives}
    children: dict[int | None, list[Any]] = defaultdict(list)
    for objective in objectives:
        children[objective.parent_id].append(objective)
    ordered: list[Any] = []

    def walk(parent: int | None) -> None:
        for child in sorted(children.get(parent, []), key=lambda o: (o.position, o.code)):
            ordered.append(child)
            walk(child.id)

    walk(None)
    columns = [o for o in ordered if o.level is level]
    index = {o.id: n for n, o in enumerate(columns)}
    column_of: dict[int, int] = {}
    for objective in objectives:
        node: Any = objective
        seen = 0
        while node is not None and seen < 10:  # a cycle in imported data never hangs the page
            if node.id in index:
                column_of[objective.id] = index[node.id]
                break
            node = by_id.get(node.parent_id) if node.parent_id else None
            seen += 1
    return columns, column_of


def build(strategy_id: int | None = None, level: str | None = None) -> Matrix:
    """The matrix for a strategy (default: the latest non-template one, else the template)."""
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
    columns, _column_of = columns_of(objectives, chosen)
    plans = db.session.execute(  # rows, not records: the matrix names them only
        select(
            ActionPlan.mechanism_id, ActionPlan.title, ActionPlan.starts_year, ActionPlan.ends_year
        )
        .where(ActionPlan.strategy_id == strategy.id, ActionPlan.status.in_(COUNTED))
        .order_by(ActionPlan.starts_year, ActionPlan.id)
    ).all()
    plans_of: dict[int, list[Any]] = defaultdict(list)
    for plan in plans:
        plans_of[plan.mechanism_id].append(plan)
    # The cells kept on write (mcm.plans.national.kept): one row per covered cell.
    column = {objective.id: n for n, objective in enumerate(columns)}
    kept: dict[tuple[int, int], Cell] = {}
    for mechanism_id, objective_id, activities, progress in db.session.execute(
        select(
            MatrixCell.mechanism_id,
            MatrixCell.objective_id,
            MatrixCell.activities,
            MatrixCell.progress,
        ).where(MatrixCell.strategy_id == strategy.id, MatrixCell.level == chosen.value)
    ):
        if objective_id in column:
            kept[mechanism_id, column[objective_id]] = Cell(activities, progress)
    rows = []
    for mechanism in mechanisms:
        cells = [kept.get((mechanism.id, n)) or Cell() for n in range(len(columns))]
        rows.append(MatrixRow(mechanism, plans_of.get(mechanism.id, []), cells))
    return Matrix(strategy, known, chosen, columns, _by_region(rows))


def aligned(stmt: Select[Any], strategy_id: int) -> Select[Any]:
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
