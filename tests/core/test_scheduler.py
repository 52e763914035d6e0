"""Scheduled tasks: persisted jobs, and exactly one run per time slot."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from mcm.core import scheduler
from mcm.core.scheduler import TaskRun, run_task
from mcm.extensions import db


@pytest.fixture
def counting_task():
    calls: list[int] = []

    @scheduler.task("test_counter", period="daily", hour=3)
    def count() -> int:
        calls.append(1)
        return len(calls)

    yield calls
    scheduler.TASKS.pop("test_counter")


def test_a_task_runs_once_per_slot_even_when_started_twice(app, counting_task) -> None:
    morning = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    evening = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
    next_day = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # already the 3rd in Prishtina
    with app.app_context():
        assert run_task("test_counter", morning) == 1
        assert run_task("test_counter", evening) is None  # a second scheduler, same day
        assert run_task("test_counter", next_day) == 2
        slots = db.session.scalars(select(TaskRun.slot).order_by(TaskRun.id)).all()
    assert slots == ["2026-03-02", "2026-03-03"]
    assert len(counting_task) == 2


def test_a_failed_run_frees_its_slot(app) -> None:
    attempts: list[int] = []

    @scheduler.task("test_flaky", period="daily")
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("mail server down")
        return 1

    try:
        with app.app_context():
            with pytest.raises(RuntimeError):
                run_task("test_flaky")
            assert run_task("test_flaky") == 1
    finally:
        scheduler.TASKS.pop("test_flaky")


def test_jobs_are_kept_in_the_database(app) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    running = scheduler.build_scheduler(app, scheduler_class=BackgroundScheduler)
    running.start(paused=True)
    try:
        with app.app_context():
            ids = set(db.session.scalars(select(scheduler.apscheduler_jobs.c.id)))
    finally:
        running.shutdown(wait=False)
    assert "mou_renewal_reminders" in ids


def test_run_task_command(app) -> None:
    runner = app.test_cli_runner()
    assert (
        "mou_renewal_reminders: 0"
        in runner.invoke(args=["run-task", "mou_renewal_reminders"]).output
    )
    again = runner.invoke(args=["run-task", "mou_renewal_reminders"]).output
    assert "already ran in this period" in again
    unknown = runner.invoke(args=["run-task", "nope"])
    assert unknown.exit_code != 0 and "unknown task" in unknown.output
    with app.app_context():
        assert db.session.scalar(select(func.count(TaskRun.id))) == 1
