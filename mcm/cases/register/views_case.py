"""One case: its page (details, institutions, timeline, audit log) under need-to-know, the
institutions involved, new incidents, and the Word extract for the case file."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, g, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mcm.cases import bp
from mcm.cases.discussions.services import meetings_with_case_items
from mcm.cases.fields import ButtonForm
from mcm.cases.helpers import editable_case, institution_choices, load_case, show_error
from mcm.cases.models import Case, CaseInstitution, ExceptionalAccess
from mcm.cases.policy import can_edit_case, can_manage_case, can_see_case, can_see_case_history
from mcm.cases.register import services as cases
from mcm.cases.register.exports import case_extract, extract_filename
from mcm.cases.register.forms import IncidentForm, InvolveForm, ServicesForm
from mcm.cases.register.queries import involved_institutions, own_actions, timeline
from mcm.cases.transfers.services import pending_transfer
from mcm.core.access import Rule, allow
from mcm.core.audit import AuditEntry
from mcm.core.db import loaded, parse_id
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.mechanisms.policy import member_institution_id


def case_page(case: Case, *, level: str, **extra: Any) -> str:
    """The full case page (also the administrator's exceptional, read-only view)."""
    manage = level == "full" and can_manage_case(current_user, case)
    entries = accesses = []
    if manage:
        entries = db.session.scalars(
            select(AuditEntry)
            .options(selectinload(AuditEntry.actor))
            .where(AuditEntry.object_type == "cases", AuditEntry.object_id == case.id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        ).all()
        accesses = db.session.scalars(
            select(ExceptionalAccess)
            .where(ExceptionalAccess.case_id == case.id)
            .order_by(ExceptionalAccess.granted_at.desc())
        ).all()
    entries_ = timeline(case, with_history=can_see_case_history(current_user, case))
    return render_template(
        "cases/register/detail.html",
        case=case,
        level=level,
        institutions=involved_institutions(case),
        timeline=entries_,
        repeat=any(
            e.kind == "incident" and e.incident.is_repeat for e in entries_ if not e.earlier
        ),
        today=date.today(),
        can_manage=manage,
        can_edit=level == "full" and can_edit_case(current_user, case),
        transfer=pending_transfer(case) if manage else None,
        meetings=meetings_with_case_items(case.mechanism_id) if manage else [],
        entries=entries,
        accesses=accesses,
        button_form=ButtonForm(),
        **extra,
    )


@bp.route("/m/<mechanism_code>/cases/<int:case_id>")
def detail(case_id: int) -> Any:
    """A case's page. Coordinators and involved institutions see its details and timeline;
    other members see its code and the actions assigned to their institution."""
    case = load_case(case_id)
    if can_see_case(current_user, case):
        cases.record_view(case, "full")
        page = case_page(case, level="full")
        db.session.commit()  # after rendering: a commit would expire what the page reads
        return page
    institution_id = member_institution_id(current_user, case.mechanism_id)
    if institution_id is None:
        abort(403)
    cases.record_view(case, "code_only")
    page = render_template(
        "cases/register/limited.html",
        case=case,
        actions=own_actions(case, institution_id),
        today=date.today(),
    )
    db.session.commit()
    return page


@bp.route("/m/<mechanism_code>/cases/<int:case_id>/extract.docx")
def extract(case_id: int) -> Any:
    """The Word extract of everything recorded about the case, for the case file."""
    case = load_case(case_id)
    if not can_see_case(current_user, case):
        abort(403)
    document = case_extract(case, with_history=can_see_case_history(current_user, case))
    cases.record_export(case, "docx")
    db.session.commit()
    return send_file(
        document,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        as_attachment=True,
        download_name=extract_filename(case),
    )


@bp.route("/m/<mechanism_code>/cases/<int:case_id>/institutions/new", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def involve(case_id: int) -> Any:
    """Involve a member institution: its representatives then see the case's details."""
    case = editable_case(case_id)
    form = InvolveForm()
    form.institution.choices = institution_choices(g.mechanism.id)
    if form.validate_on_submit():
        institution = db.session.get(Institution, parse_id(form.institution.data) or 0)
        try:
            if institution is None:
                raise cases.CaseError(_("Choose a current member institution."), "institution")
            cases.involve_institution(
                case,
                institution,
                form.services_provided.data or [],
                form.services_needed.data or [],
                on=date.today(),
            )
        except cases.CaseError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is now involved in the case.", name=institution.name), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("cases/register/involve.html", form=form, case=case, link=None)


def _link(case: Case, link_id: int) -> CaseInstitution:
    link = db.session.get(CaseInstitution, link_id)
    if link is None or link.case_id != case.id:
        abort(404)
    return link


@bp.route(
    "/m/<mechanism_code>/cases/<int:case_id>/institutions/<int:link_id>", methods=["GET", "POST"]
)
@allow(Rule.MECHANISM_MANAGE)
def involvement(case_id: int, link_id: int) -> Any:
    """Change the services an involved institution provides and that are needed."""
    case = editable_case(case_id)
    link = _link(case, link_id)
    form = ServicesForm(obj=link)
    if form.validate_on_submit():
        try:
            cases.update_involvement(
                link, case, form.services_provided.data or [], form.services_needed.data or []
            )
        except cases.CaseError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The services have been saved."), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    return render_template(
        "cases/register/involve.html", form=form, case=case, link=loaded(link, "institution")
    )


@bp.route(
    "/m/<mechanism_code>/cases/<int:case_id>/institutions/<int:link_id>/withdraw",
    methods=["POST"],
)
@allow(Rule.MECHANISM_MANAGE)
def withdraw(case_id: int, link_id: int) -> Any:
    """End an institution's involvement: its members no longer see the case's details."""
    case = editable_case(case_id)
    link = _link(case, link_id)
    if ButtonForm().validate_on_submit():
        name = link.institution.name
        cases.withdraw_institution(link, case)
        db.session.commit()
        flash(_("%(name)s is no longer involved in the case.", name=name), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/m/<mechanism_code>/cases/<int:case_id>/incidents/new", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def incident(case_id: int) -> Any:
    """Record a new incident; within 12 months of the last discussion it is a repeat."""
    case = editable_case(case_id)
    form = IncidentForm()
    if form.validate_on_submit():
        try:
            found = cases.record_incident(case, form.reported_on.data)
        except cases.CaseError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            if found.is_repeat:
                flash(_("The incident has been recorded as a repeat."), "success")
            else:
                flash(_("The incident has been recorded."), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("cases/register/incident.html", form=form, case=case)
