"""Weekly reminders about the local action plans, to each mechanism's coordinators in their own
language: activities whose end quarter has passed without reaching the target, and activities
whose indicator has had no value reported for two quarters."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from mcm.core import outbox_service
from mcm.core.scheduler import SentReminder, already_sent
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.meetings.messages import in_language, page_link
from mcm.meetings.reminders.services import coordinators
from mcm.plans.models import ActionPlan, PlanActivity, PlanStatus
from mcm.plans.progress.queries import ActivityProgress, Measures, measures_of, progress_of

FOLLOWED = (PlanStatus.ADOPTED, PlanStatus.UNDER_REVISION)


def quarter_start(day: date) -> date:
    """The first day of the quarter a day falls in."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def two_quarters_before(today: date) -> date:
    """The start of the quarter two quarters before today's: values since then are recent."""
    start = quarter_start(today)
    month = start.month - 6
    year = start.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def is_stale(activity: PlanActivity, found: ActivityProgress, today: date) -> bool:
    """An activity measured by an indicator, running for two quarters or more, not at its target,
    with no value reported for two quarters."""
    if activity.target is None or found.reached:
        return False
    cutoff = two_quarters_before(today)
    if date(activity.start_year, 3 * (activity.start_quarter - 1) + 1, 1) > cutoff:
        return False  # too recent to expect two quarters of reports
    latest = found.measures.latest_on
    return latest is None or latest < cutoff


def _activities(today: date) -> dict[int, list[tuple[PlanActivity, ActivityProgress]]]:
    """Per mechanism, the activities of its followed plans with their progress (three queries)."""
    followed = select(PlanActivity.id).join(ActionPlan, ActionPlan.id == PlanActivity.plan_id)
    followed = followed.where(ActionPlan.status.in_(FOLLOWED))
    measures = measures_of(followed)
    found: dict[int, list[tuple[PlanActivity, ActivityProgress]]] = defaultdict(list)
    for activity, mechanism_id in db.session.execute(
        select(PlanActivity, ActionPlan.mechanism_id)
        .join(ActionPlan, ActionPlan.id == PlanActivity.plan_id)
        .where(ActionPlan.status.in_(FOLLOWED))
        .order_by(ActionPlan.id, PlanActivity.position, PlanActivity.id)
    ):
        found[mechanism_id].append(
            (activity, progress_of(activity, measures.get(activity.id, Measures()), today))
        )
    return found


def plan_reminders(today: date) -> int:
    """Once a week, tell each mechanism's coordinators which activities are overdue and which
    indicators have gone unreported for two quarters; returns the e-mails queued."""
    week = today.strftime("%G-W%V")
    due: dict[int, tuple[list[PlanActivity], list[PlanActivity]]] = {}
    for mechanism_id, pairs in _activities(today).items():
        overdue = [a for a, p in pairs if p.overdue]
        stale = [a for a, p in pairs if is_stale(a, p, today)]
        if overdue or stale:
            due[mechanism_id] = (overdue, stale)
    keys = {m: f"plan-progress:{m}:{week}" for m in due}
    done = already_sent(list(keys.values()))
    due = {m: lists for m, lists in due.items() if keys[m] not in done}
    if not due:
        return 0
    mechanisms = {
        m.id: m for m in db.session.scalars(select(Mechanism).where(Mechanism.id.in_(set(due))))
    }
    addresses = coordinators(set(due))
    queued = 0
    for mechanism_id, (overdue, stale) in due.items():
        mechanism = mechanisms[mechanism_id]
        for address, language in addresses.get(mechanism_id, []):
            subject, body = _compose(mechanism, overdue, stale, language)
            outbox_service.queue(
                address, subject, body, kind="plan_reminder", mechanism_id=mechanism_id
            )
            queued += 1
        db.session.add(SentReminder(key=keys[mechanism_id]))
    db.session.commit()
    return queued


def _compose(
    mechanism: Mechanism, overdue: list[PlanActivity], stale: list[PlanActivity], language: str
) -> tuple[str, str]:
    with in_language(language):
        municipality = getattr(mechanism.municipality, f"name_{language}", "")
        municipality = municipality or mechanism.municipality.name_en

        def lines(activities: list[PlanActivity]) -> str:
            return "\n".join(
                f"- {a.code} {a.title}\n  "
                + page_link("plans.activity", mechanism.code, activity_id=a.id)
                for a in activities
            )

        parts = []
        if overdue:
            parts.append(
                _("These activities ended without reaching their target:") + "\n" + lines(overdue)
            )
        if stale:
            parts.append(
                _("No indicator value has been reported for two quarters for these activities:")
                + "\n"
                + lines(stale)
            )
        subject = _("Local action plan of %(municipality)s: activities to follow up",
                    municipality=municipality)  # fmt: skip
        body = (
            "\n\n".join(parts)
            + "\n\n"
            + _(
                "Report the indicator values at the next meeting, or revise the plan if the "
                "target no longer holds."
            )
        )
    return subject, body
