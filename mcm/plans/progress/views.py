"""Following a LAP activity: its page /m/<CODE>/plans/activities/<id> (endpoint plans.activity,
defined HERE, for the plan editors too: add editing links to
templates/plans/progress/activity.html or include a partial from it) with its derived progress,
the actions linked to it and the indicator values reported at meetings, which the coordinator
records. Also registers the plan page's progress panel
(templates/plans/progress/_panel.html)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError
from wtforms import SelectChoice

from mcm.core.access import Rule, allow, get_or_404
from mcm.core.db import loaded, parse_id
from mcm.core.i18n import day_format
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings.actions.services import visible_to
from mcm.plans import bp
from mcm.plans.local.linking import linked_actions
from mcm.plans.models import ActionPlan, PlanActivity, PlanObjective
from mcm.plans.panels import plan_panel
from mcm.plans.policy import can_edit_plan
from mcm.plans.progress import exports as progress_exports
from mcm.plans.progress import queries as progress
from mcm.plans.progress import services as service
from mcm.plans.progress.forms import IndicatorValueForm


@plan_panel
def plan_progress_panel(
    plan: ActionPlan, known: dict[str, Any]
) -> dict[str, progress.PlanProgress]:
    """The plan's progress per objective, overdue and unlinked activities, for the plan page
    (its panel, and each activity's line)."""
    return {"plan_progress": progress.plan_progress(plan)}


def _activity(activity_id: int) -> tuple[PlanActivity, ActionPlan]:
    activity = service.activity_of_mechanism(activity_id, g.mechanism.id)
    if activity is None:
        abort(404)
    plan = db.session.get(ActionPlan, activity.plan_id)
    assert plan is not None
    return activity, plan


def _form(mechanism_id: int) -> IndicatorValueForm:
    form = IndicatorValueForm()
    form.meeting.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(m.id), _("Meeting of %(date)s", date=_date(m.starts_at)))
        for m in service.meetings_of(mechanism_id)
    ]
    return form


def _date(moment: Any) -> str:
    return day_format(moment)


def _plan_url(plan: ActionPlan) -> str | None:
    """The plan's page, once the plan pages exist (another module owns them)."""
    for endpoint in ("plans.plan", "plans.detail"):
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, plan_id=plan.id)
            except BuildError:
                continue
    return None


def _can_edit(plan: ActionPlan) -> bool:
    """Whether to link to the activity's edit form: the plan editors' rule."""
    return "plans.activity_form" in current_app.view_functions and can_edit_plan(current_user, plan)


def _page(activity: PlanActivity, plan: ActionPlan, form: IndicatorValueForm | None) -> str:
    manage = can_manage_mechanism(current_user, g.mechanism)
    return render_template(
        "plans/progress/activity.html",
        activity=loaded(activity, "responsible_institution"),
        plan=plan,
        plan_url=_plan_url(plan),
        can_edit=_can_edit(plan),
        objective=db.session.get(PlanObjective, activity.objective_id),
        progress=progress.activity_progress(activity),
        actions=visible_to(current_user, linked_actions(activity)),
        values=service.values_of(activity),
        form=form if manage else None,
        today=date.today(),
    )


@bp.route("/m/<mechanism_code>/plans/activities/<int:activity_id>")
def activity(activity_id: int) -> Any:
    """An activity of the plan: its target, derived progress, linked actions and values."""
    found, plan = _activity(activity_id)
    form = _form(g.mechanism.id) if can_manage_mechanism(current_user, g.mechanism) else None
    if form is not None:
        form.reported_on.data = date.today()
    return _page(found, plan, form)


@bp.route("/m/<mechanism_code>/plans/activities/<int:activity_id>/values", methods=["POST"])
@allow(Rule.MECHANISM_MANAGE)
def indicator_value_new(activity_id: int) -> Any:
    """The coordinator records a value of the activity's indicator, as reported at a meeting."""
    found, plan = _activity(activity_id)
    form = _form(g.mechanism.id)
    if form.validate_on_submit():
        try:
            service.record_indicator_value(
                found,
                plan,
                value=form.value.data,
                reported_on=form.reported_on.data,
                source=form.source.data or "",
                meeting_id=parse_id(form.meeting.data),
            )
        except service.IndicatorError as error:
            db.session.rollback()
            form[error.field].errors = [*form[error.field].errors, str(error)]
        else:
            db.session.commit()
            flash(_("The value has been recorded."), "success")
            return redirect(url_for("plans.activity", activity_id=found.id))
    return _page(found, plan, form)


def _download(body: bytes, mimetype: str, plan: ActionPlan, extension: str) -> Response:
    name = f"mcm-{g.mechanism.code}-plan-{plan.id}-progress-{date.today().isoformat()}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'},
    )


@bp.route("/m/<mechanism_code>/plans/<int:plan_id>/progress.<any(csv, xlsx):fmt>")
def plan_progress_export(plan_id: int, fmt: str) -> Any:
    """The plan's progress per activity as CSV or as an Excel workbook."""
    plan: ActionPlan = get_or_404(ActionPlan, plan_id)
    found = progress.plan_progress(plan)
    if fmt == "csv":
        return _download(progress_exports.to_csv(found), "text/csv", plan, "csv")
    return _download(
        progress_exports.to_xlsx(found),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        plan,
        "xlsx",
    )
