"""National overview pages."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from flask import render_template
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.overview import bp
from mcm.reference.models import Municipality, Region


@bp.route("/")
def index() -> Any:
    """All municipalities by region, each with its mechanism's status and member count."""
    member_counts = (
        select(Institution.mechanism_id, func.count(Institution.id).label("members"))
        .group_by(Institution.mechanism_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Mechanism, func.coalesce(member_counts.c.members, 0))
        .join(Mechanism.municipality)
        .join(Municipality.region)
        .outerjoin(member_counts, member_counts.c.mechanism_id == Mechanism.id)
        .options(contains_eager(Mechanism.municipality).contains_eager(Municipality.region))
        .order_by(Region.name_en, Municipality.name_en)
    ).all()
    regions = [
        (region, list(items))
        for region, items in groupby(rows, key=lambda row: row[0].municipality.region)
    ]
    return render_template("overview/index.html", regions=regions)
