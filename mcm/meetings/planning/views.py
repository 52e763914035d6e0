"""A mechanism's meetings: the list, the meeting page, and planning, changing, cancelling and
closing one meeting."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mcm.core import conflicts
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.confirm import irreversible
from mcm.core.db import utcnow
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.actions.services import open_actions_before
from mcm.meetings.agenda import services as agenda
from mcm.meetings.attendance import services as attendance
from mcm.meetings.models import (
    AdHocRequest,
    AgendaItemKind,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Presence,
)
from mcm.meetings.panels import meeting_panel
from mcm.meetings.planning import dates
from mcm.meetings.planning import services as planning
from mcm.meetings.planning.forms import CancelForm, ConfirmForm, MeetingForm

BASE = "/m/<mechanism_code>/meetings/<int:meeting_id>"


def _invitations(meeting: Meeting) -> dict[int, Invitation]:
    rows = db.session.scalars(select(Invitation).where(Invitation.meeting_id == meeting.id))
    return {row.institution_id: row for row in rows}


@bp.route(BASE)
def detail(meeting_id: int) -> Any:
    """The meeting: when and where, the agenda, replies, attendance and quorum, and the panels
    of invitations, documents, minutes and actions."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    items = agenda.agenda_of(meeting)
    members = attendance.members_at(meeting)
    present = attendance.attendance_of(meeting)
    cases = agenda.has_cases(items)
    acknowledgements = attendance.acknowledgements_of(meeting) if cases else []
    present_ids = {i for i, row in present.items() if row.presence is Presence.PRESENT}
    acknowledged = {a.institution_id for a in acknowledgements}
    follow_up = any(item.kind is AgendaItemKind.FOLLOW_UP for item in items)
    can_manage = can_manage_mechanism(current_user, g.mechanism)
    invitations = _invitations(meeting)
    cases_open = bool(present_ids) and present_ids <= acknowledged
    return render_template(
        "meetings/planning/detail.html",
        meeting=meeting,
        items=items,
        members=members,
        attendance=present,
        invitations=invitations,
        quorum=attendance.quorum_of(members, present),
        cases=cases,
        acknowledgements=acknowledgements,
        missing_acknowledgements=[m for m in members if m.id in present_ids - acknowledged],
        cases_open=cases_open,
        open_actions=open_actions_before(meeting) if follow_up else [],
        today=dates.today(),
        can_manage=can_manage,
        can_hold=meeting.status in planning.UPCOMING and meeting.starts_at <= utcnow(),
        confirm=ConfirmForm(),
        request_for=db.session.scalar(
            select(AdHocRequest)
            .options(joinedload(AdHocRequest.institution))
            .where(AdHocRequest.meeting_id == meeting.id)
        ),
        # (Without case items, whether they may open does not matter: the acknowledgements
        # were not read.)
        **meeting_panel.values(
            meeting, items=items, invitations=invitations, cases_open=cases_open
        ),
    )


def schedule_of(form: Any) -> planning.Schedule:
    """The when and where a meeting form holds."""
    return planning.Schedule(
        day=form.day.data,
        starts=form.starts.data,
        ends=form.ends.data,
        place=form.place.data or "",
        online_link=form.online_link.data or "",
    )


def form_error(form: Any, error: planning.PlanningError | agenda.AgendaError) -> None:
    """Show a refusal beside its field, or at the top of the form."""
    name = getattr(error, "field", None)
    if name and name in form:
        form[name].errors = [*form[name].errors, str(error)]
    else:
        flash(str(error), "error")


def _fill(form: MeetingForm, meeting: Meeting, cases: bool) -> None:
    start = dates.local(meeting.starts_at)
    form.kind.data = meeting.kind.value
    form.day.data = start.date()
    form.starts.data = start.time()
    form.ends.data = dates.local(meeting.ends_at).time() if meeting.ends_at else None
    form.place.data = meeting.place
    form.online_link.data = meeting.online_link
    form.documents_language.data = meeting.language
    form.notes.data = meeting.notes
    form.cases.data = cases
    form.version.data = str(meeting.version)


@bp.route("/m/<mechanism_code>/meetings/new", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def new() -> Any:
    """Plan one meeting, regular or ad hoc, or record one that took place."""
    form = MeetingForm()
    if request.method == "GET":
        kind = request.args.get("kind")
        form.kind.data = kind if kind in {k.value for k in MeetingKind} else "regular"
        form.starts.data = planning.DEFAULT_START
        form.place.data, form.online_link.data = planning.last_place(g.mechanism)
        form.documents_language.data = planning.usual_language(g.mechanism)
    if form.validate_on_submit():
        try:
            meeting = planning.create_meeting(
                g.mechanism,
                MeetingKind(form.kind.data),
                schedule_of(form),
                language=form.documents_language.data,
                notes=form.notes.data or "",
                cases=bool(form.cases.data),
            )
        except planning.PlanningError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_("The meeting has been planned."), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return render_template("meetings/planning/new.html", form=form)


@bp.route(BASE + "/edit", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def edit(meeting_id: int) -> Any:
    """Change a meeting; a save based on an older version is refused with both shown."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    if meeting.status is MeetingStatus.CANCELLED:
        flash(_("A cancelled meeting cannot be changed."), "error")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    form = MeetingForm()
    stored = None
    if form.validate_on_submit():
        try:
            with conflicts.saving(meeting, form.version.data):
                planning.update_meeting(
                    meeting,
                    form.version.data,
                    MeetingKind(form.kind.data),
                    schedule_of(form),
                    language=form.documents_language.data,
                    notes=form.notes.data or "",
                    cases=bool(form.cases.data),
                )
        except conflicts.ConflictError:
            stored = conflicts.refused(form, meeting)
        except (planning.PlanningError, agenda.AgendaError) as error:
            db.session.rollback()
            form_error(form, error)
        else:
            flash(_("The meeting has been saved."), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    elif request.method == "GET":
        _fill(form, meeting, agenda.has_cases(agenda.agenda_of(meeting)))
    return render_template("meetings/planning/edit.html", form=form, meeting=meeting, stored=stored)


@bp.route(BASE + "/cancel", methods=["GET", "POST"])
@irreversible(_l("Cancel the meeting: every invited institution is told by e-mail."))
@allow(Rule.MECHANISM_MANAGE)
def cancel(meeting_id: int) -> Any:
    """Cancel a meeting, with the reason the members will read."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            planning.cancel_meeting(meeting, form.reason.data)
        except planning.PlanningError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The meeting has been cancelled."), "success")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return render_template("meetings/planning/cancel.html", form=form, meeting=meeting)


@bp.route(BASE + "/held", methods=["POST"])
@irreversible(_l("Mark the meeting as held."))
@allow(Rule.MECHANISM_MANAGE)
def held(meeting_id: int) -> Any:
    """Record that the meeting took place."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    if ConfirmForm().validate_on_submit():
        try:
            planning.mark_held(meeting)
        except planning.PlanningError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The meeting has been marked as held."), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))
