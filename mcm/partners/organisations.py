"""Administrators' pages: partner organisations and the observers who work for each."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mcm.accounts.models import User
from mcm.core import conflicts
from mcm.core.access import Rule, allow
from mcm.core.audit import AuditEntry
from mcm.core.confirm import irreversible
from mcm.core.db import parse_id
from mcm.extensions import db
from mcm.partners import bp
from mcm.partners import services as partners
from mcm.partners.forms import ActionForm, MemberForm, OrganisationForm
from mcm.partners.models import PartnerMember, PartnerOrganisation, Partnership


def _organisation(organisation_id: int) -> PartnerOrganisation:
    return db.get_or_404(PartnerOrganisation, organisation_id)


@bp.route("/organisations", methods=["GET", "POST"])
@allow(Rule.ADMIN)
def organisations() -> Any:
    """The partner organisations, and a form to add one."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = partners.create_organisation(form.name.data)
        except partners.PartnerError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The organisation has been added."), "success")
            return redirect(url_for("partners.organisation", organisation_id=organisation.id))
    counts = dict(
        db.session.execute(
            select(Partnership.organisation_id, func.count(Partnership.id)).group_by(
                Partnership.organisation_id
            )
        ).all()
    )
    members = dict(
        db.session.execute(
            select(PartnerMember.organisation_id, func.count(PartnerMember.id)).group_by(
                PartnerMember.organisation_id
            )
        ).all()
    )
    return render_template(
        "partners/organisations.html",
        organisations=partners.organisations(),
        partnerships=counts,
        members=members,
        form=form,
    )


def _render_organisation(organisation: PartnerOrganisation, **forms: Any) -> Any:
    member_form = forms.get("member_form") or MemberForm()
    member_form.user.choices = [("", "—")] + [
        (str(u.id), u.email) for u in partners.unassigned_observers()
    ]
    rename_form = forms.get("rename_form") or OrganisationForm(
        name=organisation.name, version=str(organisation.version)
    )
    trail = db.session.scalars(
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .where(
            AuditEntry.object_type == PartnerOrganisation.__tablename__,
            AuditEntry.object_id == organisation.id,
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    return render_template(
        "partners/organisation.html",
        organisation=organisation,
        trail=trail,
        members=partners.members_of(organisation),
        member_form=member_form,
        rename_form=rename_form,
        action_form=ActionForm(),
    )


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@allow(Rule.ADMIN)
def organisation(organisation_id: int) -> Any:
    """An organisation: its name (correctable) and its observers."""
    subject = _organisation(organisation_id)
    form = OrganisationForm()
    if form.validate_on_submit():
        version = parse_id(form.version.data) or 0  # a missing or forged version never matches
        try:
            with conflicts.saving(subject, version):
                partners.rename_organisation(subject, form.name.data, version)
        except conflicts.ConflictError:
            conflicts.refused(form, subject)
        except partners.PartnerError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            flash(_("The name has been saved."), "success")
            return redirect(url_for("partners.organisation", organisation_id=subject.id))
    if form.is_submitted():
        return _render_organisation(subject, rename_form=form)
    return _render_organisation(subject)


@bp.route("/organisations/<int:organisation_id>/members", methods=["POST"])
@allow(Rule.ADMIN)
def add_member(organisation_id: int) -> Any:
    """Let an observer record this organisation's partnerships."""
    subject = _organisation(organisation_id)
    form = MemberForm()
    if form.validate_on_submit():
        ident = parse_id(form.user.data)
        user = db.session.get(User, ident) if ident else None
        try:
            partners.add_member(subject, user)
        except partners.PartnerError as error:
            db.session.rollback()
            form.user.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The observer now works for the organisation."), "success")
            return redirect(url_for("partners.organisation", organisation_id=subject.id))
    return _render_organisation(subject, member_form=form)


@bp.route("/organisations/<int:organisation_id>/members/<int:member_id>/remove", methods=["POST"])
@irreversible(_l("Remove this observer from the organisation."))
@allow(Rule.ADMIN)
def remove_member(organisation_id: int, member_id: int) -> Any:
    """The observer no longer records for this organisation."""
    subject = _organisation(organisation_id)
    member = db.session.get(PartnerMember, member_id)
    if member is None or member.organisation_id != subject.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    partners.remove_member(member)
    db.session.commit()
    flash(_("The observer no longer works for the organisation."), "success")
    return redirect(url_for("partners.organisation", organisation_id=subject.id))
