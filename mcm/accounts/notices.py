"""E-mails about a user's own account: one-time links and security notices, all through the
outbox, written in the user's language. Their bodies are confidential: no outbox page shows them
and a sent one is erased, so a link never sits readable in the database or on a screen."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from mcm.accounts.models import TokenPurpose, User
from mcm.core import outbox_service
from mcm.core.db import utcnow
from mcm.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, datetime_format
from mcm.core.outbox import OutboxMessage


class Notice(enum.StrEnum):
    """A security notice: something happened to the account that its owner should know."""

    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a notice, not a password
    TWO_FACTOR_ON = "two_factor_on"
    TWO_FACTOR_OFF = "two_factor_off"
    TWO_FACTOR_RESET = "two_factor_reset"
    RECOVERY_CODES_NEW = "recovery_codes_new"
    RECOVERY_CODE_USED = "recovery_code_used"
    ACCOUNT_LOCKED = "account_locked"


@contextmanager
def _in_language(user: User) -> Iterator[None]:
    """Write in the recipient's language; a request context makes url_for and Babel work."""
    locale = LANGUAGES.get(user.language or DEFAULT_LANGUAGE, LANGUAGES[DEFAULT_LANGUAGE])
    if has_request_context():
        with force_locale(locale):
            yield
        return
    with current_app.test_request_context(), force_locale(locale):
        yield


def _link(endpoint: str, **values: str) -> str:
    base = current_app.config["MCM_BASE_URL"].rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def send_link_mail(user: User, purpose: TokenPurpose, token: str) -> OutboxMessage:
    """Queue the e-mail with a one-time link for setting a password; it goes after the answer."""
    endpoint = "accounts.reset" if purpose is TokenPurpose.PASSWORD_RESET else "accounts.accept"
    with _in_language(user):
        link = _link(endpoint, token=token)
        if purpose is TokenPurpose.PASSWORD_RESET:
            subject = _("Reset your mcm password")
            body = _(
                "Someone asked to reset the password of your mcm account.\n\n"
                "Open this link within one hour to choose a new password:\n%(link)s\n\n"
                "If it was not you, ignore this message: your password stays as it is.",
                link=link,
            )
        else:
            subject = _("You are invited to mcm")
            body = _(
                "An administrator has created an mcm account for you.\n\n"
                "Open this link within seven days to choose your password:\n%(link)s",
                link=link,
            )
    kind = "password_reset" if purpose is TokenPurpose.PASSWORD_RESET else "account_invitation"
    return outbox_service.queue(
        user.email, subject, body, kind=kind, confidential=True, after_response=True
    )


def _notice_text(notice: Notice, details: dict[str, object]) -> tuple[str, str]:
    when = datetime_format(utcnow())
    if notice is Notice.PASSWORD_CHANGED:
        return _("Your mcm password was changed"), _(
            "The password of your mcm account was changed on %(when)s.", when=when
        )
    if notice is Notice.TWO_FACTOR_ON:
        return _("Two-factor sign-in is on"), _(
            "Two-factor sign-in was turned on for your mcm account on %(when)s.", when=when
        )
    if notice is Notice.TWO_FACTOR_OFF:
        return _("Two-factor sign-in is off"), _(
            "Two-factor sign-in was turned off for your mcm account on %(when)s.", when=when
        )
    if notice is Notice.TWO_FACTOR_RESET:
        return _("Two-factor sign-in was reset"), _(
            "An administrator reset two-factor sign-in of your mcm account on %(when)s. You set "
            "it up again at your next sign-in.",
            when=when,
        )
    if notice is Notice.RECOVERY_CODES_NEW:
        return _("New recovery codes"), _(
            "New recovery codes were made for your mcm account on %(when)s; the old ones no "
            "longer work.",
            when=when,
        )
    if notice is Notice.RECOVERY_CODE_USED:
        return _("A recovery code was used"), _(
            "Someone signed in to your mcm account with a recovery code on %(when)s. "
            "Recovery codes left: %(left)s.",
            when=when,
            left=details.get("left", 0),
        )
    return _("Sign-in to your mcm account is paused"), _(
        "There were too many wrong attempts to sign in to your mcm account (%(what)s), the last "
        "on %(when)s. Signing in is paused for %(minutes)s minutes. If it was not you, someone "
        "may be trying to get into your account.",
        what=_("wrong codes") if details.get("factor") == "code" else _("wrong passwords"),
        when=when,
        minutes=details.get("minutes", 15),
    )


def notify(user: User, notice: Notice, **details: object) -> None:
    """Queue a security notice to the account's owner, in the caller's transaction."""
    with _in_language(user):
        subject, text = _notice_text(notice, details)
        advice = _(
            "If it was not you, change your password now (%(link)s) and tell an administrator.",
            link=_link("accounts.reset_request"),
        )
    body = f"{text}\n\n{advice}"
    # After the answer, like the links: a lock notice sent inside the request would make the
    # failure that locks a real account slower than one against an unknown address.
    outbox_service.queue(
        user.email, subject, body, kind="security_notice", confidential=True, after_response=True
    )
