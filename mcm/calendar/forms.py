"""The buttons that make and revoke the feed's URL: no fields beyond the CSRF token."""

from __future__ import annotations

from mcm.core.forms import Form


class FeedForm(Form):
    """Make, replace or revoke the user's calendar feed."""
