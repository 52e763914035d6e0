"""Mechanism pages."""

from __future__ import annotations

from typing import Any

from flask import g, render_template
from flask_login import current_user
from sqlalchemy import select

from mcm.accounts.models import Membership, Role, User
from mcm.core.access import Rule, allow, membership_in, visible_mechanisms
from mcm.extensions import db
from mcm.mechanisms import bp
from mcm.mechanisms.models import Mechanism
from mcm.mechanisms.services import institutions_of
from mcm.reference.models import Municipality


@bp.route("/mechanisms")
@allow(Rule.SIGNED_IN)
def mine() -> Any:
    """The mechanisms the user sits in."""
    mechanisms = db.session.scalars(
        visible_mechanisms(current_user)
        .join(Municipality, Mechanism.municipality_id == Municipality.id)
        .order_by(Municipality.name_en)
    ).all()
    return render_template("mechanisms/mine.html", mechanisms=mechanisms)


@bp.route("/m/<mechanism_code>/")
def home() -> Any:
    """The mechanism's home page: its status, member institutions and coordinators."""
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
    membership = membership_in(current_user, mechanism.id)
    return render_template(
        "mechanisms/home.html",
        institutions=institutions_of(mechanism),
        coordinators=coordinators,
        membership=membership,
        region=mechanism.municipality.region,
    )
