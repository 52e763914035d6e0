"""The outbox: messages are queued in the database with the change that caused them, delivered
after the commit (right after the request, and every minute by the scheduler), and retried with
a growing pause while the mail server is down. Nothing is lost, and each message goes once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import after_this_request, current_app, g, has_request_context
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from mcm.core import documents, mail
from mcm.core.db import utcnow
from mcm.core.outbox import UNSENT, Delivery, OutboxMessage, OutboxStatus
from mcm.extensions import db

# Minutes to wait after the 1st, 2nd, 3rd … failed attempt; the last one repeats for ever.
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360)
# A message being sent is claimed this long, so a second worker or the scheduler skips it.
LEASE = timedelta(minutes=10)

# Who receives a message, and how she wants it: (address, kind, user id if the caller knows it)
# -> (user id or None, delivery). Filled in by the feature that keeps users' choices; without it
# every message goes at once to no one's inbox.
RecipientFinder = Callable[[str, str, int | None], tuple[int | None, Delivery]]
_recipient_finders: list[RecipientFinder] = []
_STATUS_OF = {
    Delivery.NOW: OutboxStatus.PENDING,
    Delivery.DIGEST: OutboxStatus.HELD,
    Delivery.NONE: OutboxStatus.INBOX_ONLY,
}


def find_recipients_with(finder: RecipientFinder) -> RecipientFinder:
    """Register how a message's recipient user and her chosen delivery are found."""
    _recipient_finders[:] = [finder]
    return finder


def _recipient(to_address: str, kind: str, user_id: int | None) -> tuple[int | None, Delivery]:
    if not _recipient_finders:
        return user_id, Delivery.NOW
    return _recipient_finders[0](to_address, kind, user_id)


def queue(
    to_address: str,
    subject: str,
    body: str,
    *,
    kind: str,
    mechanism_id: int | None = None,
    meeting_id: int | None = None,
    ics: str | None = None,
    attachments: list[dict[str, str]] | None = None,
    confidential: bool = False,
    after_response: bool = False,
    recipient_user_id: int | None = None,
) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction; it goes once that commits."""
    # A confidential message (a one-time link, a security notice) has its body erased once sent.
    # With after_response the request does no mail work before answering, so the answer takes
    # the same time whether or not a message was queued (a reset for a known address or not).
    now = utcnow()
    recipient_user_id, delivery = _recipient(to_address.strip(), kind, recipient_user_id)
    if confidential:
        # A link or a security notice goes at once and alone: a digest would keep its text.
        delivery = Delivery.NOW
    message = OutboxMessage(
        to_address=to_address.strip(),
        recipient_user_id=recipient_user_id,
        subject=subject[:300],
        body=body,
        kind=kind,
        message_id=mail.new_message_id(),
        confidential=confidential,
        mechanism_id=mechanism_id,
        meeting_id=meeting_id,
        ics=ics,
        attachments=attachments or None,
        status=_STATUS_OF[delivery],
        attempts=0,
        last_error="",
        created_at=now,
        next_attempt_at=now,
    )
    db.session.add(message)
    if delivery is Delivery.NOW and has_request_context():
        hook = "mcm_outbox_after_response" if after_response else "mcm_outbox_after_request"
        if not g.get(hook):
            setattr(g, hook, True)
            after_this_request(
                _deliver_after_response if after_response else _deliver_after_request
            )
    return message


def _deliver_after_request(response: Any) -> Any:
    """Send what this request queued without waiting for the scheduler; a failure loses nothing."""
    try:
        deliver_pending()
    except Exception:  # the scheduler's next run tries again
        current_app.logger.exception("outbox delivery after the request failed")
    return response


def _deliver_after_response(response: Any) -> Any:
    """Send what this request queued once the answer has gone to the browser."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def deliver() -> None:
        with app.app_context():
            try:
                deliver_pending()
            except Exception:  # the scheduler's next run tries again
                app.logger.exception("outbox delivery after the response failed")

    response.call_on_close(deliver)
    return response


def backoff(attempts: int) -> timedelta:
    """How long to wait before the next attempt after `attempts` failed ones."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def deliver_pending(
    limit: int = 100, *, now: datetime | None = None, mechanism_id: int | None = None
) -> int:
    """Send the messages that are due; returns how many went. Failures are kept with the reason."""
    now = now or utcnow()
    # A session of its own: only committed messages are seen, and only the outbox is committed.
    with Session(db.engine, expire_on_commit=False) as session:
        claimed = _claim(session, now, limit, mechanism_id)
        if not claimed:
            return 0
        sent = 0
        done: set[int] = set()
        try:
            with mail.smtp_session() as send:
                for message in claimed:
                    try:
                        send(_email(message))
                    except mail.MailError as error:
                        _failed(message, str(error), now)
                    else:
                        _sent(message, now)
                        sent += 1
                    done.add(message.id)
                    # One commit per message: a crash never makes a sent message go twice.
                    session.commit()
        except mail.MailError as error:  # the server could not be reached at all
            for message in claimed:
                if message.id not in done:
                    _failed(message, str(error), now)
            session.commit()
        return sent


def _claim(
    session: Session, now: datetime, limit: int, mechanism_id: int | None
) -> list[OutboxMessage]:
    stmt = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status.in_(UNSENT), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if mechanism_id is not None:
        stmt = stmt.where(OutboxMessage.mechanism_id == mechanism_id)
    ids = list(session.scalars(stmt))
    mine = []
    for message_id in ids:
        # Compare-and-set: whoever moves next_attempt_at first owns the message.
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.status.in_(UNSENT),
                OutboxMessage.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            mine.append(message_id)
    session.commit()
    if not mine:
        return []
    return list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_(mine)).order_by(OutboxMessage.id)
        )
    )


def _attachments(message: OutboxMessage) -> list[tuple[str, str, bytes]]:
    """The files the message carries, read from the document storage as it goes."""
    found = []
    for attachment in message.attachments or []:
        try:
            content = documents.read(attachment["stored_name"])
        except FileNotFoundError:
            # Removed since the message was written (for example, uploaded by mistake): a
            # document taken back is not sent.
            current_app.logger.warning("outbox %s: an attachment was removed", message.id)
            continue
        found.append((attachment["filename"], attachment["content_type"], content))
    return found


def _email(message: OutboxMessage) -> Any:
    # Date is when the message was written, not when an attempt went: a retry is the same message.
    return mail.build_message(
        message.to_address,
        message.subject,
        message.body,
        message.ics,
        message_id=message.message_id,
        date=message.created_at,
        attachments=_attachments(message),
    )


def _sent(message: OutboxMessage, now: datetime) -> None:
    message.status = OutboxStatus.SENT
    message.attempts += 1
    message.sent_at = now
    message.last_error = ""
    if message.confidential:
        # A sent link lives only in the recipient's mailbox, not in the database.
        message.body = ""


def _failed(message: OutboxMessage, reason: str, now: datetime) -> None:
    message.status = OutboxStatus.FAILED
    message.attempts += 1
    message.last_error = reason[:1000]
    message.next_attempt_at = now + backoff(message.attempts)


def retry_now(*, mechanism_id: int | None = None) -> int:
    """Make every unsent message (of one mechanism, or all) due now; returns how many."""
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.status.in_(UNSENT))
        .values(next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if mechanism_id is not None:
        stmt = stmt.where(OutboxMessage.mechanism_id == mechanism_id)
    return db.session.execute(stmt).rowcount or 0


def counts(*, mechanism_id: int | None = None, meeting_id: int | None = None) -> dict[str, int]:
    """How many messages are pending, sent and failed, in one query."""
    stmt = select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)
    if mechanism_id is not None:
        stmt = stmt.where(OutboxMessage.mechanism_id == mechanism_id)
    if meeting_id is not None:
        stmt = stmt.where(OutboxMessage.meeting_id == meeting_id)
    found = {OutboxStatus(status): n for status, n in db.session.execute(stmt)}
    return {status.value: found.get(status, 0) for status in OutboxStatus}


def messages(*, mechanism_id: int | None = None, status: str | None = None) -> Any:
    """A query of outbox messages, newest first, for the outbox pages."""
    stmt = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if mechanism_id is not None:
        stmt = stmt.where(OutboxMessage.mechanism_id == mechanism_id)
    if status in {s.value for s in OutboxStatus}:
        stmt = stmt.where(OutboxMessage.status == OutboxStatus(status))
    return stmt
