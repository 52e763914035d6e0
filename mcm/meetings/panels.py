"""The meeting page's panels: each part of the meeting workflow (invitations, documents,
minutes, actions) registers what it shows there with `@meeting_panel`, a function of the meeting
and of what the page knows (`items`: its agenda; `invitations`: by institution id;
`cases_open`: whether its case items may open; `minutes`, once a panel read them) returning
template values; the page's view computes them all."""

from typing import Any

from mcm.core.panels import Panels
from mcm.extensions import db
from mcm.meetings.models import Meeting, Minutes

meeting_panel = Panels()


def known_minutes(meeting: Meeting, known: dict[str, Any]) -> Minutes | None:
    """The meeting's minutes with their current version, read once for all the panels."""
    if "minutes" not in known:
        known["minutes"] = db.session.scalar(
            db.select(Minutes)
            .options(db.joinedload(Minutes.current_version))
            .where(Minutes.meeting_id == meeting.id)
        )
    return known["minutes"]
