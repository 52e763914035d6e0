"""The meetings list, filtered, sorted and one page at a time, and its exports: the meetings and
their attendance as CSV or XLSX, with the same filters and the same access as the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel import dates as babel_dates
from flask import g, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from mcm.core.db import utcnow
from mcm.core.i18n import CLOCK
from mcm.core.labels import meeting_kind_label, meeting_status_label, presence_label
from mcm.core.listing import paginate
from mcm.core.tables import download
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.adhoc import services as adhoc
from mcm.meetings.models import Meeting, MeetingKind, MeetingStatus
from mcm.meetings.planning import queries
from mcm.meetings.planning.dates import local
from mcm.meetings.policy import can_request_ad_hoc

COMING = 5  # the next meetings shown above the list


def _place(meeting: Meeting) -> str:
    return meeting.place or (_("Online") if meeting.online_link else "")


@dataclass(frozen=True)
class Row:
    """A meeting as the list shows it, formatted once here: the list is the page that grows
    with years of use, and per-row template calls (Babel, url_for, macros) were most of its cost."""

    meeting: Meeting
    url: str
    day: str
    hours: str
    kind: str
    status: str
    place: str
    cancelled: bool


def rows_of(meetings: list[Meeting]) -> list[Row]:
    """The rows of a page of meetings, formatted in the user's language and the local zone."""
    locale, base = get_locale(), url_for("meetings.index")
    kinds = {k: meeting_kind_label(k) for k in MeetingKind}
    statuses = {s: meeting_status_label(s) for s in MeetingStatus}

    # The language's own clock, as every other page writes it (24-hour in Albanian and Serbian).
    clock = CLOCK.get(locale.language if locale else "en", "HH:mm")

    def hour(moment: datetime) -> str:
        return babel_dates.format_time(local(moment), clock, locale=locale)

    return [
        Row(
            m,
            f"{base}{m.id}",
            babel_dates.format_date(local(m.starts_at).date(), "medium", locale=locale),
            hour(m.starts_at) + (f"\u2013{hour(m.ends_at)}" if m.ends_at else ""),
            kinds[m.kind],
            statuses[m.status],
            m.place,
            m.status is MeetingStatus.CANCELLED,
        )
        for m in meetings
    ]


@bp.route("/m/<mechanism_code>/meetings/")
def index() -> Any:
    """The mechanism's meetings: the next few, then every meeting, filtered and sorted."""
    filters = queries.MeetingFilters.read(request.args)
    listing = queries.listing_of("meetings.index", filters)
    page = paginate(queries.meetings_stmt(g.mechanism.id, filters, listing), listing.page)
    listing.page = page.page
    rows = rows_of(page.items)
    coming = db.session.scalars(
        select(Meeting)
        .where(Meeting.mechanism_id == g.mechanism.id, Meeting.starts_at >= utcnow())
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(COMING)
    )
    can_manage = can_manage_mechanism(current_user, g.mechanism)
    return render_template(
        "meetings/planning/index.html",
        upcoming=rows_of(list(coming)),
        rows=rows,
        page=page,
        listing=listing,
        filters=filters,
        year_options=[(y, y) for y in queries.years_of(g.mechanism.id)],
        kind_options=[(k.value, meeting_kind_label(k)) for k in MeetingKind],
        status_options=[(s.value, meeting_status_label(s)) for s in MeetingStatus],
        can_manage=can_manage,
        can_request=can_request_ad_hoc(current_user, g.mechanism),
        pending=adhoc.pending_count(g.mechanism) if can_manage else 0,
    )


@bp.route("/m/<mechanism_code>/meetings/export.<any(csv, xlsx):fmt>")
def meetings_export(fmt: str) -> Any:
    """The listed meetings (same filters and order, every page) as a spreadsheet."""
    filters = queries.MeetingFilters.read(request.args)
    listing = queries.listing_of("meetings.index", filters)
    meetings = db.session.scalars(queries.meetings_stmt(g.mechanism.id, filters, listing))
    headers = [_("Date"), _("Starts"), _("Ends"), _("Kind"), _("Status"), _("Place")]
    rows = [
        [
            local(m.starts_at).date(),
            local(m.starts_at).strftime("%H:%M"),
            local(m.ends_at).strftime("%H:%M") if m.ends_at else "",
            meeting_kind_label(m.kind),
            meeting_status_label(m.status),
            _place(m),
        ]
        for m in meetings
    ]
    name = f"meetings-{g.mechanism.code}"
    return download(fmt, name, _("Meetings"), headers, rows)


@bp.route("/m/<mechanism_code>/meetings/attendance/export.<any(csv, xlsx):fmt>")
def attendance_export(fmt: str) -> Any:
    """Who attended the listed meetings, one row per institution and meeting."""
    filters = queries.MeetingFilters.read(request.args)
    listing = queries.listing_of("meetings.index", filters)
    headers = [
        _("Date"),
        _("Kind"),
        _("Institution"),
        _("Attendance"),
        _("Represented by"),
        _("Arrived late"),
    ]
    rows = [
        [
            local(m.starts_at).date(),
            meeting_kind_label(m.kind),
            a.institution.name,
            presence_label(a.presence),
            a.represented_by,
            _("Yes") if a.arrived_late else "",
        ]
        for m, a in queries.attendance_rows(g.mechanism.id, filters, listing)
    ]
    name = f"attendance-{g.mechanism.code}"
    return download(fmt, name, _("Attendance"), headers, rows)
