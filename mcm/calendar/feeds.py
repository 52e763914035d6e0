"""The personal feed's secret: made, shown again, revoked, and recognised in a request.

What is stored, and why: the account page must show the feed's URL again, so the secret must be
recoverable, but a copy of the database must not be a list of working URLs (each one reads a
user's meetings with no sign-in). So the table holds a random nonce, and the secret is
HMAC-SHA256(application secret key, nonce): the URL can be rebuilt only by the running
application. The table also holds SHA-256 of the secret, to find the feed a request names by an
indexed lookup; the secret itself is then compared in constant time. Changing MCM_SECRET_KEY
therefore retires every feed URL (users make a new one on their account page).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from typing import Any

from flask import current_app, url_for
from sqlalchemy import select

from mcm.accounts.models import User
from mcm.calendar.models import CalendarFeed
from mcm.core import audit
from mcm.extensions import db

# 32 bytes of HMAC, unpadded base64url: 43 characters from [A-Za-z0-9_-].
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def _secret(nonce: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, b"calendar-feed:" + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_of(user: Any) -> CalendarFeed | None:
    """The user's feed, if she has one."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def feed_url(feed: CalendarFeed) -> str:
    """The address a calendar program subscribes to (MCM_BASE_URL when set)."""
    secret = _secret(feed.nonce)
    base = current_app.config["MCM_BASE_URL"].rstrip("/")
    if base:
        return base + url_for("calendar.feed", secret=secret)
    return url_for("calendar.feed", secret=secret, _external=True)


def make_feed(user: Any) -> CalendarFeed:
    """Give the user a new feed URL; an earlier one stops working at once."""
    feed = feed_of(user)
    replaced = feed is not None
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.nonce = secrets.token_hex(32)
    feed.secret_hash = _hash(_secret(feed.nonce))
    db.session.flush()
    audit.record("calendar_feed_regenerated" if replaced else "calendar_feed_created", obj=feed)
    return feed


def revoke_feed(user: Any) -> bool:
    """Delete the user's feed, so its URL answers 404; False when there was none."""
    feed = feed_of(user)
    if feed is None:
        return False
    audit.record("calendar_feed_revoked", obj=feed)
    db.session.delete(feed)
    db.session.flush()
    return True


def owner_of(secret: str) -> User | None:
    """The active user whose feed this secret opens, or None (unknown, revoked, disabled)."""
    if not SECRET_SHAPE.fullmatch(secret):
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.secret_hash == _hash(secret)))
    if feed is None or not hmac.compare_digest(_secret(feed.nonce), secret):
        return None
    user = db.session.get(User, feed.user_id)
    return user if user is not None and user.active else None
