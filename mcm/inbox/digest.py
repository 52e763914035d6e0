"""The daily digest: the messages each user chose to receive once a day, gathered in one e-mail
per user, sent through the outbox like every other message."""

from __future__ import annotations

from collections import defaultdict

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from mcm.accounts.models import User
from mcm.core import outbox_service
from mcm.core.db import utcnow
from mcm.core.i18n import datetime_format
from mcm.core.outbox import OutboxMessage, OutboxStatus
from mcm.extensions import db
from mcm.meetings.messages import in_language

RULE = "\n" + "-" * 40 + "\n"


def _inbox_link() -> str:
    base = current_app.config["MCM_BASE_URL"].rstrip("/")
    return base + url_for("inbox.index") if base else url_for("inbox.index", _external=True)


def compose(user: User, messages: list[OutboxMessage]) -> tuple[str, str]:
    """Subject and body of one user's digest, in her language."""
    with in_language(user.language or ""):
        subject = ngettext(
            "Your mcm digest: %(num)d message", "Your mcm digest: %(num)d messages", len(messages)
        )
        parts = [
            _("These messages were kept for your daily digest, as you chose in mcm."),
        ]
        for message in messages:
            when = datetime_format(message.created_at)
            parts.append(f"{message.subject} ({when})\n\n{message.body}")
        parts.append(
            _(
                "They are also in your inbox, where you can change how e-mails reach you:\n"
                "%(link)s",
                link=_inbox_link(),
            )
        )
    return subject, RULE.join(parts)


def send_digests() -> int:
    """Queue each user's digest of the messages held for it; returns how many were queued."""
    held = list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.HELD,
                OutboxMessage.recipient_user_id.is_not(None),
            )
            .order_by(OutboxMessage.recipient_user_id, OutboxMessage.created_at, OutboxMessage.id)
            .with_for_update(skip_locked=True)
        )
    )
    if not held:
        return 0
    by_user: dict[int, list[OutboxMessage]] = defaultdict(list)
    for message in held:
        by_user[message.recipient_user_id].append(message)  # type: ignore[index]
    users = {
        user.id: user for user in db.session.scalars(select(User).where(User.id.in_(list(by_user))))
    }
    now = utcnow()
    queued = 0
    for user_id, messages in by_user.items():
        user = users.get(user_id)
        if user is None or not user.active:
            # Nobody reads a disabled account's mail: it stays in that inbox, never e-mailed.
            for message in messages:
                message.status = OutboxStatus.INBOX_ONLY
            continue
        subject, body = compose(user, messages)
        digest = outbox_service.queue(
            user.email, subject, body, kind="digest", recipient_user_id=user.id
        )
        # Its messages are in the inbox already, unread: the digest itself does not count again.
        digest.read_at = now
        for message in messages:
            message.status = OutboxStatus.SENT
            message.sent_at = now
        queued += 1
    db.session.commit()
    return queued
