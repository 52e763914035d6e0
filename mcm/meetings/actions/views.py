"""The actions a mechanism's meetings decided: the list, recording one, and its progress page where
the responsible institution records what it did."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from mcm.accounts.models import User
from mcm.core import conflicts
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.db import loaded, parse_id
from mcm.core.labels import ACTION_STATUS_LABELS, NOT_DONE_REASON_LABELS
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.actions import services as service
from mcm.meetings.actions.forms import ActionForm, ActionUpdateForm
from mcm.meetings.actions.plan_activities import activity_choices, activity_label
from mcm.meetings.agenda.services import cases_may_open
from mcm.meetings.minutes.services import agenda_of
from mcm.meetings.models import Action, ActionStatus, AgendaItemKind, Meeting, NotDoneReason
from mcm.meetings.policy import can_see_action, can_update_action


def _action_form(meeting: Meeting, form: ActionForm) -> bool:
    """Fill the choices; returns whether case items may take actions yet."""
    cases_open = cases_may_open(meeting)
    form.agenda_item.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(i.id), f"{i.position}. {i.title}")
        for i in agenda_of(meeting)
        if i.kind is not AgendaItemKind.CASES or cases_open
    ]
    form.institution.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(i.id), i.name) for i in service.current_institutions(meeting.mechanism_id)
    ]
    form.lap_activity.choices = activity_choices(meeting.mechanism_id)
    return cases_open


@bp.route("/m/<mechanism_code>/meetings/<int:meeting_id>/actions/new", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def action_new(meeting_id: int) -> Any:
    """Record an action the meeting decided, under one of its agenda items."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    form = ActionForm()
    cases_open = _action_form(meeting, form)
    if form.validate_on_submit():
        try:
            service.create_action(
                meeting,
                title=form.title.data,
                institution_id=parse_id(form.institution.data),
                due_on=form.due_on.data,
                agenda_item_id=parse_id(form.agenda_item.data),
                cases_open=cases_open,
                lap_activity_id=parse_id(form.lap_activity.data),
            )
        except service.ActionError as error:
            db.session.rollback()
            form[error.field].errors = [*form[error.field].errors, str(error)]
        else:
            db.session.commit()
            flash(_("The action has been recorded."), "success")
            return redirect(url_for("meetings.minutes", meeting_id=meeting.id))
    elif not form.is_submitted():
        item = parse_id(request.args.get("item"))
        form.agenda_item.data = str(item) if item else ""
    return render_template("meetings/actions/new.html", meeting=meeting, form=form, action=None)


def _visible_action(action_id: int) -> Action:
    action: Action = get_or_404(Action, action_id)
    if not can_see_action(current_user, action, _under_cases(action)):
        abort(404)
    return action


def _under_cases(action: Action) -> bool:
    return bool(service.restricted_ids([action]))


def _update_form(action: Action) -> ActionUpdateForm:
    form = ActionUpdateForm()
    form.status.choices = [
        SelectChoice(s.value, ACTION_STATUS_LABELS[s.value]) for s in ActionStatus
    ]
    form.not_done_reason.choices = [SelectChoice("", "—")] + [
        SelectChoice(r.value, NOT_DONE_REASON_LABELS[r.value]) for r in NotDoneReason
    ]
    return form


def _users(ids: set[int | None]) -> dict[int, User]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(wanted)))}


@bp.route("/m/<mechanism_code>/meetings/actions/<int:action_id>", methods=["GET", "POST"])
def action(action_id: int) -> Any:
    """An action, its progress notes, and the form to record progress for those allowed."""
    found = _visible_action(action_id)
    may_update = can_update_action(current_user, found)
    form = _update_form(found)
    stored = None
    if request.method == "POST":
        if not may_update:
            abort(403)
        if form.validate_on_submit():
            try:
                with conflicts.saving(found, form.version.data):
                    service.update_action(
                        found,
                        form.version.data,
                        status=ActionStatus(form.status.data),
                        note=form.note.data or "",
                        not_done_reason=(
                            NotDoneReason(form.not_done_reason.data)
                            if form.not_done_reason.data
                            else None
                        ),
                    )
            except conflicts.ConflictError:
                stored = conflicts.refused(form, found)
            except service.ActionError as error:
                db.session.rollback()
                form[error.field].errors = [*form[error.field].errors, str(error)]
            else:
                flash(_("The progress has been recorded."), "success")
                return redirect(url_for("meetings.action", action_id=found.id))
    else:
        form.version.data = str(found.version)
        form.status.data = found.status.value
        form.not_done_reason.data = found.not_done_reason.value if found.not_done_reason else ""
    progress = service.progress_of(found)
    return render_template(
        "meetings/actions/detail.html",
        action=loaded(found, "responsible_institution", "meeting"),
        lap_activity=activity_label(found.lap_activity_id),
        progress=progress,
        authors=_users({p.author_id for p in progress}),
        form=form if may_update else None,
        stored=stored,
        today=date.today(),
        can_manage=can_manage_mechanism(current_user, g.mechanism),
    )


@bp.route("/m/<mechanism_code>/meetings/actions/<int:action_id>/edit", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def action_edit(action_id: int) -> Any:
    """The coordinator corrects an action's wording, institution or due date."""
    found: Action = get_or_404(Action, action_id)
    meeting = found.meeting
    form = ActionForm()
    _action_form(meeting, form)
    del form.agenda_item
    stored = None
    if form.validate_on_submit():
        try:
            with conflicts.saving(found, form.version.data):
                service.change_action(
                    found,
                    form.version.data,
                    title=form.title.data,
                    institution_id=parse_id(form.institution.data),
                    due_on=form.due_on.data,
                    lap_activity_id=parse_id(form.lap_activity.data),
                )
        except conflicts.ConflictError:
            stored = conflicts.refused(form, found)
        except service.ActionError as error:
            db.session.rollback()
            form[error.field].errors = [*form[error.field].errors, str(error)]
        else:
            flash(_("The action has been saved."), "success")
            return redirect(url_for("meetings.action", action_id=found.id))
    elif not form.is_submitted():
        form.version.data = str(found.version)
        form.title.data = found.title
        form.institution.data = str(found.responsible_institution_id)
        form.due_on.data = found.due_on
        form.lap_activity.data = str(found.lap_activity_id or "")
    return render_template(
        "meetings/actions/edit.html", meeting=meeting, form=form, action=found, stored=stored
    )
