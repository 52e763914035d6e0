"""The case register of a mechanism: the list, registering a case, editing, closing, reopening."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mcm.cases import bp
from mcm.cases.fields import ButtonForm
from mcm.cases.helpers import (
    editable_case,
    facts_from,
    form_data_of,
    institution_choices,
    load_case,
    show_error,
)
from mcm.cases.models import CaseStatus, RiskLevel
from mcm.cases.register import services as cases
from mcm.cases.register.forms import CaseForm, CloseForm
from mcm.cases.register.queries import SORTS, incoming_transfers, register, registered_years
from mcm.core import conflicts
from mcm.core.access import Rule, allow
from mcm.core.confirm import irreversible
from mcm.core.listing import Listing, choice, year
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism

CASE_FIELDS = {"consent_institution": "consent_institution"}


@bp.route("/m/<mechanism_code>/cases/")
def index() -> Any:
    """The register: every case for coordinators; a member sees the cases her institution is
    involved in, and the codes of those with actions assigned to it."""
    status = choice(request.args.get("status"), [s.value for s in CaseStatus])
    risk = choice(request.args.get("risk"), [r.value for r in RiskLevel])
    filters = {"status": status, "risk": risk, "year": year(request.args.get("year"))}
    listing = Listing.read("cases.index", filters, SORTS, "-code")
    page = register(
        current_user,
        g.mechanism.id,
        status=status,
        risk=risk,
        year=filters["year"],
        sort=listing.sort,
        descending=listing.descending,
        page=listing.page,
    )
    listing.page = page.page
    manage = can_manage_mechanism(current_user, g.mechanism)
    return render_template(
        "cases/register/index.html",
        page=page,
        status=status,
        risk=risk,
        listing=listing,
        years=registered_years(g.mechanism.id),
        statuses=list(CaseStatus),
        risks=list(RiskLevel),
        incoming=incoming_transfers(g.mechanism.id) if manage else [],
        can_manage=manage,
        button_form=ButtonForm(),
    )


def _case_form(form: CaseForm, keep: Any = None) -> CaseForm:
    form.consent_institution.choices = institution_choices(g.mechanism.id, keep)
    return form


@bp.route("/m/<mechanism_code>/cases/new", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def new() -> Any:
    """Register a case: structured facts and the legal basis for sharing it."""
    form = _case_form(CaseForm())
    if form.validate_on_submit():
        try:
            case = cases.create_case(g.mechanism, facts_from(form))
        except cases.CaseError as error:
            db.session.rollback()
            show_error(form, error, CASE_FIELDS)
        else:
            db.session.commit()
            flash(_("Case %(code)s has been registered.", code=case.code), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("cases/register/form.html", form=form, case=None, stored=None)


@bp.route("/m/<mechanism_code>/cases/<int:case_id>/edit", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def edit(case_id: int) -> Any:
    """Correct an open case's facts; a concurrent save is refused with both versions shown."""
    case = editable_case(case_id)
    form = _case_form(
        CaseForm(data=form_data_of(case) if request.method == "GET" else None),
        case.consent_institution,
    )
    stored = None
    if form.validate_on_submit():
        try:
            with conflicts.saving(case, form.version.data):
                cases.update_case(case, form.version.data, facts_from(form))
        except conflicts.ConflictError:
            stored = conflicts.refused(form, case)
        except cases.CaseError as error:
            db.session.rollback()
            show_error(form, error, CASE_FIELDS)
        else:
            flash(_("The case has been saved."), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    page = render_template("cases/register/form.html", form=form, case=case, stored=stored)
    if request.method == "GET":
        # After the page is rendered: a commit expires the records its template reads.
        cases.record_view(case, "full")
        db.session.commit()
    return page


@bp.route("/m/<mechanism_code>/cases/<int:case_id>/close", methods=["GET", "POST"])
@irreversible(_l("Close the case."))
@allow(Rule.MECHANISM_MANAGE)
def close(case_id: int) -> Any:
    """Close an open case with the date and the reason."""
    case = editable_case(case_id)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            cases.close_case(case, form.closed_on.data, form.reason.data)
        except cases.CaseError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("Case %(code)s has been closed.", code=case.code), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("cases/register/close.html", form=form, case=case)


@bp.route("/m/<mechanism_code>/cases/<int:case_id>/reopen", methods=["POST"])
@allow(Rule.MECHANISM_MANAGE)
def reopen(case_id: int) -> Any:
    """Reopen a closed case."""
    case = load_case(case_id)
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            cases.reopen_case(case)
        except cases.CaseError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Case %(code)s has been reopened.", code=case.code), "success")
    return redirect(url_for("cases.detail", case_id=case.id))
