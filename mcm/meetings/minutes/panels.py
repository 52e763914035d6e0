"""What the meeting page's minutes panel shows, as template globals
(templates/meetings/minutes/_panel.html calls them; the actions panel's: actions/panels.py)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from mcm.core import labels
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.minutes import services as services_minutes
from mcm.meetings.minutes import services_review
from mcm.meetings.models import Meeting, Minutes


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
            panel.unresolved = services_review.unresolved_count(minutes)
    return panel


bp.add_app_template_global(labels.minutes_status_label, "minutes_status_label")
