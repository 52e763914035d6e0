"""An administrator's exceptional, justified, time-limited and logged read-only access to one
case. The ordinary case pages stay closed to administrators."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mcm.cases import bp
from mcm.cases.exceptional.forms import ExceptionalAccessForm
from mcm.cases.exceptional.services import case_by_code, grant
from mcm.cases.helpers import show_error
from mcm.cases.models import Case
from mcm.cases.policy import has_exceptional_access
from mcm.cases.register import services as cases
from mcm.cases.register.views_case import case_page
from mcm.core.access import Rule, allow
from mcm.extensions import db


@bp.route("/cases/exceptional-access", methods=["GET", "POST"])
@allow(Rule.ADMIN)
def exceptional_request() -> Any:
    """Ask for one hour of read-only access to a case, giving the reason."""
    form = ExceptionalAccessForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args.get("code", "")[:20]
    if form.validate_on_submit():
        case = case_by_code(form.code.data)
        try:
            grant(current_user, case, form.reason.data)
        except cases.CaseError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            assert case is not None
            flash(_("Access to %(code)s is open for one hour and logged.", code=case.code), "info")
            return redirect(url_for("cases.exceptional_view", case_id=case.id))
    return render_template("cases/exceptional/request.html", form=form)


@bp.route("/cases/exceptional/<int:case_id>")
@allow(Rule.ADMIN)
def exceptional_view(case_id: int) -> Any:
    """The case, read-only, during the administrator's recorded access; refused otherwise."""
    case = db.session.get(Case, case_id)
    if case is None:
        abort(404)
    if not has_exceptional_access(current_user, case):
        abort(403)
    cases.record_view(case, "exceptional")
    page = case_page(case, level="exceptional")
    db.session.commit()
    return page
