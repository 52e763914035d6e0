"""Sending e-mail through the configured SMTP server."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


class MailError(Exception):
    """The message could not be handed to the mail server."""


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message; raise MailError when the server refuses or is unreachable."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MCM_MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    server = config["MCM_MAIL_SERVER"]
    if not server:
        if config["MCM_DEMO"]:
            # Demo installations have no mail server: show the message on the console instead.
            print(f"--- e-mail to {to} ---\nSubject: {subject}\n\n{body}\n---", flush=True)
            return
        raise MailError("no mail server is configured (MCM_MAIL_SERVER)")
    smtp_class = smtplib.SMTP_SSL if config["MCM_MAIL_SSL"] else smtplib.SMTP
    try:
        with smtp_class(server, config["MCM_MAIL_PORT"], timeout=10) as smtp:
            if config["MCM_MAIL_STARTTLS"]:
                smtp.starttls()
            if config["MCM_MAIL_USERNAME"]:
                smtp.login(config["MCM_MAIL_USERNAME"], config["MCM_MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("mail to %s not sent: %s", to, error)
        raise MailError(str(error)) from error
