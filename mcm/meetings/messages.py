"""What the meetings' e-mails say, in each recipient's language, and the iCalendar (.ics)
event that lets calendars follow a meeting: one UID per meeting, a SEQUENCE that grows with each
change."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy import func, select
from werkzeug.routing import BuildError

from mcm.accounts.models import User
from mcm.core.db import utcnow
from mcm.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, day_format, time_format
from mcm.extensions import db
from mcm.meetings.agenda.queries import agenda_of  # noqa: F401 - one definition, read here too
from mcm.meetings.models import AgendaItem, Meeting

DEFAULT_DURATION = timedelta(hours=2)
DASH = "\u2013"  # between two times, as typeset


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Write in a language (sq, sr, en), also outside a request (scheduled tasks)."""
    locale = LANGUAGES.get(language, LANGUAGES[DEFAULT_LANGUAGE])
    if has_request_context():
        with force_locale(locale):
            yield
        return
    base = current_app.config["MCM_BASE_URL"] or "http://localhost"
    with current_app.test_request_context(base_url=base), force_locale(locale):
        yield


def languages_of(addresses: Iterable[str], default: str) -> dict[str, str]:
    """Each address's language: that of the user with the address, else the meeting's."""
    lowered = {address.lower() for address in addresses}
    known: dict[str, str] = {}
    if lowered:
        rows = db.session.execute(
            select(func.lower(User.email), User.language).where(func.lower(User.email).in_(lowered))
        )
        known = {email: language for email, language in rows if language in LANGUAGES}
    return {address: known.get(address.lower(), default) for address in addresses}


def page_link(endpoint: str, mechanism_code: str, **values: object) -> str:
    """A page's address for e-mails (MCM_BASE_URL when set); the meeting list if the page
    is not there."""
    try:
        path = url_for(endpoint, mechanism_code=mechanism_code, **values)
    except BuildError:
        path = url_for("meetings.index", mechanism_code=mechanism_code)
    base = current_app.config["MCM_BASE_URL"].rstrip("/")
    if base:
        return base + path
    return url_for("main.index", _external=True).rstrip("/") + path


def meeting_link(meeting: Meeting) -> str:
    """The meeting page's address for e-mails."""
    return page_link("meetings.detail", meeting.mechanism.code, meeting_id=meeting.id)


def municipality_name(meeting: Meeting, language: str) -> str:
    """The municipality's name in a language, whatever the request's language is."""
    municipality = meeting.mechanism.municipality
    return getattr(municipality, f"name_{language}", "") or municipality.name_en


def ends_at(meeting: Meeting) -> datetime:
    return meeting.ends_at or meeting.starts_at + DEFAULT_DURATION


def hours(meeting: Meeting) -> str:
    """From and until, in the installation's zone and the current locale."""
    start, end = time_format(meeting.starts_at), time_format(ends_at(meeting))
    return f"{start}{DASH}{end}"


def when(meeting: Meeting) -> str:
    """The meeting's day and hours."""
    return f"{day_format(meeting.starts_at, 'full')}, {hours(meeting)}"


def where(meeting: Meeting) -> str:
    return meeting.place or meeting.online_link or _("to be announced")


def agenda_lines(agenda: list[AgendaItem]) -> str:
    """The agenda as numbered lines, with presenter and expected duration."""
    lines = []
    for number, item in enumerate(agenda, 1):
        extras = []
        if item.presenter_institution is not None:
            extras.append(item.presenter_institution.name)
        if item.duration_minutes:
            extras.append(_("%(n)d min", n=item.duration_minutes))
        suffix = f" ({', '.join(extras)})" if extras else ""
        lines.append(f"{number}. {item.title}{suffix}")
    return "\n".join(lines) or _("The agenda will follow.")


def _details(meeting: Meeting, agenda: list[AgendaItem]) -> str:
    parts = [_("When: %(when)s", when=when(meeting)), _("Where: %(place)s", place=where(meeting))]
    if meeting.online_link and meeting.place:
        parts.append(_("Online: %(link)s", link=meeting.online_link))
    parts += ["", _("Agenda:"), agenda_lines(agenda)]
    return "\n".join(parts)


def compose(
    kind: str, meeting: Meeting, agenda: list[AgendaItem], language: str
) -> tuple[str, str]:
    """Subject and body of a meeting e-mail (invitation, update, cancellation, reminder)."""
    with in_language(language):
        name = municipality_name(meeting, language)
        day = day_format(meeting.starts_at, "long")
        link = meeting_link(meeting)
        details = _details(meeting, agenda)
        if kind == "invitation":
            subject = _(
                "Invitation: mechanism meeting, %(municipality)s, %(date)s",
                municipality=name,
                date=day,
            )
            body = _(
                "You are invited to the meeting of the coordination mechanism against domestic "
                "violence of %(municipality)s.\n\n%(details)s\n\nPlease reply (attending, not "
                "attending, or a deputy attending) on the meeting's page:\n%(link)s\n\n"
                "The attached invitation adds the meeting to your calendar.",
                municipality=name,
                details=details,
                link=link,
            )
        elif kind == "update":
            subject = _(
                "Changed: mechanism meeting, %(municipality)s, %(date)s",
                municipality=name,
                date=day,
            )
            body = _(
                "The meeting of the coordination mechanism against domestic violence of "
                "%(municipality)s has changed. This is what holds now:\n\n%(details)s\n\n"
                "The meeting's page:\n%(link)s\n\nThe attached file updates your calendar.",
                municipality=name,
                details=details,
                link=link,
            )
        elif kind == "cancellation":
            subject = _(
                "Cancelled: mechanism meeting, %(municipality)s, %(date)s",
                municipality=name,
                date=day,
            )
            body = _(
                "The meeting of the coordination mechanism against domestic violence of "
                "%(municipality)s on %(when)s is cancelled.\n\nThe attached file removes it "
                "from your calendar.",
                municipality=name,
                when=when(meeting),
            )
            if meeting.cancelled_reason:
                body += "\n\n" + _("Reason: %(reason)s", reason=meeting.cancelled_reason)
        else:  # the reminder to institutions that have not replied
            subject = _(
                "Reminder: mechanism meeting, %(municipality)s, %(date)s",
                municipality=name,
                date=day,
            )
            body = _(
                "Your institution has not yet replied to the invitation to the meeting of the "
                "coordination mechanism of %(municipality)s.\n\n%(details)s\n\nPlease reply "
                "on the meeting's page:\n%(link)s",
                municipality=name,
                details=details,
                link=link,
            )
    return subject, body


def build_ics(
    meeting: Meeting, agenda: list[AgendaItem], attendee: str, language: str, *, cancel: bool
) -> str:
    """The iCalendar event for one invitee: METHOD REQUEST (add or update) or CANCEL."""
    with in_language(language):
        summary = _(
            "Coordination mechanism meeting, %(municipality)s",
            municipality=municipality_name(meeting, language),
        )
        description = _("Agenda:") + "\n" + agenda_lines(agenda) + "\n\n" + meeting_link(meeting)
    calendar = Calendar()
    calendar.add("prodid", "-//mcm//Coordination mechanisms against domestic violence//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", meeting.ics_uid)
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", ends_at(meeting).astimezone(UTC))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", where_plain(meeting))
    if meeting.online_link:
        event.add("url", meeting.online_link)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{current_app.config['MCM_MAIL_SENDER']}")
    organizer.params["cn"] = vText(summary)
    event.add("organizer", organizer)
    guest = vCalAddress(f"mailto:{attendee}")
    guest.params["role"] = vText("REQ-PARTICIPANT")
    guest.params["partstat"] = vText("NEEDS-ACTION")
    guest.params["rsvp"] = vText("FALSE")  # replies are recorded in mcm, not by calendar mail
    event.add("attendee", guest)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def where_plain(meeting: Meeting) -> str:
    return meeting.place or meeting.online_link or ""
