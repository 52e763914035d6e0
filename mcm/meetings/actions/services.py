"""Actions decided at meetings: creating them, recording progress, and the lists that follow them
(per meeting, per mechanism, carried into the next meeting's follow-up item)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, case, or_, select
from sqlalchemy.orm import aliased, joinedload

from mcm.core import audit
from mcm.core.conflicts import check_version
from mcm.core.forms import year_window
from mcm.core.i18n import day_format
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.mechanisms.policy import membership_in
from mcm.meetings.actions.plan_activities import activity_for
from mcm.meetings.models import (
    Action,
    ActionProgress,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    Meeting,
    NotDoneReason,
)
from mcm.meetings.planning.dates import local
from mcm.meetings.policy import can_see_action, can_see_full_minutes

PENDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
DUE_YEARS_AHEAD = 5  # the span of a local action plan: no meeting's action is due later


class ActionError(Exception):
    """The update is refused; the message says why, in the user's language."""

    def __init__(self, message: str, field: str = "status") -> None:
        super().__init__(message)
        self.field = field


def _actor_id() -> int | None:
    return current_user.id if has_request_context() and current_user.is_authenticated else None


def current_institutions(mechanism_id: int) -> list[Institution]:
    """The mechanism's current member institutions: those an action can be given to."""
    return list(
        db.session.scalars(
            select(Institution)
            .where(Institution.mechanism_id == mechanism_id, Institution.left_on.is_(None))
            .order_by(Institution.name)
        )
    )


def _institution_for(mechanism_id: int, institution_id: int | None) -> Institution:
    institution = db.session.get(Institution, institution_id) if institution_id else None
    if (
        institution is None
        or institution.mechanism_id != mechanism_id
        or not institution.is_current
    ):
        raise ActionError(_("Choose a current member institution."), "institution")
    return institution


def _item_for(meeting: Meeting, item_id: int | None) -> AgendaItem | None:
    if not item_id:
        return None
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise ActionError(_("Choose an item of this meeting's agenda."), "agenda_item")
    return item


def _check_due(meeting: Meeting, due_on: date) -> None:
    """A plausible due date: not before the meeting that decided the action, nor years on."""
    day = local(meeting.starts_at).date()
    if due_on < day:
        raise ActionError(
            _(
                "The due date cannot be before the meeting that decided the action (%(date)s).",
                date=day_format(day),
            ),
            "due_on",
        )
    last = year_window(0, DUE_YEARS_AHEAD, today=day)[1]
    if due_on > last:
        raise ActionError(
            _("Enter a due date by %(date)s at the latest.", date=day_format(last)), "due_on"
        )


def _activity_for(mechanism_id: int, activity_id: int | None) -> int | None:
    """The id of the LAP activity to link, checked to belong to the mechanism's plans."""
    try:
        activity = activity_for(mechanism_id, activity_id)
    except LookupError:
        raise ActionError(
            _("Choose an activity of this mechanism's action plans."), "lap_activity"
        ) from None
    return activity.id if activity else None


def create_action(
    meeting: Meeting,
    *,
    title: str,
    institution_id: int | None,
    due_on: date,
    agenda_item_id: int | None = None,
    cases_open: bool = True,
    lap_activity_id: int | None = None,
) -> Action:
    """Record an action a meeting decided, with the institution responsible and a due date, and
    the LAP activity it serves, if any."""
    item = _item_for(meeting, agenda_item_id)
    _check_due(meeting, due_on)
    activity_id = _activity_for(meeting.mechanism_id, lap_activity_id)
    if item is not None and item.kind is AgendaItemKind.CASES and not cases_open:
        raise ActionError(
            _("Case items open once every attendee present has acknowledged confidentiality."),
            "agenda_item",
        )
    institution = _institution_for(meeting.mechanism_id, institution_id)
    action = Action(
        mechanism_id=meeting.mechanism_id,
        meeting_id=meeting.id,
        agenda_item_id=item.id if item else None,
        title=title.strip(),
        responsible_institution_id=institution.id,
        due_on=due_on,
        lap_activity_id=activity_id,
    )
    db.session.add(action)
    db.session.flush()
    audit.record(
        "action_created",
        obj=action,
        mechanism_id=meeting.mechanism_id,
        meeting_id=meeting.id,
        institution_id=institution.id,
        due_on=due_on.isoformat(),
        **({"lap_activity_id": activity_id} if activity_id else {}),
    )
    return action


def change_action(
    action: Action,
    version: object,
    *,
    title: str,
    institution_id: int | None,
    due_on: date,
    lap_activity_id: int | object | None = ...,
) -> None:
    """The coordinator corrects an action's title, institution, due date or LAP activity (left
    as it is when lap_activity_id is not given)."""
    check_version(action, version)
    institution = _institution_for(action.mechanism_id, institution_id)
    if due_on != action.due_on:
        _check_due(action.meeting, due_on)
    values: list[tuple[str, Any]] = [
        ("title", title.strip()),
        ("responsible_institution_id", institution.id),
        ("due_on", due_on),
    ]
    if lap_activity_id is not ...:
        activity = _activity_for(action.mechanism_id, lap_activity_id)  # type: ignore[arg-type]
        values.append(("lap_activity_id", activity))
    changed = {key: value for key, value in values if getattr(action, key) != value}
    for key, value in changed.items():
        setattr(action, key, value)
    if changed:
        audit.record(
            "action_changed", obj=action, mechanism_id=action.mechanism_id, fields=sorted(changed)
        )
    db.session.flush()


def update_action(
    action: Action,
    version: object,
    *,
    status: ActionStatus,
    note: str = "",
    not_done_reason: NotDoneReason | None = None,
    today: date | None = None,
) -> ActionProgress:
    """Record progress on an action: its new status and a note. An action left undone after its
    date, or dropped, must say why."""
    check_version(action, version)
    today = today or date.today()
    note = note.strip()
    if status is action.status and not note and not_done_reason in (None, action.not_done_reason):
        raise ActionError(_("Change the status or write a progress note."), "note")
    late = action.due_on < today and status in PENDING
    if (late or status is ActionStatus.DROPPED) and not_done_reason is None:
        message = (
            _("Say why the action is dropped.")
            if status is ActionStatus.DROPPED
            else _("The due date has passed: say why the action is not done.")
        )
        raise ActionError(message, "not_done_reason")
    if not_done_reason is not None:
        action.not_done_reason = not_done_reason
    if status is ActionStatus.DONE and action.status is not ActionStatus.DONE:
        action.completed_on = today
    elif status is not ActionStatus.DONE:
        action.completed_on = None
    previous = action.status
    action.status = status
    progress = ActionProgress(action_id=action.id, author_id=_actor_id(), note=note, status=status)
    db.session.add(progress)
    db.session.flush()
    audit.record(
        "action_updated",
        obj=action,
        mechanism_id=action.mechanism_id,
        status=status.value,
        previous=previous.value,
    )
    return progress


# -- lists ----------------------------------------------------------------------------------------


def _with_institution(stmt: Select[Any]) -> Select[Any]:
    return stmt.options(joinedload(Action.responsible_institution), joinedload(Action.meeting))


def _cases_visible(meeting: Meeting, include_cases: bool | None) -> bool:
    if include_cases is not None:
        return include_cases
    # No user (scheduler, documents built in the background): everything; a user: her rights.
    if not has_request_context() or not current_user.is_authenticated:
        return True
    return can_see_full_minutes(current_user, meeting)


def under_case_item() -> Any:
    """Restricted actions: decided under a case item, or following up a case."""
    item = aliased(AgendaItem)  # the outer query may join AgendaItem itself
    under_item = (
        select(item.id)
        .where(item.id == Action.agenda_item_id, item.kind == AgendaItemKind.CASES)
        .correlate(Action)
        .exists()
    )
    return or_(under_item, Action.case_id.is_not(None))


def _filter_cases(stmt: Select[Any], meeting: Meeting, include_cases: bool | None) -> Select[Any]:
    if _cases_visible(meeting, include_cases):
        return stmt
    # Without the full minutes a member still sees the case actions her institution must do.
    own = None
    if has_request_context() and current_user.is_authenticated:
        membership = membership_in(current_user, meeting.mechanism_id)
        own = membership.institution_id if membership else None
    return stmt.where(~under_case_item() | (Action.responsible_institution_id == own))


def open_actions_before(meeting: Meeting, *, include_cases: bool | None = None) -> list[Action]:
    """The mechanism's open and in-progress actions decided at earlier meetings, for the
    follow-up item; responsible institution and meeting eager-loaded, earliest due first.
    include_cases=None decides by the signed-in user's right to the full minutes."""
    stmt = _with_institution(
        select(Action)
        .join(Meeting, Meeting.id == Action.meeting_id)
        .where(
            Action.mechanism_id == meeting.mechanism_id,
            Action.status.in_(PENDING),
            Meeting.starts_at < meeting.starts_at,
        )
        .order_by(Action.due_on, Action.id)
    )
    return list(db.session.scalars(_filter_cases(stmt, meeting, include_cases)).unique())


def actions_of(meeting: Meeting, *, include_cases: bool | None = None) -> list[Action]:
    """The actions decided at a meeting, in agenda order, institutions eager-loaded."""
    stmt = _with_institution(
        select(Action)
        .outerjoin(AgendaItem, AgendaItem.id == Action.agenda_item_id)
        .where(Action.meeting_id == meeting.id)
        .order_by(AgendaItem.position.is_(None), AgendaItem.position, Action.id)
    )
    return list(db.session.scalars(_filter_cases(stmt, meeting, include_cases)).unique())


def restricted_ids(actions: Sequence[Action]) -> set[int]:
    """Which of these actions belong to the restricted part of the minutes: decided under a
    case item or following up a case (one query at most)."""
    restricted = {a.id for a in actions if a.case_id is not None}
    item_ids = {a.agenda_item_id for a in actions if a.agenda_item_id}
    if item_ids:
        case_items = set(
            db.session.scalars(
                select(AgendaItem.id).where(
                    AgendaItem.id.in_(item_ids), AgendaItem.kind == AgendaItemKind.CASES
                )
            )
        )
        restricted |= {a.id for a in actions if a.agenda_item_id in case_items}
    return restricted


def visible_to(user: Any, actions: Sequence[Action]) -> list[Action]:
    """Keep the actions the user may see (see access.can_see_action)."""
    restricted = restricted_ids(actions)
    return [a for a in actions if can_see_action(user, a, a.id in restricted)]


def _pending_first() -> Any:
    return case((Action.status.in_(PENDING), 0), else_=1)


def mechanism_actions(mechanism_id: int, *, pending_only: bool = False) -> list[Action]:
    """Every action of a mechanism, pending ones first, earliest due first."""
    stmt = select(Action).where(Action.mechanism_id == mechanism_id)
    if pending_only:
        stmt = stmt.where(Action.status.in_(PENDING))
    stmt = stmt.order_by(_pending_first(), Action.due_on, Action.id)
    return list(db.session.scalars(_with_institution(stmt)).unique())


def actions_for(
    *, institution_ids: Sequence[int] = (), mechanism_ids: Sequence[int] = (), pending_only: bool
) -> list[Action]:
    """Actions of some institutions or of some mechanisms, across every meeting."""
    stmt = select(Action).where(
        Action.responsible_institution_id.in_(list(institution_ids))
        | Action.mechanism_id.in_(list(mechanism_ids))
    )
    if pending_only:
        stmt = stmt.where(Action.status.in_(PENDING))
    stmt = stmt.order_by(_pending_first(), Action.due_on, Action.id)
    stmt = stmt.options(joinedload(Action.meeting).joinedload(Meeting.mechanism))
    return list(db.session.scalars(_with_institution(stmt)).unique())


def progress_of(action: Action) -> list[ActionProgress]:
    """An action's progress notes, newest first."""
    return list(
        db.session.scalars(
            select(ActionProgress)
            .where(ActionProgress.action_id == action.id)
            .order_by(ActionProgress.created_at.desc(), ActionProgress.id.desc())
        )
    )
