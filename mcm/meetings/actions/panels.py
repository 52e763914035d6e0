"""What the meeting page's actions panel shows, as template globals
(templates/meetings/actions/_panel.html and _rows.html call them)."""

from __future__ import annotations

from datetime import date

from flask_login import current_user

from mcm.core import labels
from mcm.meetings import bp
from mcm.meetings.actions import services as services_actions
from mcm.meetings.models import Action, Meeting


@bp.app_template_global()
def meeting_actions(meeting: Meeting) -> list[Action]:
    """The actions the meeting decided that the signed-in user may see."""
    return services_actions.visible_to(current_user, services_actions.actions_of(meeting))


@bp.app_template_global()
def action_state(action: Action, today: date | None = None) -> str:
    """An action's status, or "overdue" when it is open past its due date."""
    return "overdue" if action.is_overdue(today or date.today()) else action.status.value


bp.add_app_template_global(labels.action_status_label, "action_status_label")
bp.add_app_template_global(labels.not_done_reason_label, "not_done_reason_label")
