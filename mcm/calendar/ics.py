"""The subscription feed as iCalendar (RFC 5545): one VEVENT per meeting, with the UID and
SEQUENCE the meeting's invitations carry (mcm.meetings.messages.build_ics), so a calendar program
that holds the invitation recognises the same event instead of showing it twice.

The feed travels to calendar programs and their servers, outside mcm's access control, so it
carries only what any invitee of the meeting already receives by e-mail, and less: when, where,
which mechanism, the kind and status, and the link to the meeting page. No agenda (an item's
title may touch a case), no minutes, no case codes.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from flask_babel import gettext as _
from icalendar import Calendar, Event

from mcm.core.db import utcnow
from mcm.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from mcm.core.labels import meeting_kind_label, meeting_status_label
from mcm.meetings.messages import (
    ends_at,
    in_language,
    meeting_link,
    municipality_name,
    where_plain,
)
from mcm.meetings.models import Meeting, MeetingStatus

PRODID = "-//mcm//Coordination mechanisms against domestic violence//EN"
REFRESH = timedelta(hours=1)  # how often calendar programs are asked to poll


def _event(meeting: Meeting, language: str) -> Event:
    summary = _(
        "Coordination mechanism meeting, %(municipality)s",
        municipality=municipality_name(meeting, language),
    )
    cancelled = meeting.status is MeetingStatus.CANCELLED
    if cancelled:
        summary = _("Cancelled: %(title)s", title=summary)
    event = Event()
    event.add("uid", meeting.ics_uid)
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", ends_at(meeting).astimezone(UTC))
    event.add("summary", summary)
    event.add(
        "description",
        f"{meeting_kind_label(meeting.kind)} · {meeting_status_label(meeting.status)}\n\n"
        + meeting_link(meeting),
    )
    location = where_plain(meeting)
    if location:
        event.add("location", location)
    event.add("url", meeting_link(meeting))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def feed_ics(user: Any, meetings: list[Meeting]) -> bytes:
    """The user's feed, written in her language."""
    language = user.language if user.language in LANGUAGES else DEFAULT_LANGUAGE
    with in_language(language):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Coordination mechanism meetings"))
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH)
        for meeting in meetings:
            calendar.add_component(_event(meeting, language))
    return calendar.to_ical()
