"""Panels: what the parts of a feature add to one of its pages (the meeting page's invitations,
documents, minutes and actions; the mechanism home's notices). Each part registers a function
of the page's record and of what is known about it, returning template values; the page's view
calls them all before rendering, so that a template never sends a query of its own
(tests/core/test_template_queries.py walks every page to keep it so).

`known` holds what the view has loaded already (the meeting page's agenda, invitations, whether
its case items may open), and panels may add to it what they load for the others to reuse, so
that a record is read once per page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any, dict[str, Any]], dict[str, Any]]


class Panels:
    """The panels of one page, in the order they were registered."""

    def __init__(self) -> None:
        self._providers: list[Provider] = []

    def __call__(self, provider: Provider) -> Provider:
        """Register a part's panel (used as a decorator)."""
        self._providers.append(provider)
        return provider

    def values(self, record: Any, **known: Any) -> dict[str, Any]:
        """Every panel's template values for this record."""
        found: dict[str, Any] = {}
        for provider in self._providers:
            found.update(provider(record, known))
        return found
