"""The list of a mechanism's actions, filtered, sorted and one page at a time, and its export as
CSV or XLSX (same filters and access as the page; actions of the restricted minutes left out)."""

from __future__ import annotations

from typing import Any

from flask import g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from mcm.core.labels import action_status_label
from mcm.core.listing import paginate
from mcm.core.tables import download
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.actions import queries
from mcm.meetings.actions.panels import action_state
from mcm.meetings.actions.plan_activities import activity_choices
from mcm.meetings.planning.dates import local, today


def _activities() -> dict[str, str]:
    """The mechanism's plan activities by id, as the action form names them (one query)."""
    return {c.value: c.label for c in activity_choices(g.mechanism.id) if c.value}


@bp.route("/m/<mechanism_code>/meetings/actions")
def actions() -> Any:
    """Every action of the mechanism's meetings the user may see, open ones by default."""
    filters = queries.ActionFilters.read(request.args)
    listing = queries.listing_of("meetings.actions", filters)
    day = today()
    page = paginate(
        queries.actions_stmt(current_user, g.mechanism, filters, listing, day), listing.page
    )
    listing.page = page.page
    institutions = db.session.scalars(
        select(Institution)
        .where(Institution.mechanism_id == g.mechanism.id)
        .order_by(Institution.name)
    )
    activities = _activities()
    return render_template(
        "meetings/actions/index.html",
        page=page,
        listing=listing,
        filters=filters,
        statuses=queries.STATUSES,
        institution_options=[(i.id, i.name) for i in institutions],
        activity_options=[
            ("linked", _("Linked to any activity")),
            ("unlinked", _("Not linked")),
            *activities.items(),
        ],
        activities=activities,
        today=day,
        can_manage=can_manage_mechanism(current_user, g.mechanism),
    )


@bp.route("/m/<mechanism_code>/meetings/actions/export.<any(csv, xlsx):fmt>")
def actions_export(fmt: str) -> Any:
    """The listed actions, every page, as a spreadsheet; no action of a case is in it."""
    filters = queries.ActionFilters.read(request.args)
    listing = queries.listing_of("meetings.actions", filters)
    day = today()
    found = db.session.scalars(
        queries.actions_stmt(current_user, g.mechanism, filters, listing, day, without_cases=True)
    ).unique()
    activities = _activities()
    headers = [
        _("Action"),
        _("Responsible institution"),
        _("Decided at"),
        _("Due date"),
        _("Status"),
        _("Done on"),
        _("Plan activity"),
    ]
    rows = [
        [
            a.title,
            a.responsible_institution.name,
            local(a.meeting.starts_at).date(),
            a.due_on,
            action_status_label(action_state(a, day)),
            a.completed_on,
            activities.get(str(a.lap_activity_id), "") if a.lap_activity_id else "",
        ]
        for a in found
    ]
    return download(fmt, f"actions-{g.mechanism.code}", _("Actions"), headers, rows)
