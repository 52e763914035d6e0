"""Sending e-mail through the configured SMTP server (only the outbox sends: see outbox_service)."""

from __future__ import annotations

import re
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app

Sender = Callable[[EmailMessage], None]


class MailError(Exception):
    """The message could not be handed to the mail server."""


def new_message_id() -> str:
    """A unique Message-ID in the sender's domain, e.g. <…@mcm.example.org>."""
    sender = current_app.config["MCM_MAIL_SENDER"]
    domain = sender.rpartition("@")[2].strip(" >") or "localhost"
    return make_msgid(domain=domain)


def build_message(
    to: str,
    subject: str,
    body: str,
    ics: str | None = None,
    *,
    message_id: str,
    date: datetime,
    attachments: list[tuple[str, str, bytes]] | None = None,
) -> EmailMessage:
    """A plain-text message, with an iCalendar invitation (invite.ics) attached when given, and
    the files given as (file name, content type, content)."""
    message = EmailMessage()
    message["From"] = current_app.config["MCM_MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message.set_content(body)
    if ics:
        # Calendar programs act on the attachment's METHOD: REQUEST adds or updates, CANCEL removes.
        found = re.search(r"^METHOD:(\w+)", ics, re.M)
        method = found.group(1) if found else "REQUEST"
        message.add_attachment(
            ics, subtype="calendar", filename="invite.ics", params={"method": method}
        )
    for filename, content_type, content in attachments or []:
        maintype, _sep, subtype = content_type.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


@contextmanager
def smtp_session() -> Iterator[Sender]:
    """One connection to the mail server for several messages; raises MailError if it fails."""
    config = current_app.config
    server = config["MCM_MAIL_SERVER"]
    if not server:
        if config["MCM_DEMO"]:
            # Demo installations have no mail server: show the message on the console instead.
            yield _print
            return
        raise MailError("no mail server is configured (MCM_MAIL_SERVER)")
    smtp_class = smtplib.SMTP_SSL if config["MCM_MAIL_SSL"] else smtplib.SMTP
    try:
        smtp = smtp_class(server, config["MCM_MAIL_PORT"], timeout=10)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("mail server %s unreachable: %s", server, error)
        raise MailError(str(error) or type(error).__name__) from error
    try:
        try:
            if config["MCM_MAIL_STARTTLS"]:
                smtp.starttls()
            if config["MCM_MAIL_USERNAME"]:
                smtp.login(config["MCM_MAIL_USERNAME"], config["MCM_MAIL_PASSWORD"])
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(str(error) or type(error).__name__) from error

        def send(message: EmailMessage) -> None:
            try:
                smtp.send_message(message)
            except (OSError, smtplib.SMTPException) as error:
                current_app.logger.warning("mail to %s not sent: %s", message["To"], error)
                raise MailError(str(error) or type(error).__name__) from error

        yield send
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _print(message: EmailMessage) -> None:
    body = message.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    print(
        f"--- e-mail to {message['To']} ---\nSubject: {message['Subject']}\n\n{text}\n---",
        flush=True,
    )
