"""Case discussions at a meeting: the coordinator records, per case, what was discussed, the
decisions and the follow-up actions, once the meeting's confidentiality rule lets cases open."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from mcm.cases import bp
from mcm.cases.discussions.forms import DiscussionEditForm, DiscussionForm
from mcm.cases.discussions.services import (
    DecidedAction,
    case_items,
    cases_may_open,
    default_due,
    discussions_at,
    meeting_date,
    record_discussion,
    suggestions,
    update_discussion,
)
from mcm.cases.helpers import (
    current_institutions,
    editable_case,
    load_case,
    show_error,
)
from mcm.cases.models import Case, CaseDiscussion, CaseStatus
from mcm.cases.register import services as cases
from mcm.core import conflicts
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.db import parse_id
from mcm.extensions import db
from mcm.meetings.models import Meeting

BLANK_ROWS = 2


@bp.route("/m/<mechanism_code>/cases/<int:case_id>/discuss")
@allow(Rule.MECHANISM_MANAGE)
def discussion_start(case_id: int) -> Any:
    """From a case's page: go to the discussion form of the meeting chosen."""
    case = load_case(case_id)
    meeting_id = parse_id(request.args.get("meeting", ""))
    if meeting_id is None:
        flash(_("Choose the meeting where the case was discussed."), "error")
        return redirect(url_for("cases.detail", case_id=case.id))
    return redirect(url_for("cases.discussion_new", meeting_id=meeting_id, case=case.id))


def _open_cases() -> list[Case]:
    return list(
        db.session.scalars(
            select(Case)
            .where(Case.mechanism_id == g.mechanism.id, Case.status == CaseStatus.OPEN)
            .order_by(Case.year.desc(), Case.number.desc())
        )
    )


@bp.route("/m/<mechanism_code>/cases/meetings/<int:meeting_id>/")
@allow(Rule.MECHANISM_MANAGE)
def meeting(meeting_id: int) -> Any:
    """The cases a meeting discussed (codes only) and the way to record another."""
    found: Meeting = get_or_404(Meeting, meeting_id)
    return render_template(
        "cases/discussions/meeting.html",
        meeting=found,
        items=case_items(found),
        may_open=cases_may_open(found),
        discussed=discussions_at(found),
        open_cases=_open_cases(),
    )


def _rows(case: Case, base: date, institutions: list[Any]) -> tuple[list[dict[str, Any]], list]:
    found = suggestions(case, base, institutions)
    rows = [
        {"title": s.title, "institution": str(s.institution_id or ""), "due_on": s.due_on}
        for s in found
    ]
    rows += [{"title": "", "institution": "", "due_on": default_due(case, base)}] * BLANK_ROWS
    return rows, found


def _actions(form: DiscussionForm) -> list[DecidedAction] | None:
    """The filled-in action rows; None (errors on the rows) when one is incomplete."""
    actions: list[DecidedAction] = []
    complete = True
    for entry in form.actions:
        row = entry.form
        if not (row.title.data or "").strip():
            continue
        institution_id = parse_id(row.institution.data)
        if institution_id is None:
            row.institution.errors = [*row.institution.errors, _("Choose the institution.")]
            complete = False
        if row.due_on.data is None and not row.due_on.errors:
            row.due_on.errors = [*row.due_on.errors, _("Give the due date.")]
            complete = False
        if complete:
            actions.append(DecidedAction(row.title.data, institution_id or 0, row.due_on.data))
    return actions if complete else None


@bp.route("/m/<mechanism_code>/cases/meetings/<int:meeting_id>/discuss", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def discussion_new(meeting_id: int) -> Any:
    """Record a case's discussion at a meeting, with follow-ups whose due dates the standards
    suggest."""
    found: Meeting = get_or_404(Meeting, meeting_id)
    items = case_items(found)
    case_id = parse_id(request.args.get("case", ""))
    case = load_case(case_id) if case_id else None
    may_open = cases_may_open(found)
    if not items or not may_open or case is None or case.status is not CaseStatus.OPEN:
        return render_template(
            "cases/discussions/new.html",
            meeting=found,
            items=items,
            may_open=may_open,
            case=case,
            open_cases=_open_cases(),
            form=None,
        )
    institutions = current_institutions(g.mechanism.id)
    base = max(meeting_date(found), date.today())
    rows, found_suggestions = _rows(case, base, institutions)
    form = DiscussionForm(
        data={"agenda_item": str(items[0].id), "actions": rows} if request.method == "GET" else None
    )
    form.agenda_item.choices = [SelectChoice(str(i.id), i.title) for i in items]
    choices = [SelectChoice("", "—")] + [SelectChoice(str(i.id), i.name) for i in institutions]
    for entry in form.actions:
        entry.form.institution.choices = choices
    if form.validate_on_submit():
        actions = _actions(form)
        if actions is not None:
            item = next((i for i in items if str(i.id) == form.agenda_item.data), None)
            try:
                record_discussion(
                    case,
                    found,
                    item,
                    summary=form.summary.data,
                    decisions=form.decisions.data or "",
                    actions=actions,
                )
            except cases.CaseError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                flash(_("The discussion of %(code)s has been saved.", code=case.code), "success")
                return redirect(url_for("cases.detail", case_id=case.id))
    if request.method == "GET":
        cases.record_view(case, "full")
        db.session.commit()
    return render_template(
        "cases/discussions/new.html",
        meeting=found,
        items=items,
        may_open=may_open,
        case=case,
        form=form,
        suggestions=found_suggestions,
    )


@bp.route("/m/<mechanism_code>/cases/discussions/<int:discussion_id>/edit", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def discussion_edit(discussion_id: int) -> Any:
    """Correct a recorded discussion; a concurrent save is refused with both texts shown."""
    discussion = db.session.get(CaseDiscussion, discussion_id)
    if discussion is None:
        abort(404)
    case = editable_case(discussion.case_id)
    form = DiscussionEditForm(obj=discussion if request.method == "GET" else None)
    stored = None
    if form.validate_on_submit():
        try:
            with conflicts.saving(discussion, form.version.data):
                update_discussion(
                    discussion,
                    case,
                    form.version.data,
                    summary=form.summary.data,
                    decisions=form.decisions.data or "",
                )
        except conflicts.ConflictError:
            stored = conflicts.refused(form, discussion)
        except cases.CaseError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash(_("The discussion has been saved."), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    if request.method == "GET":
        form.version.data = str(discussion.version)
    page = render_template(
        "cases/discussions/edit.html", form=form, case=case, discussion=discussion, stored=stored
    )
    if request.method == "GET":
        # After the page is rendered: a commit expires the records its template reads.
        cases.record_view(case, "full")
        db.session.commit()
    return page
