"""The minutes of a meeting: reading them (full or summary), writing the draft, correcting approved
minutes as a new version, one version, and the comparison of two versions."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mcm.core import conflicts
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.db import parse_id
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.agenda.services import cases_may_open
from mcm.meetings.minutes import services as service
from mcm.meetings.minutes.forms import CommentForm, item_changes, minutes_text_form
from mcm.meetings.minutes.queries import compare, minutes_page, version_numbered, versions_of
from mcm.meetings.models import AgendaItem, Meeting, Minutes, MinutesStatus
from mcm.meetings.policy import can_see_full_minutes

BASE = "/m/<mechanism_code>/meetings/<int:meeting_id>/minutes"


def readable(minutes: Minutes | None) -> bool:
    """Drafts (and the empty page before the first save) are the coordinator's; members read
    the minutes once circulated."""
    if minutes is not None and minutes.status is not MinutesStatus.DRAFT:
        return True
    return can_manage_mechanism(current_user, g.mechanism)


def render_minutes(meeting: Meeting, comment_forms: dict[int, Any] | None = None) -> str:
    """The minutes page, with a comment form per item while they are circulated."""
    page = minutes_page(meeting, current_user)
    forms = comment_forms or {}
    if page.minutes and page.minutes.status is MinutesStatus.CIRCULATED:
        for view in page.items:
            if not view.locked and view.item.id not in forms:
                forms[view.item.id] = CommentForm(prefix=f"item{view.item.id}", formdata=None)
    return render_template(
        "meetings/minutes/read.html",
        meeting=meeting,
        page=page,
        readable=readable(page.minutes),
        can_manage=can_manage_mechanism(current_user, g.mechanism),
        comment_forms=forms,
        today=date.today(),
    )


@bp.route(BASE)
def minutes(meeting_id: int) -> Any:
    """The minutes per agenda item, with decisions, actions and review comments."""
    return render_minutes(get_or_404(Meeting, meeting_id))


def _editing(meeting: Meeting, *, correction: bool) -> tuple[Any, list[AgendaItem], list[Any]]:
    items = service.agenda_of(meeting)
    cases_open = cases_may_open(meeting)
    editable = service.editable_items(items, full=True, cases_open=cases_open)
    form = minutes_text_form(editable, correction=correction)
    return form, items, editable


def _fill(form: Any, minutes: Minutes | None, editable: list[AgendaItem]) -> None:
    """Open the form on the stored text and its version."""
    content = minutes.current_version.content if minutes and minutes.current_version else {}
    for item in editable:
        entry = content.get(str(item.id)) or {}
        form[f"summary_{item.id}"].data = entry.get("summary", "")
        form[f"decisions_{item.id}"].data = entry.get("decisions", "")
    _stamp(form, minutes)


def _submitted(form: Any, editable: list[AgendaItem]) -> bool:
    """A valid submission whose text holds no personal data (the privacy guard marks any)."""
    return form.validate_on_submit()


def _stamp(form: Any, minutes: Minutes | None) -> None:
    form.version.data = str(minutes.version) if minutes else ""
    form.base_version.data = str(minutes.current_version_id) if minutes else ""


def _conflict(form: Any, meeting: Meeting) -> dict[str, Any]:
    """After a refused save: keep the user's text, show what is stored, accept the next save."""
    conflicts.refused(form)
    minutes = service.minutes_of(meeting)
    _stamp(form, minutes)
    return dict(minutes.current_version.content) if minutes and minutes.current_version else {}


def _render_form(meeting: Meeting, form: Any, items: list[AgendaItem], **extra: Any) -> str:
    editable = {field.name.split("_", 1)[1] for field in form if field.name.startswith("summary_")}
    template = "correct" if extra.get("correction") else "edit"
    return render_template(
        f"meetings/minutes/{template}.html",
        meeting=meeting,
        form=form,
        items=[(item, str(item.id) in editable) for item in items],
        **extra,
    )


@bp.route(BASE + "/edit", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def minutes_edit(meeting_id: int) -> Any:
    """Write the draft; while circulated, each save is a new version members can compare."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    minutes = service.minutes_of(meeting)
    if minutes is not None and minutes.status is MinutesStatus.APPROVED:
        flash(_("Approved minutes are locked: record a correction, with its reason."), "info")
        return redirect(url_for("meetings.minutes_correct", meeting_id=meeting.id))
    form, items, editable = _editing(meeting, correction=False)
    stored = None
    if _submitted(form, editable):
        changes = item_changes(form, editable)
        try:
            with conflicts.saving(minutes):
                service.save_text(meeting, form.version.data, form.base_version.data, changes)
        except conflicts.ConflictError:
            stored = _conflict(form, meeting)
        except service.MinutesError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The minutes have been saved."), "success")
            return redirect(url_for("meetings.minutes", meeting_id=meeting.id))
    elif request.method == "GET":
        _fill(form, minutes, editable)
    return _render_form(meeting, form, items, stored=stored, minutes=minutes, correction=False)


@bp.route(BASE + "/correct", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def minutes_correct(meeting_id: int) -> Any:
    """Correct approved minutes: a new version with a reason; the approved one stays."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    minutes = service.minutes_of(meeting)
    if minutes is None or minutes.status is not MinutesStatus.APPROVED:
        return redirect(url_for("meetings.minutes_edit", meeting_id=meeting.id))
    form, items, editable = _editing(meeting, correction=True)
    stored = None
    if _submitted(form, editable):
        changes = item_changes(form, editable)
        try:
            with conflicts.saving(minutes):
                created = service.correct(
                    meeting, form.version.data, form.base_version.data, changes, form.reason.data
                )
        except conflicts.ConflictError:
            stored = _conflict(form, meeting)
        except service.MinutesError as error:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, str(error)]
        else:
            flash(_("Version %(n)d of the minutes has been saved.", n=created.number), "success")
            return redirect(url_for("meetings.minutes", meeting_id=meeting.id))
    elif request.method == "GET":
        _fill(form, minutes, editable)
    return _render_form(meeting, form, items, stored=stored, minutes=minutes, correction=True)


def _readable_minutes(meeting: Meeting) -> Minutes:
    found = service.minutes_of(meeting)
    if found is None or not readable(found):
        abort(404)
    return found


@bp.route(BASE + "/versions/<int:number>")
def minutes_version(meeting_id: int, number: int) -> Any:
    """One version of the minutes, as it was saved; every version is kept."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    found = version_numbered(_readable_minutes(meeting), number)
    if found is None:
        abort(404)
    page = minutes_page(meeting, current_user, version=found)
    return render_template("meetings/minutes/version.html", meeting=meeting, page=page)


@bp.route(BASE + "/compare")
def minutes_compare(meeting_id: int) -> Any:
    """What changed, item by item, between two versions of the minutes."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    found = _readable_minutes(meeting)
    versions = versions_of(found)
    numbers = [v.number for v in versions]
    newest = numbers[0]
    new_number = parse_id(request.args.get("to")) or newest
    old_number = parse_id(request.args.get("from")) or max(new_number - 1, 1)
    if old_number not in numbers or new_number not in numbers:
        abort(404)
    old = version_numbered(found, old_number)
    new = version_numbered(found, new_number)
    assert old is not None and new is not None
    full = can_see_full_minutes(current_user, meeting) and cases_may_open(meeting)
    diffs = compare(service.agenda_of(meeting), old.content, new.content, full=full)
    return render_template(
        "meetings/minutes/compare.html",
        meeting=meeting,
        minutes=found,
        versions=versions,
        old=old,
        new=new,
        diffs=diffs,
    )
