"""The list of a mechanism's meetings."""

from __future__ import annotations

from typing import Any

from flask import g, render_template
from sqlalchemy import select

from mcm.extensions import db
from mcm.meetings import bp
from mcm.meetings.models import Meeting


@bp.route("/m/<mechanism_code>/meetings/")
def index() -> Any:
    """The mechanism's meetings, newest first."""
    meetings = db.session.scalars(
        select(Meeting)
        .where(Meeting.mechanism_id == g.mechanism.id)
        .order_by(Meeting.starts_at.desc())
    ).all()
    return render_template("meetings/index.html", meetings=meetings)
