"""The mechanism record: home page, lifecycle status, founding agreement, history, documents."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from mcm.accounts.models import Membership, Role, User
from mcm.core import audit, conflicts, documents
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.audit import AuditEntry
from mcm.core.labels import status_label
from mcm.core.panels import Panels
from mcm.extensions import db
from mcm.mechanisms import bp
from mcm.mechanisms import documents as stored_documents
from mcm.mechanisms import services as mechanisms
from mcm.mechanisms.forms import FoundingForm, StatusForm
from mcm.mechanisms.institutions import services as member_services
from mcm.mechanisms.models import Document, DocumentKind, Mechanism
from mcm.mechanisms.policy import can_manage_mechanism, membership_in, visible_mechanisms
from mcm.reference.models import Municipality


@bp.route("/mechanisms")
@allow(Rule.SIGNED_IN)
def mine() -> Any:
    """The mechanisms the user sits in."""
    mechanisms_ = db.session.scalars(
        visible_mechanisms(current_user)
        .join(Municipality, Mechanism.municipality_id == Municipality.id)
        .order_by(Municipality.name_en)
    ).all()
    return render_template("mechanisms/mine.html", mechanisms=mechanisms_)


# What the features above add to the home page (meetings: its past meetings still shown as
# planned), each a function of the mechanism returning template values.
home_panel = Panels()


@bp.route("/m/<mechanism_code>/")
def home() -> Any:
    """The mechanism's record: status, founding agreement, members and their MoUs."""
    mechanism = g.mechanism
    coordinators = db.session.scalars(
        select(User)
        .join(Membership)
        .where(
            Membership.mechanism_id == mechanism.id,
            User.role == Role.COORDINATOR,
            User.active,
        )
        .order_by(User.email)
    ).all()
    return render_template(
        "mechanisms/home.html",
        members=member_services.member_overview(mechanism),
        coordinators=coordinators,
        membership=membership_in(current_user, mechanism.id),
        history=mechanisms.status_history(mechanism)[:5],
        can_manage=can_manage_mechanism(current_user, mechanism),
        founding_document=mechanism.founding_document,
        **home_panel.values(mechanism),
    )


@bp.route("/m/<mechanism_code>/status", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def status() -> Any:
    """Record a change of the mechanism's lifecycle status."""
    mechanism = g.mechanism
    form = StatusForm()
    overtaken = conflicts.overtaken(form, mechanism)
    if overtaken:  # the step may be taken already: it is not offered any more
        conflicts.refused(form, mechanism)
    form.status.choices = [
        SelectChoice(s.value, status_label(s))
        for s in mechanisms.MECHANISM_TRANSITIONS[mechanism.status]
    ]
    if not overtaken and form.validate_on_submit():
        try:
            with conflicts.saving(mechanism, form.version.data):
                mechanisms.change_status(
                    mechanism,
                    mechanisms.MechanismStatus(form.status.data),
                    form.effective_on.data,
                    form.note.data or "",
                )
        except conflicts.ConflictError:
            conflicts.refused(form, mechanism)
        except mechanisms.TransitionError as error:
            db.session.rollback()
            form.effective_on.errors = [*form.effective_on.errors, str(error)]
        else:
            flash(_("The status has been recorded."), "success")
            return redirect(url_for("mechanisms.home"))
    form.version.data = form.version.data or str(mechanism.version)
    return render_template(
        "mechanisms/status.html", form=form, history=mechanisms.status_history(mechanism)
    )


@bp.route("/m/<mechanism_code>/founding", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def founding() -> Any:
    """The date and scan of the agreement that founded the mechanism."""
    mechanism = g.mechanism
    form = FoundingForm(obj=mechanism)
    stored = None
    if form.validate_on_submit():
        try:
            with conflicts.saving(mechanism, form.version.data):
                document = None
                if form.document.data:
                    document = stored_documents.store(
                        form.document.data, mechanism.id, DocumentKind.FOUNDING_AGREEMENT
                    )
                mechanisms.set_founding(mechanism, form.founded_on.data, document)
        except documents.UploadError as error:
            db.session.rollback()
            form.document.errors = [str(error)]
        except conflicts.ConflictError:
            stored = conflicts.refused(form, mechanism)
        else:
            flash(_("The founding agreement has been saved."), "success")
            return redirect(url_for("mechanisms.home"))
    form.version.data = form.version.data or str(mechanism.version)
    return render_template(
        "mechanisms/founding.html",
        form=form,
        stored=stored,
        founding_document=mechanism.founding_document,
    )


@bp.route("/m/<mechanism_code>/history")
def history() -> Any:
    """Who changed what in the mechanism's record, and when."""
    entries = db.session.scalars(
        select(AuditEntry)
        .options(selectinload(AuditEntry.actor))
        .where(AuditEntry.mechanism_id == g.mechanism.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(200)
    ).all()
    return render_template("mechanisms/history.html", entries=entries)


@bp.route("/m/<mechanism_code>/documents/<int:document_id>")
def document(document_id: int) -> Any:
    """Download a document of this mechanism under its original name."""
    found: Document = get_or_404(Document, document_id)
    audit.record("document_downloaded", obj=found, mechanism_id=g.mechanism.id)
    db.session.commit()
    try:
        return documents.send(found)
    except FileNotFoundError:
        abort(404)


# Their routes register on this blueprint; importing them here keeps one entry point per feature.
from mcm.mechanisms import imports  # noqa: E402,F401
from mcm.mechanisms.institutions import views as institution_views  # noqa: E402,F401
