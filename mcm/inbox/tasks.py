"""The inbox's scheduled task: each morning, one digest e-mail per user who chose it."""

from __future__ import annotations

from mcm.core import outbox_service
from mcm.core.scheduler import task
from mcm.inbox import delivery  # noqa: F401 - the outbox learns the recipients' choices
from mcm.inbox.digest import send_digests


@task("inbox_digest", period="daily", hour=7, minute=50)
def inbox_digest() -> int:
    """Send each user the messages she chose to receive once a day, in one e-mail."""
    queued = send_digests()
    if queued:
        outbox_service.deliver_pending()  # now, rather than at the outbox's next minute
    return queued
