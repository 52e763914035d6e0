"""Scheduled tasks (reminders). One `mcm scheduler` process runs them; jobs live in the database
(APScheduler's SQLAlchemy job store) and every run first claims its time slot in `task_runs`, so
a task runs exactly once per slot even if a second scheduler is started by mistake."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from sqlalchemy import Column, Float, LargeBinary, String, Table, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from mcm.core.db import utcnow
from mcm.extensions import db

# APScheduler's own table, declared here so that a migration creates it like every other table.
apscheduler_jobs = Table(
    "apscheduler_jobs",
    db.metadata,
    Column("id", String(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)

PERIODS = {
    "daily": "%Y-%m-%d",
    "weekly": "%G-W%V",
    "hourly": "%Y-%m-%dT%H",
    "minute": "%Y-%m-%dT%H:%M",
}


class TaskRun(db.Model):
    """One run of a task for one time slot; the unique key is what makes runs exactly-once."""

    __tablename__ = "task_runs"
    __table_args__ = (UniqueConstraint("task", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(60))
    slot: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    result: Mapped[int | None]


@dataclass
class Task:
    name: str
    function: Callable[[], int]
    period: str
    cron: dict[str, Any] = field(default_factory=dict)


TASKS: dict[str, Task] = {}


def task(name: str, period: str, **cron: Any) -> Callable[[Callable[[], int]], Callable[[], int]]:
    """Register a function as a scheduled task; it returns how many things it did."""

    def register(function: Callable[[], int]) -> Callable[[], int]:
        TASKS[name] = Task(name, function, period, cron)
        return function

    return register


def slot_of(period: str, moment: datetime | None = None) -> str:
    """The time slot a run at `moment` belongs to, in the installation's zone."""
    zone = ZoneInfo(current_app.config["MCM_TIMEZONE"])
    return (moment or utcnow()).astimezone(zone).strftime(PERIODS[period])


def run_task(name: str, moment: datetime | None = None) -> int | None:
    """Run a task unless its current slot already ran; None when it was skipped."""
    definition = TASKS[name]
    claim = TaskRun(task=name, slot=slot_of(definition.period, moment))
    db.session.add(claim)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        current_app.logger.info("task %s already ran for slot %s", name, claim.slot)
        return None
    try:
        result = definition.function()
    except Exception:
        # Free the slot so the next attempt runs it again, then let the error be logged.
        db.session.rollback()
        db.session.delete(claim)
        db.session.commit()
        raise
    claim.finished_at = utcnow()
    claim.result = result
    db.session.commit()
    return result


_app: Flask | None = None


def _run_in_app(name: str) -> None:
    """What APScheduler calls: a task inside the scheduler process's application context."""
    assert _app is not None
    with _app.app_context():
        run_task(name)


def build_scheduler(app: Flask, scheduler_class: Any = None) -> Any:
    """A scheduler with every registered task, its jobs kept in the database."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.blocking import BlockingScheduler

    global _app
    _app = app  # create_app imported every feature's tasks
    with app.app_context():
        engine = db.engine
    scheduler = (scheduler_class or BlockingScheduler)(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename="apscheduler_jobs")},
        job_defaults={
            "coalesce": True,
            "misfire_grace_time": int(timedelta(hours=6).total_seconds()),
        },
        timezone=ZoneInfo(app.config["MCM_TIMEZONE"]),
    )
    for definition in TASKS.values():
        scheduler.add_job(
            _run_in_app,
            "cron",
            args=[definition.name],
            id=definition.name,
            replace_existing=True,
            **definition.cron,
        )
    return scheduler


def import_tasks(features: Iterable[str]) -> None:
    """Load every feature's tasks module, which registers its tasks (the application names its
    features; the machinery does not know them)."""
    import importlib

    for feature in features:
        try:
            importlib.import_module(f"mcm.{feature}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"mcm.{feature}.tasks":
                raise


class SentReminder(db.Model):
    """A reminder already sent, so that a daily task does not repeat it."""

    __tablename__ = "sent_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


def already_sent(keys: list[str]) -> set[str]:
    """Which of these reminder keys went out before."""
    if not keys:
        return set()
    return set(db.session.scalars(db.select(SentReminder.key).where(SentReminder.key.in_(keys))))
