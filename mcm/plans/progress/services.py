"""Recording indicator values (audited), and the lookups the activity page needs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from mcm.core import audit
from mcm.extensions import db
from mcm.meetings.models import Meeting
from mcm.plans.models import ActionPlan, IndicatorValue, PlanActivity


class IndicatorError(Exception):
    """The value is refused; the message says why, in the user's language."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def activity_of_mechanism(activity_id: int, mechanism_id: int) -> PlanActivity | None:
    """The activity if it belongs to a plan of the mechanism; None otherwise (a 404)."""
    activity = db.session.get(PlanActivity, activity_id)
    if activity is None:
        return None
    plan = db.session.get(ActionPlan, activity.plan_id)
    return activity if plan is not None and plan.mechanism_id == mechanism_id else None


def meetings_of(mechanism_id: int) -> list[Meeting]:
    """The mechanism's meetings, newest first: where a value may have been reported."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.mechanism_id == mechanism_id)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        )
    )


def values_of(activity: PlanActivity) -> list[IndicatorValue]:
    """An activity's indicator values, newest first."""
    return list(
        db.session.scalars(
            select(IndicatorValue)
            .where(IndicatorValue.activity_id == activity.id)
            .order_by(IndicatorValue.reported_on.desc(), IndicatorValue.id.desc())
        )
    )


def record_indicator_value(
    activity: PlanActivity,
    plan: ActionPlan,
    *,
    value: Decimal,
    reported_on: date,
    source: str = "",
    meeting_id: int | None = None,
) -> IndicatorValue:
    """Record a value of the activity's indicator, optionally at one of the mechanism's meetings."""
    if reported_on > date.today():
        raise IndicatorError(_("This date is in the future."), "reported_on")
    if meeting_id is not None:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or meeting.mechanism_id != plan.mechanism_id:
            raise IndicatorError(_("Choose a meeting of this mechanism."), "meeting")
    actor = current_user.id if has_request_context() and current_user.is_authenticated else None
    row = IndicatorValue(
        activity_id=activity.id,
        value=value,
        reported_on=reported_on,
        source=source.strip(),
        meeting_id=meeting_id,
        recorded_by_id=actor,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "plan_indicator_value_recorded",
        obj=row,
        mechanism_id=plan.mechanism_id,
        activity_id=activity.id,
        value=str(value),
        reported_on=reported_on.isoformat(),
        **({"meeting_id": meeting_id} if meeting_id else {}),
    )
    return row
