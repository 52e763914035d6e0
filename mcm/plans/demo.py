"""Demo action plans: the template strategy, an adopted plan for Peja with three objectives and
eight aligned activities, and a draft plan for Ferizaj. Safe to run again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.plans.local import services as plans
from mcm.plans.models import ActionPlan, FundingSource, StrategyObjective
from mcm.plans.strategy.services import ensure_template_strategy

M, N, D = FundingSource.MUNICIPAL, FundingSource.NATIONAL, FundingSource.DONOR
# (objective code, title, [(code, title, indicator, baseline, target, unit, responsible type,
#   supporting types, (start year, quarter), (end year, quarter), budget, source, national codes)])
PEJ_PLAN = [
    ("1", "Prevent domestic violence through awareness and early identification", [
        ("1.1", "Awareness sessions in secondary schools", "Sessions held", 0, 24, "sessions",
         "education", ["police", "csw"], (2025, 1), (2026, 4), 3000, M, ["1.1.1"]),
        ("1.2", "Training of health and education staff in early identification",
         "Professionals trained", 10, 80, "people", "health_centre", ["csw"], (2025, 2), (2025, 4),
         4500, D, ["1.1.2"]),
        ("1.3", "Yearly 16 days of activism campaign", "Campaigns held", 1, 3, "campaigns",
         "csw", ["police", "education"], (2025, 4), (2027, 4), 2000, M, ["1.1.1"]),
    ]),
    ("2", "Protect and support victims", [
        ("2.1", "Emergency accommodation agreement with the regional shelter",
         "Nights of emergency accommodation funded", 0, 200, "nights", "csw", ["police"],
         (2025, 1), (2027, 4), 12000, N, ["2.1.1"]),
        ("2.2", "Employment scheme places for survivors", "Survivors employed", 0, 10, "people",
         "municipality", ["csw"], (2026, 1), (2027, 4), 15000, D, ["2.1.2"]),
        ("2.3", "Protection orders enforced within the legal deadline", "Orders enforced on time",
         60, 95, "%", "police", ["prosecution"], (2025, 1), (2027, 4), None, None, ["3.1.1"]),
    ]),
    ("3", "Coordinate the municipal response", [
        ("3.1", "Regular quarterly meetings of the mechanism", "Meetings held", 2, 12,
         "meetings", "csw", ["police", "health_centre"], (2025, 1), (2027, 4), 600, M, ["4.1.1"]),
        ("3.2", "Shared quarterly statistics on cases referred", "Quarterly reports shared", 0, 12,
         "reports", "csw", ["police", "prosecution"], (2025, 2), (2027, 4), None, None, ["4.1.2"]),
    ]),
]  # fmt: skip


def _plan(code: str, title: str, starts: int, ends: int) -> tuple[ActionPlan, bool]:
    mechanism = mechanism_by_code(code)
    assert mechanism is not None
    found = db.session.scalar(
        select(ActionPlan).where(ActionPlan.mechanism_id == mechanism.id, ActionPlan.title == title)
    )
    if found is not None:
        return found, False
    strategy = ensure_template_strategy()
    return plans.create_plan(mechanism, strategy, title, starts, ends), True


def _fill(plan: ActionPlan, objectives: list) -> int:  # type: ignore[type-arg]
    members = {i.institution_type.code: i.id for i in plans.current_members(plan.mechanism_id)}
    national = {
        o.code: o.id
        for o in db.session.scalars(
            select(StrategyObjective).where(StrategyObjective.strategy_id == plan.strategy_id)
        )
    }
    count = 0
    for position, (code, title, activities) in enumerate(objectives, start=1):
        objective = plans.save_objective(plan, None, code, title, position)
        for order, row in enumerate(activities, start=1):
            (acode, atitle, indicator, baseline, target, unit, responsible, supporting,
             start, end, budget, source, aligned) = row  # fmt: skip
            plans.save_activity(
                plan,
                None,
                None,
                supporting_ids=[members[t] for t in supporting if t in members],
                aligned_ids=[national[c] for c in aligned if c in national],
                objective_id=objective.id,
                code=acode,
                position=order,
                title=atitle,
                indicator=indicator,
                baseline=Decimal(baseline),
                target=Decimal(target),
                unit=unit,
                responsible_institution_id=members.get(responsible),
                start_year=start[0],
                start_quarter=start[1],
                end_year=end[0],
                end_quarter=end[1],
                budget_eur=Decimal(budget) if budget is not None else None,
                funding_source=source,
            )
            count += 1
    return count


def load_plans_demo() -> Iterator[str]:
    """Load the template strategy and the demo plans; yields what it did."""
    strategy = ensure_template_strategy()
    yield f"strategy: {strategy.code} (template)"
    pej, created = _plan("PEJ", "Local action plan of Peja 2025-2027", 2025, 2027)
    if created:
        count = _fill(pej, PEJ_PLAN)
        db.session.flush()
        plans.adopt(
            pej, pej.version, date(2025, 2, 20), "Municipal Assembly decision 01-016/25", None
        )
        yield f"plans: PEJ plan adopted with {count} activities"
    fer, created = _plan("FER", "Local action plan of Ferizaj 2026-2028", 2026, 2028)
    if created:
        # The same activities, spread over Ferizaj's period.
        draft = [
            (c, t, [(*a[:8], (2026, 1), (2028, 4), *a[10:]) for a in acts])
            for c, t, acts in PEJ_PLAN
        ]
        count = _fill(fer, draft)
        yield f"plans: FER draft plan with {count} activities"
    db.session.commit()
