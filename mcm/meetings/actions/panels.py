"""What the meeting page's actions panel shows (templates/meetings/actions/_panel.html), and the
template globals its rows use (_rows.html)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_login import current_user

from mcm.core import labels
from mcm.meetings import bp
from mcm.meetings.actions import services as services_actions
from mcm.meetings.models import Action, Meeting
from mcm.meetings.panels import meeting_panel


@meeting_panel
def meeting_actions(meeting: Meeting, known: dict[str, Any]) -> dict[str, list[Action]]:
    """The actions the meeting decided that the signed-in user may see."""
    actions = services_actions.actions_of(meeting)
    return {"meeting_actions": services_actions.visible_to(current_user, actions)}


@bp.app_template_global()
def action_state(action: Action, today: date | None = None) -> str:
    """An action's status, or "overdue" when it is open past its due date."""
    return "overdue" if action.is_overdue(today or date.today()) else action.status.value


bp.add_app_template_global(labels.action_status_label, "action_status_label")
bp.add_app_template_global(labels.not_done_reason_label, "not_done_reason_label")
