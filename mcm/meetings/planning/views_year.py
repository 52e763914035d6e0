"""Planning the year's regular meetings, and the mechanism's compliance, quarter by quarter."""

from __future__ import annotations

from datetime import time
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from mcm.core.access import Rule, allow
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.mechanisms.views import home_panel
from mcm.meetings import bp
from mcm.meetings.models import Meeting
from mcm.meetings.planning import dates
from mcm.meetings.planning import services as planning
from mcm.meetings.planning.forms import PlanForm
from mcm.meetings.planning.views import form_error

YEARS_BACK, YEARS_AHEAD = 1, 2  # the years the plan can show


def _year(raw: str | None) -> int:
    """The year asked for, or this year for anything else."""
    this_year = dates.today().year
    try:
        year = int(str(raw))
    except ValueError:
        return this_year
    return year if this_year - YEARS_BACK <= year <= this_year + YEARS_AHEAD else this_year


def _prefill(form: PlanForm, offered: list[planning.QuarterPlan]) -> None:
    place, online_link = planning.last_place(g.mechanism)
    for plan in offered:
        row = form.row(plan.quarter.number)
        row.include.data = True
        row.day.data = planning.proposed_day(plan.quarter)
        row.starts.data = planning.DEFAULT_START
        row.ends.data = time(12, 0)
        row.place.data = place
        row.online_link.data = online_link
    form.documents_language.data = planning.usual_language(g.mechanism)


def _rows(form: PlanForm, offered: list[planning.QuarterPlan]) -> dict[Any, Any] | None:
    """The ticked quarters' schedules, or None when the form has errors to show."""
    form.validate()
    rows = {}
    stale = False
    for number in range(1, 5):
        row = form.row(number)
        plan = next((p for p in offered if p.quarter.number == number), None)
        if plan is None and row.include.data:
            # Sent from a page opened before this quarter got its meeting (or the form sent
            # twice): say so rather than skip it silently.
            flash(_("Quarter %(n)d already has a regular meeting, or is over.", n=number), "error")
            stale = True
        if plan is None or not row.include.data:
            for sub in row:  # an unticked quarter's fields do not matter
                sub.errors = []
            continue
        for name in ("day", "starts"):
            if row[name].data is None and not row[name].errors:
                row[name].errors = [_("Please fill in this field.")]
        rows[plan.quarter] = planning.Schedule(
            day=row.day.data,
            starts=row.starts.data,
            ends=row.ends.data,
            place=row.place.data or "",
            online_link=row.online_link.data or "",
        )
    failed = any(field.errors for field in form if field.type != "FormField") or any(
        sub.errors for number in range(1, 5) for sub in form.row(number)
    )
    return None if failed or stale else rows


@bp.route("/m/<mechanism_code>/meetings/plan", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def plan() -> Any:
    """Plan the year's regular meetings at once: one per quarter, prefilled, each editable."""
    year = _year(request.args.get("year"))
    quarters = planning.year_plan(g.mechanism, year)
    offered = [plan for plan in quarters if plan.can_plan]
    form = PlanForm()
    if request.method == "GET":
        _prefill(form, offered)
    elif form.is_submitted():
        rows = _rows(form, offered)
        if rows is not None:
            try:
                meetings = planning.plan_year(g.mechanism, rows, form.documents_language.data)
            except planning.PlanningError as error:
                db.session.rollback()
                if "." in (error.field or ""):
                    _row_error(form, error)
                else:
                    form_error(form, error)
            else:
                db.session.commit()
                flash(
                    _("%(num)d meetings have been planned.", num=len(meetings))
                    if len(meetings) != 1
                    else _("The meeting has been planned."),
                    "success",
                )
                return redirect(url_for("meetings.plan", year=year))
    this_year = dates.today().year
    return render_template(
        "meetings/planning/plan.html",
        form=form,
        year=year,
        quarters=quarters,
        offered={plan.quarter.number for plan in offered},
        years=range(this_year - YEARS_BACK, this_year + YEARS_AHEAD + 1),
    )


def _row_error(form: PlanForm, error: planning.PlanningError) -> None:
    row, name = (error.field or "").split(".", 1)
    field = form[row][name]
    field.errors = [*field.errors, str(error)]


@home_panel
def unrecorded_meetings_of(mechanism: Mechanism, known: dict[str, Any]) -> dict[str, list[Meeting]]:
    """The mechanism's past meetings still planned, for its home page to flag."""
    return {"unrecorded": planning.unrecorded_meetings([mechanism.id])}


@bp.route("/m/<mechanism_code>/meetings/compliance")
def compliance() -> Any:
    """Held, planned or missing: the mechanism's regular meeting in each of the last eight
    quarters (it must meet at least four times a year)."""
    quarters = dates.last_quarters(8)
    plans = planning.plan_by_quarter([g.mechanism.id], quarters)[g.mechanism.id]
    return render_template(
        "meetings/planning/compliance.html",
        plans=plans[::-1],
        held=sum(1 for plan in plans if plan.state is planning.QuarterState.HELD),
    )
