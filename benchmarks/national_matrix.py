"""National matrix benchmark: time and SQL statements of the action plans matrix with ten years
of plans and work loaded.

Builds a temporary SQLite database with the migrations and fills it with a strategy (4 pillars,
12 strategic and 24 specific objectives) and, for each of the 38 mechanisms, two five-year local
action plans (2017-2021 and 2022-2026), each of 8 objectives and 40 activities aligned to one or
two specific objectives; quarterly meetings for ten years; several linked actions and indicator
values per activity. Then an observer requests the matrix (each objective level) and downloads.

Run from the repository root: .venv/bin/python benchmarks/national_matrix.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from benchmarks.harness import PASSWORD, benchmark_app, measure  # noqa: E402
from mcm.accounts import services as accounts  # noqa: E402
from mcm.accounts.models import Role  # noqa: E402
from mcm.extensions import db  # noqa: E402
from mcm.mechanisms.models import Institution, Mechanism  # noqa: E402
from mcm.meetings.models import Action, ActionStatus, Meeting, MeetingKind, MeetingStatus  # noqa: E402
from mcm.plans.models import (  # noqa: E402
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
from mcm.reference.models import InstitutionType  # noqa: E402

RUNS = 7
PLANS = ((2017, 2021, PlanStatus.ADOPTED), (2022, 2026, PlanStatus.ADOPTED))
ACTIVITIES_PER_PLAN = 40
OBJECTIVES_PER_PLAN = 8


def _strategy() -> list[int]:
    """The strategy's tree; returns the ids of its specific objectives."""
    strategy = Strategy(
        code="BENCH-2022", name_sq="Strategjia", name_sr="Strategija", name_en="Strategy",
        starts_year=2017, ends_year=2026,
    )  # fmt: skip
    db.session.add(strategy)
    db.session.flush()
    specifics = []
    for p in range(1, 5):
        pillar = _objective(strategy.id, None, ObjectiveLevel.PILLAR, f"{p}")
        for s in range(1, 4):
            strategic = _objective(strategy.id, pillar, ObjectiveLevel.STRATEGIC, f"{p}.{s}")
            for c in range(1, 3):
                specifics.append(
                    _objective(strategy.id, strategic, ObjectiveLevel.SPECIFIC, f"{p}.{s}.{c}")
                )
    return specifics


def _objective(strategy_id: int, parent: int | None, level: ObjectiveLevel, code: str) -> int:
    text = f"Objective {code}"
    row = StrategyObjective(
        strategy_id=strategy_id, parent_id=parent, level=level, code=code,
        position=int(code.split(".")[-1]), text_sq=text, text_sr=text, text_en=text,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    return row.id


def fill(rng: random.Random) -> dict[str, int]:
    """Ten years of plans, meetings, linked actions and indicator values for every mechanism."""
    specifics = _strategy()
    strategy_id = db.session.scalar(select(Strategy.id))
    mechanisms = db.session.scalars(select(Mechanism)).all()
    kind = db.session.scalars(select(InstitutionType)).first()
    counts = {"plans": 0, "activities": 0, "alignments": 0, "meetings": 0, "actions": 0}
    counts["indicator values"] = 0
    for mechanism in mechanisms:
        institution = Institution(mechanism=mechanism, institution_type=kind, name="Police")
        db.session.add(institution)
        meetings = []
        for quarter in range(40):
            starts = datetime(2017, 1, 15, 9, tzinfo=UTC) + timedelta(days=91 * quarter)
            meetings.append(
                Meeting(
                    mechanism_id=mechanism.id,
                    kind=MeetingKind.REGULAR,
                    status=MeetingStatus.HELD,
                    starts_at=starts,
                    place="Municipal hall",
                    ics_uid=f"{uuid4()}@benchmark.test",
                )
            )
        db.session.add_all(meetings)
        db.session.flush()
        counts["meetings"] += len(meetings)
        actions: list[dict[str, Any]] = []
        values: list[dict[str, Any]] = []
        alignments: list[dict[str, Any]] = []
        for start, end, status in PLANS:
            plan = ActionPlan(
                mechanism_id=mechanism.id, strategy_id=strategy_id,
                title=f"LAP {mechanism.code} {start}-{end}", starts_year=start, ends_year=end,
                status=status, adopted_on=date(start, 2, 1),
            )  # fmt: skip
            db.session.add(plan)
            db.session.flush()
            objectives = [
                PlanObjective(plan_id=plan.id, code=str(n), position=n, title=f"Objective {n}")
                for n in range(1, OBJECTIVES_PER_PLAN + 1)
            ]
            db.session.add_all(objectives)
            db.session.flush()
            activities = []
            for n in range(ACTIVITIES_PER_PLAN):
                year = rng.randint(start, end)
                activities.append(
                    PlanActivity(
                        plan_id=plan.id,
                        objective_id=objectives[n % len(objectives)].id,
                        code=f"A{n}",
                        position=n,
                        title=f"Activity {n}",
                        indicator="Sessions held",
                        baseline=Decimal(0),
                        target=Decimal(rng.choice([10, 20, 50])) if rng.random() < 0.7 else None,
                        start_year=start,
                        start_quarter=1,
                        end_year=year,
                        end_quarter=rng.randint(1, 4),
                    )
                )
            db.session.add_all(activities)
            db.session.flush()
            counts["plans"] += 1
            counts["activities"] += len(activities)
            plan_meetings = [m for m in meetings if start <= m.starts_at.year <= end]
            for activity in activities:
                for objective in rng.sample(specifics, rng.randint(1, 2)):
                    alignments.append({"activity_id": activity.id, "objective_id": objective})
                for _ in range(rng.randint(2, 8)):
                    meeting = rng.choice(plan_meetings)
                    done = rng.random() < 0.5
                    actions.append(
                        {
                            "mechanism_id": mechanism.id, "meeting_id": meeting.id,
                            "title": "Synthetic action", "responsible_institution_id":
                            institution.id, "due_on": meeting.starts_at.date() + timedelta(30),
                            "status": ActionStatus.DONE if done else rng.choice(
                                [ActionStatus.OPEN, ActionStatus.DROPPED]),
                            "lap_activity_id": activity.id,
                        }
                    )  # fmt: skip
                if activity.target is not None:
                    for _ in range(rng.randint(0, 8)):
                        meeting = rng.choice(plan_meetings)
                        values.append(
                            {
                                "activity_id": activity.id, "meeting_id": meeting.id,
                                "value": Decimal(rng.randint(0, 60)),
                                "reported_on": meeting.starts_at.date(), "source": "Records",
                            }
                        )  # fmt: skip
        for model, rows in (
            (ActivityAlignment, alignments),
            (Action, actions),
            (IndicatorValue, values),
        ):
            db.session.execute(insert(model), rows)
        counts["alignments"] += len(alignments)
        counts["actions"] += len(actions)
        counts["indicator values"] += len(values)
    db.session.commit()
    return counts


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = benchmark_app(folder)
        with app.app_context():
            start = time.perf_counter()
            filled = fill(random.Random(2026))
            print(
                f"filled in {time.perf_counter() - start:.1f} s: "
                + ", ".join(f"{v:,} {k}" for k, v in filled.items())
            )
            with app.test_request_context():
                accounts.create_user("observer@benchmark.test", Role.OBSERVER, password=PASSWORD)
                db.session.commit()
        browser = app.test_client()
        response = browser.post(
            "/login", data={"email": "observer@benchmark.test", "password": PASSWORD}
        )
        assert response.status_code == 302, response.status_code
        print(f"\n{'page':40} {'median ms':>10} {'best ms':>8} {'queries':>8}")
        with app.app_context():
            for url in (
                "/plans/matrix",
                "/plans/matrix?level=pillar",
                "/plans/matrix?level=specific",
                "/plans/matrix.csv",
                "/plans/matrix.xlsx",
            ):
                median, best, queries = measure(browser, url, RUNS)
                print(f"{url:40} {median:10.0f} {best:8.0f} {queries:8d}")


if __name__ == "__main__":
    main()
