"""The plan activities an action may serve. Plans sit above meetings, so meetings only offer
this hook; the plans feature fills it in (``mcm.plans.local.linking``). Without it no action
links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from wtforms import SelectChoice


@dataclass(frozen=True)
class ActivityLinks:
    """How meetings ask the plans about the activities an action serves."""

    choices: Callable[[int], list[SelectChoice]]  # the select's choices for a mechanism
    find: Callable[[int, int | None], Any | None]  # LookupError for another mechanism's id
    label: Callable[[int | None], dict[str, Any] | None]  # code, title and id, for the page


_links: list[ActivityLinks] = []


def serve_plan_activities(links: ActivityLinks) -> None:
    """Register how actions link to plan activities (the plans feature calls this)."""
    _links[:] = [links]


def activity_choices(mechanism_id: int) -> list[SelectChoice]:
    """Choices for the "Plan activity" select; the first is none."""
    if not _links:
        return [SelectChoice("", _("— none —"))]
    return _links[0].choices(mechanism_id)


def activity_for(mechanism_id: int, activity_id: int | None) -> Any | None:
    """The activity to link, or None for no link; LookupError when it cannot be linked."""
    if not activity_id:
        return None
    if not _links:
        raise LookupError(activity_id)
    return _links[0].find(mechanism_id, activity_id)


def activity_label(activity_id: int | None) -> dict[str, Any] | None:
    """The activity an action serves, for the action page."""
    return _links[0].label(activity_id) if _links and activity_id else None
