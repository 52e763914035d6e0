"""Recording who came to a meeting, their acknowledgements of the confidentiality statement,
and the attendance rates of the member institutions over time."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from mcm.core.access import Rule, allow, get_or_404
from mcm.extensions import db
from mcm.meetings import bp
from mcm.meetings.agenda import services as agenda
from mcm.meetings.attendance import services as service
from mcm.meetings.attendance.forms import acknowledgement_form, attendance_form
from mcm.meetings.models import Meeting, MeetingStatus, Presence
from mcm.meetings.planning.views import BASE


def _entries(form: Any, members: list[Any]) -> list[service.Entry] | None:
    """The form's lines, or None when one is contradictory (its error is on the form)."""
    entries = []
    for institution in members:
        key = institution.id
        presence = form[f"presence_{key}"].data
        late = bool(form[f"late_{key}"].data)
        if late and presence != Presence.PRESENT.value:
            form[f"late_{key}"].errors = [_("Only an institution present can arrive late.")]
            return None
        entries.append(
            service.Entry(
                institution_id=key,
                presence=Presence(presence) if presence else None,
                represented_by=form[f"represented_{key}"].data or "",
                arrived_late=late,
            )
        )
    return entries


@bp.route(BASE + "/attendance", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def attendance(meeting_id: int) -> Any:
    """Present, absent or excused, for every member institution at once; who represented it;
    arrived late."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    members = service.members_at(meeting)
    recorded = service.attendance_of(meeting)
    form = attendance_form(members, recorded, service.representative_names(meeting))
    if form.validate_on_submit():
        entries = _entries(form, members)
        if entries is not None:
            try:
                service.record_attendance(meeting, entries)
            except service.AttendanceError as error:
                flash(str(error), "error")
            else:
                db.session.commit()
                flash(_("The attendance has been saved."), "success")
                return redirect(url_for("meetings.detail", meeting_id=meeting.id) + "#attendance")
    return render_template(
        "meetings/attendance/record.html",
        meeting=meeting,
        members=members,
        form=form,
        quorum=service.quorum_of(members, recorded),
        too_early=service.meeting_day(meeting) > service.today(),
    )


@bp.route(BASE + "/confidentiality", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def confidentiality(meeting_id: int) -> Any:
    """Record that each attendee acknowledged the confidentiality statement, before the case
    discussions open."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    recorded = service.attendance_of(meeting)
    acknowledgements = service.acknowledgements_of(meeting)
    done = {a.institution_id for a in acknowledgements}
    present_ids = {i for i, row in recorded.items() if row.presence is Presence.PRESENT}
    waiting = [i for i in service.members_at(meeting) if i.id in present_ids - done]
    names = {i: row.represented_by for i, row in recorded.items()}
    form = acknowledgement_form(waiting, names)
    if form.validate_on_submit():
        attendees = {
            i.id: form[f"name_{i.id}"].data or "" for i in waiting if form[f"ack_{i.id}"].data
        }
        try:
            service.record_acknowledgements(meeting, attendees)
        except service.AttendanceError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            if agenda.cases_may_open(meeting):
                flash(
                    _("Everyone present has acknowledged: the case discussions may open."),
                    "success",
                )
            else:
                flash(_("The acknowledgements have been recorded."), "success")
            return redirect(url_for("meetings.confidentiality", meeting_id=meeting.id))
    return render_template(
        "meetings/attendance/confidentiality.html",
        meeting=meeting,
        form=form,
        waiting=waiting,
        acknowledgements=acknowledgements,
        attendance_recorded=bool(present_ids),
        cases=agenda.has_cases(agenda.agenda_of(meeting)),
        cancelled=meeting.status is MeetingStatus.CANCELLED,
    )


@bp.route("/m/<mechanism_code>/meetings/attendance")
def attendance_rates() -> Any:
    """How often each member institution was present at the held meetings of the last eight
    quarters."""
    rates, meetings, since = service.attendance_rates(g.mechanism)
    return render_template(
        "meetings/attendance/rates.html", rates=rates, meetings=meetings, since=since
    )
