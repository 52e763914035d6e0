"""Every outgoing e-mail goes through the outbox: queued in the database with the change that
caused it, sent after the commit, and retried while the mail server is down. Nothing is lost."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mcm.core.db import enum_column, utcnow
from mcm.extensions import db


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # the last attempt failed; it is tried again until it goes
    # The recipient chose a daily digest: kept until the digest, which carries its text.
    HELD = "held"
    # The recipient chose not to be e-mailed about this kind: she reads it in her inbox only.
    INBOX_ONLY = "inbox_only"


class Delivery(enum.StrEnum):
    """How a recipient wants a kind of message: e-mailed at once, in a daily digest, or not."""

    NOW = "now"
    DIGEST = "digest"
    NONE = "none"


# The statuses the outbox still has to send by itself.
UNSENT = (OutboxStatus.PENDING, OutboxStatus.FAILED)


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int | None] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # invitation, update, cancellation, reminder …
    # RFC 5322 Message-ID, set when queued and sent unchanged on every retry, so a retried
    # message can be told from a new one (and a receiving server drops the duplicate).
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    # A one-time link or a security notice: its body is shown to nobody and erased once sent.
    confidential: Mapped[bool] = mapped_column(default=False)
    to_address: Mapped[str] = mapped_column(String(254))
    # The user whose inbox shows the message (the account with the address), if any; the outbox
    # learns it through a hook, since users belong to a higher layer.
    recipient_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    read_at: Mapped[datetime | None]  # when the recipient opened it in her inbox
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    ics: Mapped[str | None] = mapped_column(Text)  # an iCalendar attachment, if any
    # Stored files to attach, as [{"filename", "content_type", "stored_name"}]: the content is
    # read from the document storage when the message goes, never copied per recipient.
    attachments: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, 20), default=OutboxStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
