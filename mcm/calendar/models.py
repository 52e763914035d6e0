"""A user's calendar subscription feed. Only what the account page needs to show the feed's URL
again is kept, and not the URL itself: see mcm.calendar.feeds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mcm.core.db import utcnow
from mcm.extensions import db


class CalendarFeed(db.Model):
    """One user's feed; revoking it deletes the row, so its URL answers 404 from then on."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    # The URL's secret is an HMAC of this nonce under the application's secret key: a copy of the
    # database alone does not give anyone a working feed URL.
    nonce: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the secret, to find the feed a request names without scanning the table.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
