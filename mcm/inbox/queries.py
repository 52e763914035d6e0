"""What the inbox pages read: the counts for the navigation (one statement), the e-mails a user
was sent, and one of them, which opening marks as read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from mcm.core.db import utcnow
from mcm.core.outbox import OutboxMessage
from mcm.extensions import db
from mcm.inbox import sources
from mcm.inbox.sources import Scope, scope_of
from mcm.meetings.planning.dates import today


def current_scope(user: Any) -> Scope:
    """Where the user may act, today."""
    return scope_of(user, today(), utcnow())


def mail_of(user_id: int) -> Select[Any]:
    """The e-mails the product sent (or keeps for) the user, newest first."""
    return (
        select(OutboxMessage)
        .where(OutboxMessage.recipient_user_id == user_id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    )


def unread_of(user_id: int) -> Select[Any]:
    return select(OutboxMessage.id).where(
        OutboxMessage.recipient_user_id == user_id, OutboxMessage.read_at.is_(None)
    )


def counts(user: Any, scope: Scope | None = None) -> dict[str, int]:
    """How many entries of each kind wait for the user, and her unread e-mails: one query."""
    scope = scope or current_scope(user)
    names = sources.kinds_for(scope)
    values = {**sources.params(scope), "user_id": user.id}
    row = db.session.execute(sources.count_statement(names), values).one()
    return {name: int(value or 0) for name, value in zip((*names, "unread"), row, strict=True)}


def open_message(user_id: int, message_id: int) -> OutboxMessage | None:
    """One of the user's e-mails (None if it is not hers), marked as read."""
    message = db.session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.id == message_id, OutboxMessage.recipient_user_id == user_id
        )
    )
    if message is not None and message.read_at is None:
        message.read_at = utcnow()
    return message
