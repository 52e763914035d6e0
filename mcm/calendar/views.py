"""The calendar pages: the month and the list of the user's meetings, the subscription feed, and
making or revoking the feed's URL (from the account page)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mcm.calendar import bp, feeds
from mcm.calendar import panel as _panel  # noqa: F401 - the account page's feed section
from mcm.calendar.forms import FeedForm
from mcm.calendar.ics import feed_ics
from mcm.calendar.month import Month
from mcm.calendar.queries import FEED_PAST, meetings_between, sees_meetings
from mcm.core.access import Rule, allow
from mcm.core.db import utcnow
from mcm.extensions import db
from mcm.meetings.planning.dates import local, today

VIEWS = ("month", "list")


@bp.route("/")
def index() -> Any:
    """The meetings of the user's mechanisms in one month, as a month grid or a list."""
    month = Month.parse(request.args.get("month"))
    view = request.args.get("view") if request.args.get("view") in VIEWS else "month"
    meetings = meetings_between(current_user, *month.bounds())
    by_day: dict[date, list[Any]] = defaultdict(list)
    for meeting in meetings:
        by_day[local(meeting.starts_at).date()].append(meeting)
    return render_template(
        "calendar/index.html",
        month=month,
        view=view,
        meetings=meetings,
        by_day=by_day,
        today=today(),
        sees_meetings=sees_meetings(current_user),
    )


@bp.route("/feed/<secret>.ics")
@allow(Rule.SECRET_LINK)
def feed(secret: str) -> Any:
    """The user's meetings for calendar programs; an unknown or revoked secret is a plain 404."""
    user = feeds.owner_of(secret)
    if user is None:
        # The same few bytes for a malformed, unknown, replaced or revoked secret: no page that
        # echoes the URL, nothing that tells one case from another.
        return Response("Not Found\n", 404, mimetype="text/plain")
    meetings = meetings_between(user, utcnow() - FEED_PAST, None)
    response = Response(feed_ics(user, meetings), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="mcm.ics"'
    return response


@bp.route("/feed/new", methods=["POST"])
def feed_new() -> Any:
    """Make the user's feed URL, or a new one in place of the old, which stops working."""
    form = FeedForm()
    if form.validate_on_submit():
        replaced = feeds.feed_of(current_user) is not None
        feeds.make_feed(current_user)
        db.session.commit()
        flash(
            _("A new feed address was made; the old one no longer works.")
            if replaced
            else _("Your calendar feed is ready: add its address to your calendar program."),
            "success",
        )
    return redirect(url_for("accounts.profile", _anchor="calendar-feed"))


@bp.route("/feed/revoke", methods=["POST"])
def feed_revoke() -> Any:
    """Stop the user's feed: calendar programs subscribed to it get nothing more."""
    form = FeedForm()
    if form.validate_on_submit() and feeds.revoke_feed(current_user):
        db.session.commit()
        flash(_("Your calendar feed was stopped; its address no longer works."), "success")
    return redirect(url_for("accounts.profile", _anchor="calendar-feed"))
