"""Administration pages: users and the audit log."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from mcm.accounts import services as accounts
from mcm.accounts import two_factor
from mcm.accounts.models import Membership, Role, User
from mcm.admin import bp
from mcm.admin import outbox as _outbox  # noqa: F401 - registers the outbox pages
from mcm.admin import services as admin
from mcm.admin.forms import ActionForm, AuditFilterForm, InviteUserForm, MembershipForm, RoleForm
from mcm.core import outbox_service
from mcm.core.audit import AuditEntry
from mcm.core.confirm import irreversible
from mcm.core.db import loaded
from mcm.core.listing import Listing, paginate
from mcm.core.outbox import OutboxStatus
from mcm.extensions import db

PAGE_SIZE = 50
AUDIT_SORTS = ("when", "action", "who")


def _user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _with_choices(form: Any) -> Any:
    form.mechanism.choices = admin.mechanism_choices()
    form.institution.choices = admin.institution_choices()
    return form


def _invite(user: User) -> None:
    # Through the outbox, tried at once so the administrator hears how it went; if the mail
    # server is down it waits there and goes later.
    message = accounts.invite(user)
    db.session.commit()
    outbox_service.deliver_pending()
    db.session.refresh(message)
    if message.status is OutboxStatus.SENT:
        flash(_("An invitation has been sent to %(email)s.", email=user.email), "success")
    else:
        flash(
            _(
                "The invitation e-mail could not be sent yet (%(reason)s). It waits in the "
                "outbox and is tried again automatically.",
                reason=message.last_error,
            ),
            "error",
        )


_USER_OPTIONS = (
    selectinload(User.memberships).joinedload(Membership.mechanism),
    selectinload(User.memberships).joinedload(Membership.institution),
)


@bp.route("/users")
def users() -> Any:
    query = select(User).options(*_USER_OPTIONS).order_by(User.email)
    role = request.args.get("role")
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/users.html", page=page, roles=list(Role), role=role)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> Any:
    form = _with_choices(InviteUserForm())
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.email.data,
                Role(form.role.data),
                mechanism=admin.selected_mechanism(form.mechanism.data),
                institution=admin.selected_institution(form.institution.data),
            )
        except accounts.AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            _invite(user)
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/new_user.html", form=form)


@bp.route("/users/<int:user_id>")
def user(user_id: int) -> Any:
    subject = _user_or_404(user_id)
    for membership in subject.memberships:  # what the page names, loaded before it renders
        loaded(membership, "institution")
        loaded(membership.mechanism, "municipality")
    entries = db.session.scalars(
        select(AuditEntry)
        .options(selectinload(AuditEntry.actor))
        .where(AuditEntry.object_type == "users", AuditEntry.object_id == subject.id)
        .order_by(AuditEntry.at.desc())
        .limit(20)
    ).all()
    return render_template(
        "admin/user.html",
        subject=subject,
        role_form=RoleForm(role=subject.role.value),
        membership_form=_with_choices(MembershipForm()),
        action_form=ActionForm(),
        entries=entries,
    )


@bp.route("/users/<int:user_id>/role", methods=["POST"])
def change_role(user_id: int) -> Any:
    subject = _user_or_404(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            admin.set_role(subject, Role(form.role.data), current_user)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The role has been changed."), "success")
    return redirect(url_for("admin.user", user_id=subject.id))


@bp.route("/users/<int:user_id>/memberships", methods=["POST"])
def add_membership(user_id: int) -> Any:
    subject = _user_or_404(user_id)
    form = _with_choices(MembershipForm())
    if form.validate_on_submit():
        try:
            admin.add_membership(
                subject,
                admin.selected_mechanism(form.mechanism.data),
                admin.selected_institution(form.institution.data),
            )
        except accounts.AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The user has been added to the mechanism."), "success")
    else:
        flash(_("Choose a municipality or an institution."), "error")
    return redirect(url_for("admin.user", user_id=subject.id))


@bp.route("/users/<int:user_id>/memberships/<int:membership_id>/remove", methods=["POST"])
@irreversible(_l("Remove this user from the mechanism: she no longer sees its records."))
def remove_membership(user_id: int, membership_id: int) -> Any:
    subject = _user_or_404(user_id)
    membership = next((m for m in subject.memberships if m.id == membership_id), None)
    if membership is None:
        abort(404)
    admin.remove_membership(subject, membership)
    db.session.commit()
    flash(_("The user has been taken out of the mechanism."), "success")
    return redirect(url_for("admin.user", user_id=subject.id))


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@irreversible(_l("Disable the account: its sessions end at once."))
def disable(user_id: int) -> Any:
    subject = _user_or_404(user_id)
    if subject.id == current_user.id:
        flash(_("You cannot disable your own account."), "error")
    else:
        accounts.set_active(subject, False)
        db.session.commit()
        flash(_("The account has been disabled and signed out everywhere."), "success")
    return redirect(url_for("admin.user", user_id=subject.id))


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
def enable(user_id: int) -> Any:
    subject = _user_or_404(user_id)
    accounts.set_active(subject, True)
    db.session.commit()
    flash(_("The account has been enabled."), "success")
    return redirect(url_for("admin.user", user_id=subject.id))


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
def invite(user_id: int) -> Any:
    subject = _user_or_404(user_id)
    _invite(subject)
    return redirect(url_for("admin.user", user_id=subject.id))


@bp.route("/users/<int:user_id>/reset-two-factor", methods=["POST"])
@irreversible(_l("Reset two-factor sign-in: the user must set it up again at the next sign-in."))
def reset_totp(user_id: int) -> Any:
    subject = _user_or_404(user_id)
    two_factor.reset_totp(subject)
    db.session.commit()
    flash(
        _("Two-factor sign-in has been reset; the user sets it up again at next sign-in."),
        "success",
    )
    return redirect(url_for("admin.user", user_id=subject.id))


@bp.route("/audit", endpoint="audit")
def audit_log() -> Any:
    """Every recorded change and sign-in, filtered by action and user, sortable, by pages."""
    form = AuditFilterForm(request.args)
    actor = aliased(User)
    query = select(AuditEntry).outerjoin(actor, actor.id == AuditEntry.actor_id)
    query = query.options(selectinload(AuditEntry.actor))
    valid = form.validate()
    if valid:
        if form.action.data:
            query = query.where(AuditEntry.action == form.action.data.strip())
        if form.user.data:
            found = accounts.find_user(form.user.data)
            query = query.where(AuditEntry.actor_id == (found.id if found else -1))
    filters = {"action": form.action.data, "user": form.user.data} if valid else {}
    listing = Listing.read("admin.audit", filters, AUDIT_SORTS, "-when")
    columns = {"when": AuditEntry.at, "action": AuditEntry.action, "who": actor.email}
    query = query.order_by(*listing.order(columns, AuditEntry.id))
    page = paginate(query, listing.page, PAGE_SIZE)
    listing.page = page.page
    return render_template("admin/audit.html", page=page, form=form, listing=listing)
