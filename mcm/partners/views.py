"""Partnership pages: the list, one partnership's record, and the forms that add to it."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from mcm.core import conflicts
from mcm.core.audit import AuditEntry
from mcm.core.db import parse_id
from mcm.core.i18n import day_format
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.partners import activities, bp
from mcm.partners import services as partners
from mcm.partners.forms import StartForm, StepForm, SupportForm, assessment_form, training_form
from mcm.partners.models import (
    NeedsAssessment,
    PartnerOrganisation,
    Partnership,
    PartnershipEvent,
    PartnershipStage,
    SupportEntry,
    Training,
    TrainingParticipants,
    area_label,
    participant_label,
    stage_label,
)
from mcm.partners.policy import can_edit_partnership, can_view_partnership, partner_organisation_id
from mcm.reference.models import Municipality

bp.add_app_template_global(stage_label)
bp.add_app_template_global(area_label)
bp.add_app_template_global(participant_label)


def _partnership(partnership_id: int, *, edit: bool = False) -> Partnership:
    """The partnership in the URL: 404 if absent, 403 unless the user may read (or edit) it."""
    partnership = db.session.scalar(
        select(Partnership)
        .options(joinedload(Partnership.organisation), joinedload(Partnership.mechanism))
        .where(Partnership.id == partnership_id)
    )
    if partnership is None:
        abort(404)
    allowed = (can_edit_partnership if edit else can_view_partnership)(current_user, partnership)
    if not allowed:
        abort(403)
    return partnership


def _own_organisation() -> PartnerOrganisation:
    """The organisation the signed-in observer records for; others may only read."""
    organisation_id = partner_organisation_id(current_user)
    if organisation_id is None:
        abort(403)
    return db.session.get(PartnerOrganisation, organisation_id)  # type: ignore[return-value]


def _child(model: Any, ident: int, partnership: Partnership) -> Any:
    """A record of this partnership; another partnership's record is a 404."""
    obj = db.session.get(model, ident)
    if obj is None or obj.partnership_id != partnership.id:
        abort(404)
    return obj


def _version(raw: Any) -> int:
    return parse_id(raw) or 0  # a missing or forged version never matches


def _refused(form: Any, error: partners.PartnerError) -> None:
    """Show why nothing was saved."""
    db.session.rollback()
    form.form_errors.append(str(error))


def _stored_fields(form: Any, record: Any) -> list[Any]:
    """After a concurrent save: what is stored now, beside the user's text in the form."""
    return [
        (form[name].label.text, value)
        for name, value in _stored_values(record).items()
        if name in form._fields
    ]


def _stored_values(record: Any) -> dict[str, Any]:
    if isinstance(record, Training):
        people = {f"people_{p.institution_type_id}": p.people for p in record.participants}
        return {
            "held_on": day_format(record.held_on),
            "module": record.module,
            "trainer": record.trainer,
            "note": record.note,
            **people,
        }
    return {"given_on": day_format(record.given_on), "description": record.description}


def _saved(partnership: Partnership, message: str) -> Any:
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("partners.detail", partnership_id=partnership.id))


@bp.route("/")
def index() -> Any:
    """The partnerships the user may read, with how far each has come."""
    organisation_id = partner_organisation_id(current_user)
    organisation = db.session.get(PartnerOrganisation, organisation_id) if organisation_id else None
    return render_template(
        "partners/index.html",
        rows=partners.partnerships_for(current_user),
        organisation=organisation,
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> Any:
    """Open the organisation's pipeline with another municipality."""
    organisation = _own_organisation()
    form = StartForm()
    taken = select(Partnership.mechanism_id).where(Partnership.organisation_id == organisation.id)
    form.mechanism.choices = [("", "—")] + [
        (str(m.id), m.municipality.name)
        for m in db.session.scalars(
            select(Mechanism)
            .join(Mechanism.municipality)
            .where(Mechanism.id.not_in(taken))
            .order_by(Municipality.name_en)
        )
    ]
    if form.validate_on_submit():
        ident = parse_id(form.mechanism.data)
        mechanism = db.session.get(Mechanism, ident) if ident else None
        try:
            partnership = partners.start_partnership(organisation, mechanism)
        except partners.PartnerError as error:
            _refused(form, error)
        else:
            return _saved(partnership, _("The partnership has been started."))
    return render_template("partners/new.html", form=form, organisation=organisation)


@bp.route("/<int:partnership_id>")
def detail(partnership_id: int) -> Any:
    """A partnership's record: pipeline, needs assessments, trainings, support, audit trail."""
    partnership = _partnership(partnership_id)
    of_this = {"partnership_id": partnership.id}
    events = db.session.scalars(
        select(PartnershipEvent)
        .options(joinedload(PartnershipEvent.recorded_by))
        .filter_by(**of_this)
        .order_by(PartnershipEvent.effective_on.desc(), PartnershipEvent.id.desc())
    ).all()
    assessments = db.session.scalars(
        select(NeedsAssessment)
        .options(selectinload(NeedsAssessment.scores))
        .filter_by(**of_this)
        .order_by(NeedsAssessment.assessed_on.desc(), NeedsAssessment.id.desc())
    ).all()
    trainings = db.session.scalars(
        select(Training)
        .options(
            selectinload(Training.participants).joinedload(TrainingParticipants.institution_type)
        )
        .filter_by(**of_this)
        .order_by(Training.held_on.desc(), Training.id.desc())
    ).all()
    support = db.session.scalars(
        select(SupportEntry)
        .filter_by(**of_this)
        .order_by(SupportEntry.given_on.desc(), SupportEntry.id.desc())
    ).all()
    trail = db.session.scalars(
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .where(AuditEntry.object_type == "partnerships", AuditEntry.object_id == partnership.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    return render_template(
        "partners/detail.html",
        partnership=partnership,
        can_edit=can_edit_partnership(current_user, partnership),
        events=events,
        assessments=assessments,
        trainings=trainings,
        support=support,
        trail=trail,
        next_stages=partners.next_stages(partnership),
    )


def _offer_next_stages(form: StepForm, partnership: Partnership) -> None:
    form.stage.choices = [("", "—")] + [
        (s.value, stage_label(s)) for s in partners.next_stages(partnership)
    ]


@bp.route("/<int:partnership_id>/step", methods=["GET", "POST"])
def step(partnership_id: int) -> Any:
    """Record the next step of the pipeline."""
    partnership = _partnership(partnership_id, edit=True)
    form = StepForm()
    _offer_next_stages(form, partnership)
    if not form.is_submitted():
        form.version.data = str(partnership.version)
        form.effective_on.data = partners.today()
    elif form.validate():
        try:
            stage = PartnershipStage(form.stage.data)
        except ValueError:
            form.stage.errors.append(_("Choose one of the steps offered."))
        else:
            try:
                with conflicts.saving(partnership, _version(form.version.data)):
                    partners.record_step(
                        partnership,
                        stage,
                        form.effective_on.data,
                        note=form.note.data or "",
                        mayor=form.mayor.data,
                        deputy_mayor=form.deputy_mayor.data,
                        geo=form.geo.data,
                        version=_version(form.version.data),
                    )
            except conflicts.ConflictError:
                conflicts.refused(form, partnership)
                _offer_next_stages(form, partnership)  # the page now shows the new stage
            except partners.PartnerError as error:
                _refused(form, error)
            else:
                return _saved(partnership, _("The step has been recorded."))
    return render_template("partners/step.html", form=form, partnership=partnership)


@bp.route("/<int:partnership_id>/assessments/new", methods=["GET", "POST"])
def new_assessment(partnership_id: int) -> Any:
    """Record a needs assessment of the mechanism."""
    partnership = _partnership(partnership_id, edit=True)
    form = assessment_form()
    if form.validate_on_submit():
        try:
            activities.record_assessment(
                partnership, form.assessed_on.data, form.areas(), form.summary.data or ""
            )
        except partners.PartnerError as error:
            _refused(form, error)
        else:
            return _saved(partnership, _("The needs assessment has been recorded."))
    return render_template("partners/assessment_form.html", form=form, partnership=partnership)


@bp.route("/<int:partnership_id>/assessments/<int:assessment_id>")
def assessment(partnership_id: int, assessment_id: int) -> Any:
    """One needs assessment: the score and findings of every area."""
    partnership = _partnership(partnership_id)
    record = _child(NeedsAssessment, assessment_id, partnership)
    return render_template("partners/assessment.html", partnership=partnership, record=record)


def _training_form(training: Training | None = None) -> Any:
    types = activities.institution_types()
    if training is None:
        return training_form(types)
    counts = {f"people_{p.institution_type_id}": p.people for p in training.participants}
    return training_form(
        types,
        held_on=training.held_on,
        module=training.module,
        trainer=training.trainer,
        note=training.note,
        version=str(training.version),
        **counts,
    )


@bp.route("/<int:partnership_id>/trainings/new", methods=["GET", "POST"])
def new_training(partnership_id: int) -> Any:
    """Record a training delivered to the mechanism's members."""
    partnership = _partnership(partnership_id, edit=True)
    form = _training_form()
    if form.validate_on_submit():
        try:
            activities.record_training(
                partnership,
                held_on=form.held_on.data,
                module=form.module.data,
                trainer=form.trainer.data or "",
                note=form.note.data or "",
                participants=form.participants(),
            )
        except partners.PartnerError as error:
            _refused(form, error)
        else:
            return _saved(partnership, _("The training has been recorded."))
    return render_template("partners/training_form.html", form=form, partnership=partnership)


@bp.route("/<int:partnership_id>/trainings/<int:training_id>/edit", methods=["GET", "POST"])
def edit_training(partnership_id: int, training_id: int) -> Any:
    """Correct a training's record."""
    partnership = _partnership(partnership_id, edit=True)
    training = _child(Training, training_id, partnership)
    form = _training_form(training)
    stored: list[Any] = []
    if form.validate_on_submit():
        try:
            with conflicts.saving(training, _version(form.version.data)):
                activities.update_training(
                    training,
                    partnership,
                    version=_version(form.version.data),
                    held_on=form.held_on.data,
                    module=form.module.data,
                    trainer=form.trainer.data or "",
                    note=form.note.data or "",
                    participants=form.participants(),
                )
        except conflicts.ConflictError:
            stored = _stored_fields(form, conflicts.refused(form, training))
        except partners.PartnerError as error:
            _refused(form, error)
        else:
            return _saved(partnership, _("The training has been updated."))
    return render_template(
        "partners/training_form.html",
        form=form,
        partnership=partnership,
        training=training,
        stored_fields=stored,
    )


@bp.route("/<int:partnership_id>/support/new", methods=["GET", "POST"])
def new_support(partnership_id: int) -> Any:
    """Record follow-up support given to the mechanism."""
    partnership = _partnership(partnership_id, edit=True)
    form = SupportForm()
    if form.validate_on_submit():
        try:
            activities.record_support(partnership, form.given_on.data, form.description.data)
        except partners.PartnerError as error:
            _refused(form, error)
        else:
            return _saved(partnership, _("The support has been recorded."))
    return render_template("partners/support_form.html", form=form, partnership=partnership)


@bp.route("/<int:partnership_id>/support/<int:support_id>/edit", methods=["GET", "POST"])
def edit_support(partnership_id: int, support_id: int) -> Any:
    """Correct a support entry."""
    partnership = _partnership(partnership_id, edit=True)
    entry = _child(SupportEntry, support_id, partnership)
    form = SupportForm(
        given_on=entry.given_on, description=entry.description, version=str(entry.version)
    )
    stored: list[Any] = []
    if form.validate_on_submit():
        try:
            with conflicts.saving(entry, _version(form.version.data)):
                activities.update_support(
                    entry,
                    partnership,
                    version=_version(form.version.data),
                    given_on=form.given_on.data,
                    description=form.description.data,
                )
        except conflicts.ConflictError:
            stored = _stored_fields(form, conflicts.refused(form, entry))
        except partners.PartnerError as error:
            _refused(form, error)
        else:
            return _saved(partnership, _("The support entry has been updated."))
    return render_template(
        "partners/support_form.html",
        form=form,
        partnership=partnership,
        entry=entry,
        stored_fields=stored,
    )


from mcm.partners import organisations  # noqa: E402, F401  - the administrators' pages
