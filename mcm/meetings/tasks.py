"""Scheduled tasks of the meetings: delivering the outbox every minute, and the reminders."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete

from mcm.core import outbox_service
from mcm.core.db import utcnow
from mcm.core.scheduler import TaskRun, task
from mcm.extensions import db
from mcm.meetings.reminders import services as reminders

# A run every minute would otherwise leave half a million rows a year in task_runs.
KEEP_DELIVERY_RUNS = timedelta(days=1)


@task("deliver_outbox", period="minute", minute="*")
def deliver_outbox() -> int:
    """Send the e-mails that are due, including retries of failed ones."""
    db.session.execute(
        delete(TaskRun).where(
            TaskRun.task == "deliver_outbox", TaskRun.started_at < utcnow() - KEEP_DELIVERY_RUNS
        )
    )
    db.session.commit()
    return outbox_service.deliver_pending()


@task("invitation_reminders", period="daily", hour=7, minute=10)
def invitation_reminders(today: date | None = None) -> int:
    """Remind institutions that have not replied, MCM_INVITATION_REMINDER_DAYS before."""
    return reminders.invitation_reminders(today or reminders.local_today())


@task("unplanned_quarter_alerts", period="daily", hour=7, minute=20)
def unplanned_quarter_alerts(today: date | None = None) -> int:
    """Alert coordinators when half a quarter went by with no regular meeting planned."""
    return reminders.unplanned_quarter_alerts(today or reminders.local_today())


@task("late_minutes_alerts", period="daily", hour=7, minute=30)
def late_minutes_alerts(today: date | None = None) -> int:
    """Alert coordinators whose minutes are not circulated 3 working days after the meeting."""
    return reminders.late_minutes_alerts(today or reminders.local_today())


@task("overdue_action_digests", period="weekly", day_of_week="mon", hour=7, minute=40)
def overdue_action_digests(today: date | None = None) -> int:
    """Each Monday, each responsible institution's overdue actions."""
    return reminders.overdue_action_digests(today or reminders.local_today())
