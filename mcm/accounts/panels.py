"""Sections that features above accounts add to the account page (the calendar feed, for one).
Accounts sit low in the layers and import no feature: a feature registers a panel when it is
imported, and the account page renders whatever is registered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A panel: given the signed-in user, the template to include and its values, or None to show
# nothing to this user.
Panel = Callable[[Any], tuple[str, dict[str, Any]] | None]
_panels: list[Panel] = []


def account_panel(panel: Panel) -> Panel:
    """Register a section of the account page."""
    if panel not in _panels:
        _panels.append(panel)
    return panel


def panels_for(user: Any) -> list[tuple[str, dict[str, Any]]]:
    """The sections to show this user, in the order they were registered."""
    return [shown for panel in _panels if (shown := panel(user)) is not None]
