"""The demo plans load once, on top of the demo mechanisms, and read back on the plan page."""

from __future__ import annotations

from sqlalchemy import func, select

from mcm.demo import load_demo
from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.plans.demo import load_plans_demo
from mcm.plans.models import ActionPlan, ActivityAlignment, PlanActivity, PlanStatus, Strategy
from tests.conftest import text_of


def test_demo_plans_are_idempotent_and_readable(app, client) -> None:
    with app.app_context():
        first = list(load_demo())  # mcm demo loads the plans with everything else
        assert any("PEJ plan adopted with 8 activities" in line for line in first)
        list(load_plans_demo())  # and again: nothing more
        plans = {p.mechanism_id: p for p in db.session.scalars(select(ActionPlan))}
        assert len(plans) == 2
        assert plans[mechanism_by_code("PEJ").id].status is PlanStatus.ADOPTED
        assert plans[mechanism_by_code("FER").id].status is PlanStatus.DRAFT
        assert db.session.scalar(select(func.count(Strategy.id))) == 1
        assert db.session.scalar(select(func.count(PlanActivity.id))) == 16
        assert db.session.scalar(select(func.count(ActivityAlignment.id))) == 16
        pej_plan = plans[mechanism_by_code("PEJ").id].id
    client.login("coordinator.pej@demo.example.org", "demo-coordinator-2026")
    text = text_of(client.get(f"/m/PEJ/plans/{pej_plan}"))
    assert "Awareness sessions in secondary schools" in text
