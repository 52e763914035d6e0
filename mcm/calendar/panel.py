"""The calendar feed's section of the account page, registered with accounts' panel hook."""

from __future__ import annotations

from typing import Any

from mcm.accounts.panels import account_panel
from mcm.calendar import feeds
from mcm.calendar.forms import FeedForm
from mcm.calendar.queries import sees_meetings


@account_panel
def feed_panel(user: Any) -> tuple[str, dict[str, Any]]:
    """The feed's URL (if made) with the buttons to make, replace or revoke it."""
    feed = feeds.feed_of(user)
    return "calendar/_account_feed.html", {
        "feed_url": feeds.feed_url(feed) if feed is not None else None,
        "feed_created_at": feed.created_at if feed is not None else None,
        "feed_form": FeedForm(),
        "feed_has_meetings": sees_meetings(user),
    }
