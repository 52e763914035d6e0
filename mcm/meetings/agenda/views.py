"""A meeting's agenda: adding, changing, removing and reordering items, and each item's page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectChoice

from mcm.core.access import Rule, allow, get_or_404
from mcm.core.confirm import irreversible
from mcm.core.db import parse_id
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.meetings import bp
from mcm.meetings.actions.services import open_actions_before
from mcm.meetings.agenda import services as agenda
from mcm.meetings.agenda.forms import AgendaItemForm
from mcm.meetings.files.views import item_files
from mcm.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from mcm.meetings.planning.dates import today
from mcm.meetings.planning.forms import ConfirmForm
from mcm.meetings.planning.views import BASE

ITEM = BASE + "/agenda/<int:item_id>"


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def _presenters(form: AgendaItemForm) -> None:
    institutions = db.session.scalars(
        select(Institution)
        .where(Institution.mechanism_id == g.mechanism.id, Institution.left_on.is_(None))
        .order_by(Institution.name)
    )
    form.presenter.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(i.id), i.name) for i in institutions
    ]


def _fields(form: AgendaItemForm) -> dict[str, Any]:
    return {
        "presenter_id": parse_id(form.presenter.data) if form.presenter.data else None,
        "duration_minutes": form.duration.data,
        "notes": form.notes.data or "",
    }


@bp.route(BASE + "/agenda", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def agenda_edit(meeting_id: int) -> Any:
    """The agenda with its controls, and the form to add a topic."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    form = AgendaItemForm()
    _presenters(form)
    if form.validate_on_submit():
        try:
            agenda.add_item(meeting, form.title.data, **_fields(form))
        except agenda.AgendaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The item has been added to the agenda."), "success")
            return redirect(url_for("meetings.agenda_edit", meeting_id=meeting.id) + "#agenda")
    items = agenda.agenda_of(meeting)
    return render_template(
        "meetings/agenda/edit.html",
        meeting=meeting,
        items=items,
        form=form,
        confirm=ConfirmForm(),
        can_move=agenda.can_move,
        locked=meeting.status is MeetingStatus.CANCELLED,
    )


@bp.route(ITEM)
def agenda_item(meeting_id: int, item_id: int) -> Any:
    """One agenda item; the case discussions only once everyone present has acknowledged the
    confidentiality statement."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    item = _item(meeting, item_id)
    if item.kind is AgendaItemKind.CASES and not agenda.cases_may_open(meeting):
        return render_template(
            "meetings/agenda/cases_closed.html",
            meeting=meeting,
            item=item,
            missing=agenda.missing_acknowledgements(meeting),
        ), 403
    return render_template(
        "meetings/agenda/item.html",
        meeting=meeting,
        item=item,
        files=item_files(meeting, item),
        open_actions=open_actions_before(meeting) if item.kind is AgendaItemKind.FOLLOW_UP else [],
        today=today(),
    )


@bp.route(ITEM + "/edit", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def agenda_item_edit(meeting_id: int, item_id: int) -> Any:
    """Change an item's title, presenter, expected duration or notes."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    item = _item(meeting, item_id)
    if item.kind is AgendaItemKind.CASES and not agenda.cases_may_open(meeting):
        # Its notes are case content: closed like the item itself.
        flash(
            _(
                "The case discussions open once everyone present has acknowledged the "
                "confidentiality statement."
            ),
            "error",
        )
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    form = AgendaItemForm(
        obj=item,
        presenter=str(item.presenter_institution_id or ""),
        duration=item.duration_minutes,
    )
    _presenters(form)
    if form.validate_on_submit():
        try:
            agenda.update_item(item, form.title.data, **_fields(form))
        except agenda.AgendaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The item has been saved."), "success")
            return redirect(url_for("meetings.agenda_edit", meeting_id=meeting.id) + "#agenda")
    return render_template("meetings/agenda/item_edit.html", meeting=meeting, item=item, form=form)


@bp.route(ITEM + "/move", methods=["POST"])
@allow(Rule.MECHANISM_MANAGE)
def agenda_move(meeting_id: int, item_id: int) -> Any:
    """Move an item one place up or down."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    item = _item(meeting, item_id)
    direction = request.form.get("direction")
    if ConfirmForm().validate_on_submit() and direction in ("up", "down"):
        try:
            moved = agenda.move_item(item, up=direction == "up")
        except agenda.AgendaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            if not moved:
                flash(_("The item cannot move further."), "info")
    else:
        flash(_("Choose whether the item moves up or down."), "error")
    return redirect(url_for("meetings.agenda_edit", meeting_id=meeting.id) + f"#item-{item.id}")


@bp.route(ITEM + "/remove", methods=["POST"])
@irreversible(_l("Remove this item from the agenda."))
@allow(Rule.MECHANISM_MANAGE)
def agenda_remove(meeting_id: int, item_id: int) -> Any:
    """Take a topic off the agenda."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    item = _item(meeting, item_id)
    if ConfirmForm().validate_on_submit():
        try:
            agenda.remove_item(item)
        except agenda.AgendaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The item has been removed from the agenda."), "success")
    return redirect(url_for("meetings.agenda_edit", meeting_id=meeting.id) + "#agenda")
