"""What the meeting page's minutes panel shows (templates/meetings/minutes/_panel.html): where
the minutes stand and, once approved, their text inline as the reader may see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_login import current_user

from mcm.core import labels
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.minutes import services_review
from mcm.meetings.minutes.queries import MinutesText, approved_text
from mcm.meetings.models import Meeting, Minutes
from mcm.meetings.panels import known_minutes, meeting_panel


@dataclass
class MinutesPanel:
    minutes: Minutes | None
    manages: bool
    number: int | None = None
    unresolved: int = 0
    text: MinutesText | None = None  # approved minutes, shown inline


@meeting_panel
def minutes_panel(meeting: Meeting, known: dict[str, Any]) -> dict[str, MinutesPanel]:
    """Where the meeting's minutes stand, and their text once approved."""
    minutes = known_minutes(meeting, known)
    panel = MinutesPanel(minutes, can_manage_mechanism(current_user, meeting.mechanism))
    if minutes is not None:
        current = minutes.current_version
        panel.number = current.number if current is not None else None
        if panel.manages:
            panel.unresolved = services_review.unresolved_count(minutes)
        panel.text = approved_text(
            meeting, current_user, minutes, known["items"], cases_open=known.get("cases_open")
        )
    return {"minutes_panel": panel}


bp.add_app_template_global(labels.minutes_status_label, "minutes_status_label")
