"""Scheduled tasks of the action plans: the weekly reminders to coordinators."""

from __future__ import annotations

from datetime import date

from mcm.core.scheduler import task
from mcm.meetings.reminders.services import local_today
from mcm.plans.progress import reminders


@task("plan_reminders", period="weekly", day_of_week="mon", hour=7, minute=50)
def plan_reminders(today: date | None = None) -> int:
    """Each Monday, overdue activities and indicators unreported for two quarters."""
    return reminders.plan_reminders(today or local_today())
