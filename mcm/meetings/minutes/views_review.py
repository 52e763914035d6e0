"""The review of the minutes: the coordinator circulates them, members comment on each agenda item,
the coordinator resolves the comments and records the approval, which locks the minutes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from mcm.core import conflicts
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.confirm import irreversible
from mcm.core.db import parse_id
from mcm.core.i18n import day_format
from mcm.extensions import db
from mcm.mechanisms.policy import membership_in
from mcm.meetings import bp
from mcm.meetings.agenda.services import cases_may_open
from mcm.meetings.minutes import services as service
from mcm.meetings.minutes import services_review as review
from mcm.meetings.minutes.forms import ApproveForm, CirculateForm, CommentForm, ResolveForm
from mcm.meetings.minutes.views import BASE, render_minutes
from mcm.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
)
from mcm.meetings.policy import can_see_full_minutes

REVIEW_DAYS = 14  # the usual time members get to comment


def _minutes_or_back(meeting: Meeting) -> Minutes | None:
    found = service.minutes_of(meeting)
    if found is None:
        flash(_("The minutes have not been written yet."), "info")
    return found


def _back(meeting: Meeting) -> Any:
    return redirect(url_for("meetings.minutes", meeting_id=meeting.id))


@bp.route(BASE + "/circulate", methods=["GET", "POST"])
@irreversible(_l("Circulate the minutes: every member institution is sent them for review."))
@allow(Rule.MECHANISM_MANAGE)
def minutes_circulate(meeting_id: int) -> Any:
    """Send the draft to every member institution's representatives for comments until a date."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    minutes = _minutes_or_back(meeting)
    if minutes is None:
        return _back(meeting)
    form = CirculateForm()
    if form.validate_on_submit():
        try:
            with conflicts.saving(minutes, form.version.data):
                notified = review.circulate(minutes, form.version.data, form.review_until.data)
        except conflicts.ConflictError:
            conflicts.refused(form, minutes)
        except service.MinutesError as error:
            db.session.rollback()
            form.review_until.errors = [*form.review_until.errors, str(error)]
        else:
            flash(
                _(
                    "The minutes have been circulated; %(n)d representatives were notified.",
                    n=notified,
                ),
                "success",
            )
            return _back(meeting)
    elif not form.is_submitted():
        form.version.data = str(minutes.version)
        form.review_until.data = date.today() + timedelta(days=REVIEW_DAYS)
    return render_template(
        "meetings/minutes/circulate.html",
        meeting=meeting,
        minutes=minutes,
        form=form,
        recipients=len(review.reviewer_addresses(meeting.mechanism_id)),
    )


def _item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    if item.kind is AgendaItemKind.CASES and not (
        can_see_full_minutes(current_user, meeting) and cases_may_open(meeting)
    ):
        abort(404)
    return item


@bp.route(BASE + "/items/<int:item_id>/comments", methods=["POST"])
def minutes_comment(meeting_id: int, item_id: int) -> Any:
    """A member institution comments on one item of circulated minutes."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    item = _item_of(meeting, item_id)
    minutes = service.minutes_of(meeting)
    if minutes is None:
        abort(404)
    form = CommentForm(prefix=f"item{item.id}")
    if form.validate_on_submit():
        membership = membership_in(current_user, meeting.mechanism_id)
        try:
            review.add_comment(
                minutes, item, form.body.data, membership.institution_id if membership else None
            )
        except service.MinutesError as error:
            db.session.rollback()
            form.body.errors = [*form.body.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Your comment has been added."), "success")
            return redirect(url_for("meetings.minutes", meeting_id=meeting.id) + f"#item-{item.id}")
    return render_minutes(meeting, {item.id: form})


@bp.route(BASE + "/comments/<int:comment_id>/resolve", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def minutes_resolve(meeting_id: int, comment_id: int) -> Any:
    """The coordinator answers a review comment and marks it resolved."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    minutes = service.minutes_of(meeting)
    comment = db.session.get(MinutesComment, comment_id)
    if minutes is None or comment is None or comment.minutes_id != minutes.id:
        abort(404)
    item = _item_of(meeting, comment.agenda_item_id)
    form = ResolveForm()
    if form.validate_on_submit():
        try:
            review.resolve_comment(minutes, comment, form.resolution.data)
        except service.MinutesError as error:
            db.session.rollback()
            form.resolution.errors = [*form.resolution.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The comment has been resolved."), "success")
            return redirect(url_for("meetings.minutes", meeting_id=meeting.id) + f"#item-{item.id}")
    content = minutes.current_version.content if minutes.current_version else {}
    return render_template(
        "meetings/minutes/resolve.html",
        meeting=meeting,
        minutes=minutes,
        comment=comment,
        item=item,
        entry=content.get(str(item.id)) or {},
        form=form,
    )


def _meeting_choice(meeting: Meeting) -> SelectChoice:
    label = day_format(meeting.starts_at)
    if meeting.status is not MeetingStatus.HELD:
        label = _("%(date)s (not held yet)", date=label)
    return SelectChoice(str(meeting.id), label)


@bp.route(BASE + "/approve", methods=["GET", "POST"])
@irreversible(
    _l("Approve the minutes: approved minutes are locked, and a later correction is a new version.")
)
@allow(Rule.MECHANISM_MANAGE)
def minutes_approve(meeting_id: int) -> Any:
    """Record the approval, at a later meeting that was held or by the review deadline (before
    it, with the reason for approving early); the minutes lock."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    minutes = _minutes_or_back(meeting)
    if minutes is None:
        return _back(meeting)
    later = review.later_meetings(meeting)
    form = ApproveForm()
    form.at_meeting.choices = [SelectChoice("", "—")] + [_meeting_choice(m) for m in later]
    if form.validate_on_submit():
        at_meeting = None
        if form.basis.data == "meeting":
            chosen = parse_id(form.at_meeting.data)
            at_meeting = next((m for m in later if m.id == chosen), None)
            if at_meeting is None:
                form.at_meeting.errors = [_("Choose the meeting that approved them.")]
        if form.basis.data == "date" or at_meeting is not None:
            try:
                with conflicts.saving(minutes, form.version.data):
                    review.approve(
                        minutes,
                        form.version.data,
                        at_meeting=at_meeting,
                        early_reason=form.early_reason.data or "",
                    )
            except conflicts.ConflictError:
                conflicts.refused(form, minutes)
            except service.EarlyApproval as error:
                db.session.rollback()
                form.early_reason.errors = [*form.early_reason.errors, str(error)]
            except service.MinutesError as error:
                db.session.rollback()
                target = form.at_meeting if at_meeting is not None else form.basis
                target.errors = [*target.errors, str(error)]
            else:
                flash(_("The minutes have been approved and locked."), "success")
                return _back(meeting)
    elif not form.is_submitted():
        form.version.data = str(minutes.version)
        held = [m for m in later if m.status is MeetingStatus.HELD]
        form.basis.data = "meeting" if held else "date"
        if held:
            form.at_meeting.data = str(held[0].id)
    return render_template(
        "meetings/minutes/approve.html",
        meeting=meeting,
        minutes=minutes,
        form=form,
        unresolved=review.unresolved_count(minutes),
        review_over=review.review_is_over(minutes, date.today()),
    )
