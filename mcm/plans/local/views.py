"""Local action plan pages: the mechanism's plans, a plan's structure, and the coordinator's forms
(plan, objectives, activities, adoption, revision). Members read; coordinators edit."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from mcm.core import conflicts
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.confirm import irreversible
from mcm.core.db import loaded
from mcm.core.i18n import localized
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.plans import bp
from mcm.plans.local import services as plans
from mcm.plans.local.exports import DASH, FUNDING_LABELS, STATUS_LABELS
from mcm.plans.local.forms import ActivityForm, AdoptForm, ObjectiveForm, PlanForm, RevisionForm
from mcm.plans.models import (
    ActionPlan,
    ActionPlanVersion,
    ActivityAlignment,
    ActivitySupport,
    FundingSource,
    PlanActivity,
    PlanObjective,
    Strategy,
)
from mcm.plans.panels import plan_panel
from mcm.plans.policy import can_edit_plan
from mcm.plans.strategy import services as strategies


def _plan(plan_id: int) -> ActionPlan:
    return get_or_404(ActionPlan, plan_id)


def _locked(found: ActionPlan) -> Any:
    """A redirect to the plan when it cannot be changed now (adopted), else None."""
    if can_edit_plan(current_user, found):
        return None
    flash(_("The plan is adopted. Start a revision to change it."), "error")
    return redirect(url_for("plans.plan", plan_id=found.id))


@bp.route("/m/<mechanism_code>/plans/")
def index() -> str:
    """The mechanism's local action plans."""
    return render_template(
        "plans/local/index.html",
        plans=plans.plans_of(g.mechanism.id),
        can_manage=can_manage_mechanism(current_user, g.mechanism),
        status_labels=STATUS_LABELS,
    )


@bp.route("/m/<mechanism_code>/plans/<int:plan_id>")
def plan(plan_id: int) -> str:
    """A plan's objectives and activities, its status and adopted versions."""
    found = loaded(_plan(plan_id), "strategy")
    return render_template(
        "plans/local/plan.html",
        plan=found,
        tree=plans.plan_tree(found),
        versions=plans.versions(found),
        can_manage=can_manage_mechanism(current_user, g.mechanism),
        can_edit=can_edit_plan(current_user, found),
        status_labels=STATUS_LABELS,
        funding_labels=FUNDING_LABELS,
        **plan_panel.values(found),
    )


def _strategy_choices(form: PlanForm) -> None:
    form.strategy.choices = [
        SelectChoice(str(s.id), f"{localized(s)} ({s.starts_year}{DASH}{s.ends_year})")
        for s, _count in strategies.strategies()
    ]


def _chosen_strategy(form: PlanForm) -> Strategy | None:
    try:
        return db.session.get(Strategy, int(form.strategy.data))
    except (TypeError, ValueError):
        return None


@bp.route("/m/<mechanism_code>/plans/new", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def plan_new() -> Any:
    """Start a draft plan."""
    form = PlanForm()
    _strategy_choices(form)
    if request.method == "GET":
        current = strategies.current_strategy()
        form.strategy.data = str(current.id) if current else ""
    if form.validate_on_submit() and (chosen := _chosen_strategy(form)) is not None:
        try:
            created = plans.create_plan(
                g.mechanism,
                chosen,
                form.title.data.strip(),
                form.starts_year.data,
                form.ends_year.data,
            )
        except plans.PlanError as error:
            form.ends_year.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The plan has been created as a draft."), "success")
            return redirect(url_for("plans.plan", plan_id=created.id))
    return render_template(
        "plans/local/plan_form.html", form=form, plan=None, no_strategy=not form.strategy.choices
    )


@bp.route("/m/<mechanism_code>/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def plan_edit(plan_id: int) -> Any:
    """Change a draft plan's title, period or strategy."""
    found = _plan(plan_id)
    if (locked := _locked(found)) is not None:
        return locked
    form = PlanForm(obj=found, strategy=str(found.strategy_id))
    _strategy_choices(form)
    stored = None
    if form.validate_on_submit() and (chosen := _chosen_strategy(form)) is not None:
        try:
            with conflicts.saving(found, form.version.data):
                plans.update_plan(
                    found,
                    form.version.data,
                    title=form.title.data.strip(),
                    starts_year=form.starts_year.data,
                    ends_year=form.ends_year.data,
                    strategy_id=chosen.id,
                )
        except conflicts.ConflictError:
            conflicts.refused(form, found)
            stored = [
                (_("Title"), found.title),
                (_("Period"), f"{found.starts_year}{DASH}{found.ends_year}"),
            ]
        except plans.PlanError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The plan has been saved."), "success")
            return redirect(url_for("plans.plan", plan_id=found.id))
    if request.method == "GET":
        form.version.data = str(found.version)
    return render_template(
        "plans/local/plan_form.html", form=form, plan=found, stored=stored, stored_fields=stored
    )


@bp.route("/m/<mechanism_code>/plans/<int:plan_id>/objectives/new", methods=["GET", "POST"])
@bp.route(
    "/m/<mechanism_code>/plans/<int:plan_id>/objectives/<int:objective_id>/edit",
    methods=["GET", "POST"],
)
@allow(Rule.MECHANISM_MANAGE)
def objective_form(plan_id: int, objective_id: int | None = None) -> Any:
    """Add or change an objective of the plan."""
    found = _plan(plan_id)
    if (locked := _locked(found)) is not None:
        return locked
    objective = None
    if objective_id is not None:
        objective = db.session.get(PlanObjective, objective_id)
        if objective is None or objective.plan_id != found.id:
            abort(404)
    form = ObjectiveForm(obj=objective)
    if form.validate_on_submit():
        try:
            plans.save_objective(
                found, objective, form.code.data.strip(), form.title.data.strip(),
                form.position.data or 0,
            )  # fmt: skip
        except plans.PlanError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The objective has been saved."), "success")
            return redirect(url_for("plans.plan", plan_id=found.id))
    return render_template(
        "plans/local/objective_form.html", form=form, plan=found, objective=objective
    )


def _activity_choices(form: ActivityForm, found: ActionPlan) -> None:
    members = plans.current_members(found.mechanism_id)
    form.objective.choices = [
        SelectChoice(str(o.id), f"{o.code} {o.title[:80]}")
        for o, _activities in plans.plan_tree(found)
    ]
    form.responsible.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(i.id), i.name) for i in members
    ]
    form.supporting.choices = [SelectChoice(str(i.id), i.name) for i in members]
    form.funding_source.choices = [SelectChoice("", "—")] + [
        SelectChoice(s.value, str(FUNDING_LABELS[s])) for s in FundingSource
    ]
    form.aligned.choices = [
        SelectChoice(str(value), label, optgroup=group)
        for group, options in strategies.objective_choices(
            found.strategy_id, lambda o: localized(o, "text")
        )
        for value, label in options
    ]


@bp.route("/m/<mechanism_code>/plans/<int:plan_id>/activities/new", methods=["GET", "POST"])
@bp.route(
    "/m/<mechanism_code>/plans/<int:plan_id>/activities/<int:activity_id>/edit",
    methods=["GET", "POST"],
)
@allow(Rule.MECHANISM_MANAGE)
def activity_form(plan_id: int, activity_id: int | None = None) -> Any:
    """Add or change an activity, with its indicator, institutions, timeline, budget and the
    national objectives it serves."""
    found = _plan(plan_id)
    if (locked := _locked(found)) is not None:
        return locked
    activity = None
    if activity_id is not None:
        activity = db.session.get(PlanActivity, activity_id)
        if activity is None or activity.plan_id != found.id:
            abort(404)
    form = ActivityForm(obj=activity)
    _activity_choices(form, found)
    if not form.objective.choices:
        flash(_("Add an objective to the plan first."), "error")
        return redirect(url_for("plans.plan", plan_id=found.id))
    stored = None
    if form.validate_on_submit():
        try:
            with conflicts.saving(activity, form.version.data):
                plans.save_activity(
                    found,
                    activity,
                    form.version.data,
                    supporting_ids=[int(i) for i in form.supporting.data or []],
                    aligned_ids=[int(i) for i in form.aligned.data or []],
                    objective_id=int(form.objective.data),
                    code=form.code.data.strip(),
                    title=form.title.data.strip(),
                    indicator=(form.indicator.data or "").strip(),
                    baseline=form.baseline.data,
                    target=form.target.data,
                    unit=(form.unit.data or "").strip(),
                    responsible_institution_id=int(form.responsible.data)
                    if form.responsible.data
                    else None,
                    start_year=form.start_year.data,
                    start_quarter=int(form.start_quarter.data),
                    end_year=form.end_year.data,
                    end_quarter=int(form.end_quarter.data),
                    budget_eur=form.budget_eur.data,
                    funding_source=FundingSource(form.funding_source.data)
                    if form.funding_source.data
                    else None,
                )
        except conflicts.ConflictError:
            stored = _activity_facts(conflicts.refused(form, activity))
        except plans.PlanError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The activity has been saved."), "success")
            return redirect(url_for("plans.plan", plan_id=found.id))
    if request.method == "GET":
        _fill(form, activity, found)
    return render_template(
        "plans/local/activity_form.html", form=form, plan=found, activity=activity,
        stored=stored, stored_fields=stored,
    )  # fmt: skip


def _fill(form: ActivityForm, activity: PlanActivity | None, found: ActionPlan) -> None:
    if activity is None:
        form.objective.data = request.args.get("objective", "")
        form.start_year.data = form.start_year.data or found.starts_year
        form.end_year.data = form.end_year.data or found.ends_year
        form.start_quarter.data, form.end_quarter.data = "1", "4"
        return
    form.version.data = str(activity.version)
    form.objective.data = str(activity.objective_id)
    form.responsible.data = str(activity.responsible_institution_id or "")
    form.start_quarter.data = str(activity.start_quarter)
    form.end_quarter.data = str(activity.end_quarter)
    form.funding_source.data = activity.funding_source.value if activity.funding_source else ""
    supports = select(ActivitySupport.institution_id).where(
        ActivitySupport.activity_id == activity.id
    )
    form.supporting.data = [str(i) for i in db.session.scalars(supports)]
    aligned = select(ActivityAlignment.objective_id).where(
        ActivityAlignment.activity_id == activity.id
    )
    form.aligned.data = [str(i) for i in db.session.scalars(aligned)]


def _activity_facts(activity: PlanActivity) -> list[tuple[str, Any]]:
    return [
        (_("Code"), activity.code),
        (_("Activity"), activity.title),
        (_("Indicator"), activity.indicator),
        (_("Target"), activity.target),
        (
            _("Period"),
            f"{activity.start_year} Q{activity.start_quarter} {DASH} "
            f"{activity.end_year} Q{activity.end_quarter}",
        ),
    ]


@bp.route("/m/<mechanism_code>/plans/<int:plan_id>/adopt", methods=["GET", "POST"])
@irreversible(
    _l("Adopt the plan: this version is frozen and every change after it is a new version.")
)
@allow(Rule.MECHANISM_MANAGE)
def plan_adopt(plan_id: int) -> Any:
    """Adopt the plan (date and decision); this freezes a numbered version."""
    found = _plan(plan_id)
    form = AdoptForm()
    if form.validate_on_submit():
        try:
            with conflicts.saving(found, form.version.data):
                frozen = plans.adopt(
                    found, form.version.data, form.adopted_on.data,
                    form.decision_reference.data.strip(), current_user,
                )  # fmt: skip
        except conflicts.ConflictError:
            conflicts.refused(form, found)
        except plans.PlanError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The plan has been adopted (version %(n)d).", n=frozen.number), "success")
            return redirect(url_for("plans.plan", plan_id=found.id))
    if request.method == "GET":
        form.version.data = str(found.version)
    return render_template("plans/local/plan_adopt.html", form=form, plan=found)


@bp.route("/m/<mechanism_code>/plans/<int:plan_id>/revise", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def plan_revise(plan_id: int) -> Any:
    """Open an adopted plan for changes, saying why."""
    found = _plan(plan_id)
    form = RevisionForm()
    if form.validate_on_submit():
        try:
            with conflicts.saving(found, form.version.data):
                plans.start_revision(found, form.version.data, form.reason.data.strip())
        except conflicts.ConflictError:
            conflicts.refused(form, found)
        except plans.PlanError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The plan is under revision."), "success")
            return redirect(url_for("plans.plan", plan_id=found.id))
    if request.method == "GET":
        form.version.data = str(found.version)
    return render_template("plans/local/plan_revise.html", form=form, plan=found)


@bp.route("/m/<mechanism_code>/plans/<int:plan_id>/versions/<int:number>")
def plan_version(plan_id: int, number: int) -> str:
    """An adopted version of the plan, as it was frozen."""
    found = _plan(plan_id)
    frozen = db.session.scalar(
        select(ActionPlanVersion).where(
            ActionPlanVersion.plan_id == found.id, ActionPlanVersion.number == number
        )
    )
    if frozen is None:
        abort(404)
    return render_template(
        "plans/local/plan_version.html", plan=found, frozen=frozen, funding_labels={
            s.value: label for s, label in FUNDING_LABELS.items()
        },
    )  # fmt: skip
