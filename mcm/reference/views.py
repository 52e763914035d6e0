"""Reference data, for administrators to check what the installation knows."""

from __future__ import annotations

from typing import Any

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mcm.core.access import Rule, declare
from mcm.extensions import db
from mcm.reference import bp
from mcm.reference.models import InstitutionType, Municipality, Region

declare(bp, Rule.ADMIN)


@bp.route("/")
def index() -> Any:
    municipalities = db.session.scalars(
        select(Municipality)
        .join(Region)
        .options(joinedload(Municipality.region).joinedload(Region.country))
        .order_by(Region.name_en, Municipality.name_en)
    ).all()
    types = db.session.scalars(select(InstitutionType).order_by(InstitutionType.position)).all()
    return render_template(
        "reference/index.html", municipalities=municipalities, institution_types=types
    )
