"""Member institutions, their representatives and their MoUs."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from mcm.core import conflicts, documents
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.audit import AuditEntry
from mcm.core.confirm import irreversible
from mcm.core.db import loaded
from mcm.core.i18n import localized
from mcm.extensions import db
from mcm.mechanisms import bp
from mcm.mechanisms import documents as stored_documents
from mcm.mechanisms.forms import (
    InstitutionForm,
    LeaveForm,
    MouForm,
    NewInstitutionForm,
    RepresentativeForm,
    mou_choices,
)
from mcm.mechanisms.institutions import services as mechanisms
from mcm.mechanisms.models import DocumentKind, Institution, MouStatus, Representative
from mcm.mechanisms.policy import can_edit_representatives, can_manage_mechanism
from mcm.reference.models import InstitutionType


def _type_choices() -> list[SelectChoice]:
    types = db.session.scalars(select(InstitutionType).order_by(InstitutionType.position))
    return [SelectChoice("", "—")] + [SelectChoice(str(t.id), localized(t)) for t in types]


def _institution_type(raw: str) -> InstitutionType | None:
    return db.session.get(InstitutionType, int(raw)) if raw and raw.isdigit() else None


def _store_scan(form: Any, institution_mechanism_id: int) -> Any:
    """Keep the uploaded scan, or put the reason on the field and return False."""
    if not form.document.data:
        return None
    try:
        return stored_documents.store(
            form.document.data, institution_mechanism_id, DocumentKind.MOU
        )
    except documents.UploadError as error:
        form.document.errors = [*form.document.errors, str(error)]
        return False


def _record_mou(form: Any, institution: Institution) -> bool:
    """Record the MoU step the form describes; False (errors on the form) when refused."""
    if not form.mou_status.data:
        return True
    if form.mou_date.data is None:
        form.mou_date.errors = [*form.mou_date.errors, _("Give the date of this step.")]
        return False
    scan = _store_scan(form, institution.mechanism_id)
    if scan is False:
        return False
    try:
        mechanisms.record_mou_event(
            institution,
            MouStatus(form.mou_status.data),
            form.mou_date.data,
            note=form.mou_note.data or "",
            signatory=form.signatory.data or "",
            renewal_on=form.renewal_on.data,
            document=scan,
        )
    except mechanisms.TransitionError as error:
        form.mou_status.errors = [*form.mou_status.errors, str(error)]
        return False
    return True


@bp.route("/m/<mechanism_code>/institutions/new", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def institution_new() -> Any:
    """Add a member institution, optionally with its MoU step and scan."""
    form = NewInstitutionForm()
    form.institution_type.choices = _type_choices()
    form.mou_status.choices = [
        SelectChoice("", "—"),
        *mou_choices(mechanisms.MOU_TRANSITIONS[None]),
    ]
    if form.validate_on_submit():
        kind = _institution_type(form.institution_type.data)
        if kind is None:
            form.institution_type.errors = [_("Choose the type of institution.")]
        else:
            institution = mechanisms.add_institution(
                g.mechanism, kind, form.name.data, form.address.data or "", form.joined_on.data
            )
            if _record_mou(form, institution):
                db.session.commit()
                flash(_("%(name)s has been added.", name=institution.name), "success")
                return redirect(url_for("mechanisms.institution", institution_id=institution.id))
            db.session.rollback()
    return render_template(
        "mechanisms/institutions/institution_form.html", form=form, institution=None
    )


@bp.route("/m/<mechanism_code>/institutions/<int:institution_id>")
def institution(institution_id: int) -> Any:
    """An institution's details, representatives over time, MoU history and audit trail."""
    found: Institution = get_or_404(Institution, institution_id)
    entries = db.session.scalars(
        select(AuditEntry)
        .options(selectinload(AuditEntry.actor))
        .where(AuditEntry.object_type == "institutions", AuditEntry.object_id == found.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    return render_template(
        "mechanisms/institutions/institution.html",
        institution=loaded(found, "institution_type"),
        representatives=mechanisms.representatives_of(found),
        mou_history=mechanisms.mou_history(found),
        entries=entries,
        can_manage=can_manage_mechanism(current_user, g.mechanism),
        can_edit_representatives=can_edit_representatives(current_user, found),
    )


@bp.route("/m/<mechanism_code>/institutions/<int:institution_id>/edit", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def institution_edit(institution_id: int) -> Any:
    found: Institution = get_or_404(Institution, institution_id)
    form = InstitutionForm(obj=found, institution_type=str(found.institution_type_id))
    form.institution_type.choices = _type_choices()
    stored = None
    if form.validate_on_submit():
        kind = _institution_type(form.institution_type.data)
        try:
            if kind is None:
                form.institution_type.errors = [_("Choose the type of institution.")]
                raise ValueError
            with conflicts.saving(found, form.version.data):
                mechanisms.update_institution(
                    found,
                    form.version.data,
                    institution_type_id=kind.id,
                    name=form.name.data.strip(),
                    address=(form.address.data or "").strip(),
                    joined_on=form.joined_on.data,
                )
        except conflicts.ConflictError:
            stored = conflicts.refused(form, found)
        except ValueError:
            pass
        else:
            flash(_("The institution has been saved."), "success")
            return redirect(url_for("mechanisms.institution", institution_id=found.id))
    if request.method == "GET":
        form.version.data = str(found.version)
        # obj=found filled the field with the related record (the field shares the
        # relationship's name); the list selects by id, so open it on the stored type's id.
        form.institution_type.data = str(found.institution_type_id)
    return render_template(
        "mechanisms/institutions/institution_form.html", form=form, institution=found, stored=stored
    )


@bp.route("/m/<mechanism_code>/institutions/<int:institution_id>/leave", methods=["GET", "POST"])
@irreversible(_l("Record that the institution left the mechanism."))
@allow(Rule.MECHANISM_MANAGE)
def institution_leave(institution_id: int) -> Any:
    """Record that an institution left the mechanism; nothing is deleted."""
    found: Institution = get_or_404(Institution, institution_id)
    form = LeaveForm()
    if form.validate_on_submit():
        try:
            mechanisms.leave_institution(found, form.left_on.data, form.reason.data or "")
        except mechanisms.TransitionError as error:
            form.left_on.errors = [*form.left_on.errors, str(error)]
        else:
            db.session.commit()
            flash(_("It has been recorded that %(name)s left.", name=found.name), "success")
            return redirect(url_for("mechanisms.institution", institution_id=found.id))
    return render_template("mechanisms/institutions/leave.html", form=form, institution=found)


@bp.route("/m/<mechanism_code>/institutions/<int:institution_id>/mou", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def mou_new(institution_id: int) -> Any:
    """Record the next step of the institution's MoU."""
    found: Institution = get_or_404(Institution, institution_id)
    current = mechanisms.current_mou(found.id)
    form = MouForm()
    form.mou_status.choices = mou_choices(
        mechanisms.MOU_TRANSITIONS[current.status if current else None]
    )
    if form.validate_on_submit():
        if not form.mou_status.data:
            form.mou_status.errors = [_("Choose the step.")]
        elif _record_mou(form, found):
            db.session.commit()
            flash(_("The MoU step has been recorded."), "success")
            return redirect(url_for("mechanisms.institution", institution_id=found.id))
        else:
            db.session.rollback()
    return render_template(
        "mechanisms/institutions/mou_form.html", form=form, institution=found, current=current
    )


def _representative_fields(form: RepresentativeForm) -> dict[str, Any]:
    return {
        "name": form.name.data.strip(),
        "position": (form.position.data or "").strip(),
        "email": (form.email.data or "").strip().lower(),
        "phone": (form.phone.data or "").strip(),
        "is_deputy": bool(form.is_deputy.data),
        "from_date": form.from_date.data,
        "to_date": form.to_date.data,
        "commitment_signed_on": form.commitment_signed_on.data,
        "confidentiality_signed_on": form.confidentiality_signed_on.data,
    }


@bp.route(
    "/m/<mechanism_code>/institutions/<int:institution_id>/representatives/new",
    methods=["GET", "POST"],
)
def representative_new(institution_id: int) -> Any:
    """Name a representative; coordinators for any member, members for their own institution."""
    found: Institution = get_or_404(Institution, institution_id)
    if not can_edit_representatives(current_user, found):
        abort(403)
    form = RepresentativeForm()
    if form.validate_on_submit():
        try:
            mechanisms.add_representative(found, **_representative_fields(form))
        except mechanisms.TransitionError as error:
            form.to_date.errors = [*form.to_date.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The representative has been added."), "success")
            return redirect(url_for("mechanisms.institution", institution_id=found.id))
    return render_template(
        "mechanisms/institutions/representative_form.html",
        form=form,
        institution=found,
        representative=None,
    )


@bp.route(
    "/m/<mechanism_code>/representatives/<int:representative_id>/edit", methods=["GET", "POST"]
)
def representative_edit(representative_id: int) -> Any:
    found = db.session.get(Representative, representative_id)
    if found is None or found.institution.mechanism_id != g.mechanism.id:
        abort(404)
    if not can_edit_representatives(current_user, found.institution):
        abort(403)
    form = RepresentativeForm(obj=found)
    stored = None
    if form.validate_on_submit():
        try:
            with conflicts.saving(found, form.version.data):
                mechanisms.update_representative(
                    found, form.version.data, **_representative_fields(form)
                )
        except conflicts.ConflictError:
            stored = conflicts.refused(form, found)
        except mechanisms.TransitionError as error:
            db.session.rollback()
            form.to_date.errors = [*form.to_date.errors, str(error)]
        else:
            flash(_("The representative has been saved."), "success")
            return redirect(url_for("mechanisms.institution", institution_id=found.institution_id))
    if request.method == "GET":
        form.version.data = str(found.version)
    return render_template(
        "mechanisms/institutions/representative_form.html",
        form=form,
        institution=found.institution,
        representative=found,
        stored=stored,
    )
