"""Transfer pages: the sending coordinator asks, the receiving coordinator accepts or declines."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from mcm.cases import bp
from mcm.cases.fields import ButtonForm
from mcm.cases.helpers import editable_case, show_error
from mcm.cases.models import CaseTransfer
from mcm.cases.policy import can_decide_transfer
from mcm.cases.register import services as cases
from mcm.cases.transfers import services as transfers
from mcm.cases.transfers.forms import TransferForm
from mcm.core.access import Rule, allow
from mcm.core.confirm import irreversible
from mcm.core.db import parse_id
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism


@bp.route("/m/<mechanism_code>/cases/<int:case_id>/transfer", methods=["GET", "POST"])
@irreversible(_l("Ask the other mechanism to take the case over."))
@allow(Rule.MECHANISM_MANAGE)
def transfer(case_id: int) -> Any:
    """Ask another municipality's mechanism to take the case over when the victim moves."""
    case = editable_case(case_id)
    form = TransferForm()
    targets = transfers.target_mechanisms(g.mechanism.id)
    form.to_mechanism.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(m.id), f"{m.municipality.name} ({m.code})") for m in targets
    ]
    if form.validate_on_submit():
        target = db.session.get(Mechanism, parse_id(form.to_mechanism.data) or 0)
        try:
            transfers.request_transfer(case, target, form.reason.data)
        except cases.CaseError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(
                _("The transfer has been asked for; the receiving coordinator will answer."),
                "success",
            )
            return redirect(url_for("cases.detail", case_id=case.id))
    return render_template(
        "cases/transfers/transfer.html",
        form=form,
        case=case,
        pending=transfers.pending_transfer(case),
    )


def _incoming(transfer_id: int) -> CaseTransfer:
    """A transfer addressed to the mechanism in the URL; anything else is a 404."""
    found = db.session.get(CaseTransfer, transfer_id)
    if found is None or found.to_mechanism_id != g.mechanism.id:
        abort(404)
    if not can_decide_transfer(current_user, found):
        abort(403)
    return found


@bp.route("/m/<mechanism_code>/cases/transfers/<int:transfer_id>/accept", methods=["POST"])
@irreversible(
    _l(
        "Take the case over: it joins this register and the sending mechanism can no longer "
        "change it."
    )
)
@allow(Rule.MECHANISM_MANAGE)
def transfer_accept(transfer_id: int) -> Any:
    """Take the case over: a new case in this register, the old one kept read-only."""
    found = _incoming(transfer_id)
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("cases.index"))
    try:
        new = transfers.accept_transfer(found)
    except cases.CaseError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("cases.index"))
    db.session.commit()
    flash(_("The case has been received as %(code)s.", code=new.code), "success")
    return redirect(url_for("cases.detail", case_id=new.id))


@bp.route("/m/<mechanism_code>/cases/transfers/<int:transfer_id>/decline", methods=["POST"])
@irreversible(_l("Decline the transfer of the case."))
@allow(Rule.MECHANISM_MANAGE)
def transfer_decline(transfer_id: int) -> Any:
    """Decline the transfer: the case stays with the sending mechanism."""
    found = _incoming(transfer_id)
    if ButtonForm().validate_on_submit():
        try:
            transfers.decline_transfer(found)
        except cases.CaseError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The transfer has been declined."), "success")
    return redirect(url_for("cases.index"))
