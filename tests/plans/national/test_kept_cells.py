"""The national matrix's kept cells are exactly what a rebuild from the records gives, after a
random (seeded) sequence of changes through the services: activities saved with other targets
and alignments, indicator values, linked actions' progress, plans revised and adopted."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from mcm.core import aggregates
from mcm.extensions import db
from mcm.meetings.actions.services import update_action
from mcm.meetings.models import Action, ActionStatus, NotDoneReason
from mcm.plans.local.services import save_activity
from mcm.plans.models import ActionPlan, IndicatorValue, PlanActivity, PlanStatus
from mcm.plans.national.models import MatrixCell
from mcm.plans.national.queries import build
from mcm.plans.progress.services import record_indicator_value

STEPS = 40
FIELDS = ("code", "position", "title", "indicator", "baseline", "target", "unit",
          "start_year", "start_quarter", "end_year", "end_quarter")  # fmt: skip


def kept() -> list[tuple]:
    columns = [c for c in MatrixCell.__table__.c if c.name != "id"]
    return sorted(tuple(row) for row in db.session.execute(select(*columns)))


def rebuilt() -> list[tuple]:
    with db.session.begin_nested() as nested:
        aggregates.rebuild_all(db.session)
        rows = kept()
        nested.rollback()
    return rows


def _step(rng: random.Random, plans: list[int], objectives: list[int]) -> str:
    plan = db.session.get(ActionPlan, rng.choice(plans))
    activities = db.session.scalars(
        select(PlanActivity).where(PlanActivity.plan_id == plan.id)
    ).all()
    activity = rng.choice(activities)
    kind = rng.choice(["activity", "value", "value", "action", "status", "delete value"])
    if kind == "activity":
        if plan.status is PlanStatus.ADOPTED:
            plan.status = PlanStatus.UNDER_REVISION
            db.session.flush()
        fields = {name: getattr(activity, name) for name in FIELDS}
        fields["target"] = rng.choice([None, Decimal(10), Decimal(40)])
        fields["baseline"] = rng.choice([Decimal(0), Decimal(5)])
        aligned = rng.sample(objectives, rng.randint(0, 3))
        new = rng.random() < 0.3
        save_activity(
            plan, None if new else activity, None if new else activity.version,
            supporting_ids=[], aligned_ids=aligned, objective_id=activity.objective_id,
            **fields,
        )  # fmt: skip
    elif kind == "value":
        record_indicator_value(
            activity, plan, value=Decimal(rng.randint(0, 50)),
            reported_on=date.today() - timedelta(days=rng.randint(0, 300)),
        )  # fmt: skip
    elif kind == "delete value":
        value = db.session.scalar(select(IndicatorValue).limit(1))
        if value is not None:
            db.session.delete(value)
    elif kind == "action":
        action = db.session.scalar(
            select(Action).where(Action.lap_activity_id.is_not(None)).order_by(Action.id)
        )
        if rng.random() < 0.5:
            action.lap_activity_id = rng.choice(activities).id  # linked to another activity
        status = rng.choice([s for s in ActionStatus if s is not action.status])
        update_action(
            action, action.version, status=status, note="Progress noted.",
            not_done_reason=rng.choice(list(NotDoneReason)),
        )  # fmt: skip
    else:
        plan.status = rng.choice(list(PlanStatus))
    db.session.flush()
    return kind


def test_kept_cells_equal_rebuilt_ones_after_random_changes(
    app, ctx, make_strategy, make_plan, make_activity, make_value, make_linked_action
) -> None:
    rng = random.Random(7)
    strategy_id, objectives = make_strategy()
    ids = list(objectives.values())
    plans = []
    for code in ("PEJ", "FER"):
        plan_id, objective_id = make_plan(code, strategy_id)
        plans.append(plan_id)
        for _ in range(3):
            activity = make_activity(plan_id, objective_id, tuple(rng.sample(ids, 2)))
            make_value(activity, rng.randint(0, 12))
            make_linked_action(activity, mechanism_code=code)
    seen = set()
    for _ in range(STEPS):
        seen.add(_step(rng, plans, ids))
        db.session.commit()
        assert kept() == rebuilt(), seen
    assert {"activity", "value", "action", "status"} <= seen
    assert kept()
    matrix = build(strategy_id, "specific")
    assert sum(cell.activities for row in matrix.rows for cell in row.cells) == sum(
        row[4] for row in kept() if row[1] == "specific"
    )
