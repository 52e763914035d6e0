"""User administration operations, each audited."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from mcm.accounts.models import Membership, Role, User
from mcm.accounts.services import AccountError, change_role
from mcm.core import audit
from mcm.core.db import parse_id
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.reference.models import Municipality


def mechanism_choices() -> list[SelectChoice]:
    rows = db.session.execute(
        select(Mechanism.id, Municipality.code, Municipality.name_sq, Municipality.name_en)
        .join(Municipality)
        .order_by(Municipality.code)
    )
    return [SelectChoice("", "—")] + [
        SelectChoice(str(r.id), f"{r.code} — {r.name_sq} / {r.name_en}") for r in rows
    ]


def institution_choices() -> list[SelectChoice]:
    rows = db.session.execute(
        select(Institution.id, Institution.name, Municipality.code)
        .join(Mechanism, Institution.mechanism_id == Mechanism.id)
        .join(Municipality)
        .order_by(Municipality.code, Institution.name)
    )
    return [SelectChoice("", "—")] + [
        SelectChoice(str(r.id), r.name, optgroup=r.code) for r in rows
    ]


def _load(model: type, raw: str | None) -> object | None:
    ident = parse_id(raw)
    return db.session.get(model, ident) if ident is not None else None


def selected_mechanism(raw: str | None) -> Mechanism | None:
    return _load(Mechanism, raw)  # type: ignore[return-value]


def selected_institution(raw: str | None) -> Institution | None:
    return _load(Institution, raw)  # type: ignore[return-value]


def add_membership(
    user: User, mechanism: Mechanism | None, institution: Institution | None
) -> Membership:
    """Seat a coordinator in a mechanism, or a member representative for an institution."""
    if user.role in (Role.ADMINISTRATOR, Role.OBSERVER):
        raise AccountError(_("Administrators and observers do not sit in a mechanism."))
    if user.role is Role.MEMBER and institution is None:
        raise AccountError(_("A member representative represents an institution: choose one."))
    if institution is not None:
        mechanism = institution.mechanism
    if mechanism is None:
        raise AccountError(_("Choose a municipality or an institution."))
    if any(m.mechanism_id == mechanism.id for m in user.memberships):
        raise AccountError(_("This user already sits in that mechanism."))
    membership = Membership(mechanism=mechanism, institution=institution)
    user.memberships.append(membership)
    db.session.flush()
    audit.record(
        "membership_added",
        obj=user,
        mechanism_id=mechanism.id,
        institution_id=institution.id if institution else None,
    )
    return membership


def remove_membership(user: User, membership: Membership) -> None:
    """Take a user out of a mechanism."""
    audit.record("membership_removed", obj=user, mechanism_id=membership.mechanism_id)
    user.memberships.remove(membership)


def set_role(user: User, role: Role, acting_admin: User) -> None:
    """Change a user's role; seats the new role cannot hold are removed, audited."""
    if user.id == acting_admin.id and role is not Role.ADMINISTRATOR:
        raise AccountError(_("You cannot take the administrator role from yourself."))
    change_role(user, role)
    for membership in list(user.memberships):
        if role in (Role.ADMINISTRATOR, Role.OBSERVER) or (
            role is Role.MEMBER and membership.institution_id is None
        ):
            remove_membership(user, membership)
