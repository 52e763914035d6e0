"""Factories for action plan tests: a strategy with objectives, plans, activities, linked actions
and indicator values, written straight to the database with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from flask import Flask

from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import Action, ActionStatus, Meeting, MeetingKind, MeetingStatus
from mcm.plans.models import (
    ActionPlan,
    ActivityAlignment,
    IndicatorValue,
    ObjectiveLevel,
    PlanActivity,
    PlanObjective,
    PlanStatus,
    Strategy,
    StrategyObjective,
)

_n = itertools.count(1)


@pytest.fixture
def make_strategy(app: Flask) -> Any:
    """A strategy with two pillars, each with one strategic objective and one specific
    objective; returns (strategy id, {code: objective id})."""

    def make(code: str | None = None, is_template: bool = False, **overrides: Any):
        with app.app_context():
            n = next(_n)
            strategy = Strategy(
                code=code or f"STRAT-{n}",
                name_sq=f"Strategjia {n}",
                name_sr=f"Strategija {n}",
                name_en=overrides.pop("name_en", f"Strategy {n}"),
                starts_year=overrides.pop("starts_year", 2022),
                ends_year=overrides.pop("ends_year", 2026),
                is_template=is_template,
                **overrides,
            )
            db.session.add(strategy)
            db.session.flush()
            ids: dict[str, int] = {}
            tree = [
                (ObjectiveLevel.PILLAR, "1", None, "Prevention"),
                (ObjectiveLevel.STRATEGIC, "1.1", "1", "Change attitudes"),
                (ObjectiveLevel.SPECIFIC, "1.1.1", "1.1", "Awareness campaigns"),
                (ObjectiveLevel.PILLAR, "2", None, "Protection"),
                (ObjectiveLevel.STRATEGIC, "2.1", "2", "Coordinated response"),
                (ObjectiveLevel.SPECIFIC, "2.1.1", "2.1", "Referral pathways"),
            ]
            for position, (level, ocode, parent, text) in enumerate(tree):
                objective = StrategyObjective(
                    strategy_id=strategy.id,
                    parent_id=ids[parent] if parent else None,
                    level=level,
                    code=ocode,
                    position=position,
                    text_sq=text,
                    text_sr=text,
                    text_en=text,
                )
                db.session.add(objective)
                db.session.flush()
                ids[ocode] = objective.id
            db.session.commit()
            return strategy.id, ids

    return make


@pytest.fixture
def make_plan(app: Flask, make_strategy: Any) -> Any:
    """A LAP of a mechanism (adopted by default) with one objective; returns (plan, objective)."""

    def make(mechanism_code: str = "PEJ", strategy_id: int | None = None, **overrides: Any):
        if strategy_id is None:
            strategy_id = make_strategy()[0]
        with app.app_context():
            plan = ActionPlan(
                mechanism_id=mechanism_by_code(mechanism_code).id,
                strategy_id=strategy_id,
                title=overrides.pop("title", f"Local action plan {mechanism_code}"),
                starts_year=overrides.pop("starts_year", 2024),
                ends_year=overrides.pop("ends_year", 2027),
                status=overrides.pop("status", PlanStatus.ADOPTED),
                **overrides,
            )
            db.session.add(plan)
            db.session.flush()
            objective = PlanObjective(plan_id=plan.id, code="1", position=1, title="Prevention")
            db.session.add(objective)
            db.session.commit()
            return plan.id, objective.id

    return make


@pytest.fixture
def make_objective(app: Flask) -> Any:
    def make(plan_id: int, title: str = "Protection", position: int = 2) -> int:
        with app.app_context():
            objective = PlanObjective(
                plan_id=plan_id, code=str(position), position=position, title=title
            )
            db.session.add(objective)
            db.session.commit()
            return objective.id

    return make


@pytest.fixture
def make_activity(app: Flask) -> Any:
    """An activity (indicator 0 → 10 sessions, 2025 Q1-Q4); aligned_to lists national objective
    ids; returns its id."""

    def make(plan_id: int, objective_id: int, aligned_to: tuple[int, ...] = (), **overrides):
        with app.app_context():
            n = next(_n)
            values: dict[str, Any] = {
                "plan_id": plan_id,
                "objective_id": objective_id,
                "code": f"1.{n}",
                "position": n,
                "title": f"Awareness sessions in schools {n}",
                "indicator": "Sessions held",
                "baseline": Decimal(0),
                "target": Decimal(10),
                "unit": "sessions",
                "start_year": 2025,
                "start_quarter": 1,
                "end_year": 2025,
                "end_quarter": 4,
            }
            values.update(overrides)
            activity = PlanActivity(**values)
            db.session.add(activity)
            db.session.flush()
            for objective in aligned_to:
                db.session.add(ActivityAlignment(activity_id=activity.id, objective_id=objective))
            db.session.commit()
            return activity.id

    return make


@pytest.fixture
def make_value(app: Flask) -> Any:
    def make(activity_id: int, value: Any, reported_on: date | None = None, **overrides) -> int:
        with app.app_context():
            row = IndicatorValue(
                activity_id=activity_id,
                value=Decimal(str(value)),
                reported_on=reported_on or date.today(),
                source=overrides.pop("source", "Police records"),
                **overrides,
            )
            db.session.add(row)
            db.session.commit()
            return row.id

    return make


@pytest.fixture
def make_held_meeting(app: Flask) -> Any:
    """A meeting of the mechanism held some days ago; returns its id."""

    def make(mechanism_code: str = "PEJ", days_ago: int = 30) -> int:
        with app.app_context():
            starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
            meeting = Meeting(
                mechanism_id=mechanism_by_code(mechanism_code).id,
                kind=MeetingKind.REGULAR,
                status=MeetingStatus.HELD,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                place="Municipal hall",
                language="en",
                ics_uid=f"{uuid4()}@mcm.test",
                ics_sequence=0,
            )
            db.session.add(meeting)
            db.session.commit()
            return meeting.id

    return make


@pytest.fixture
def make_linked_action(app: Flask, make_institution: Any, make_held_meeting: Any) -> Any:
    """A meeting action linked to an activity (a past meeting is created when none is given)."""

    def make(
        activity_id: int | None,
        status: ActionStatus = ActionStatus.OPEN,
        mechanism_code: str = "PEJ",
        meeting_id: int | None = None,
        institution_id: int | None = None,
    ) -> int:
        institution_id = institution_id or make_institution(mechanism_code)
        meeting_id = meeting_id or make_held_meeting(mechanism_code)
        with app.app_context():
            mechanism = mechanism_by_code(mechanism_code)
            assert db.session.get(Institution, institution_id) is not None
            action = Action(
                mechanism_id=mechanism.id,
                meeting_id=meeting_id,
                title=f"Organise a session {next(_n)}",
                responsible_institution_id=institution_id,
                due_on=date.today() + timedelta(days=20),
                status=status,
                lap_activity_id=activity_id,
            )
            db.session.add(action)
            db.session.commit()
            return action.id

    return make
