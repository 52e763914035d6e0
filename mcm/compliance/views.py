"""The national view of meeting regularity."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from mcm.compliance import bp
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism, MechanismStatus
from mcm.meetings.models import Meeting
from mcm.meetings.planning.dates import last_quarters
from mcm.meetings.planning.services import (
    QuarterPlan,
    QuarterState,
    plan_by_quarter,
    unrecorded_meetings,
)
from mcm.reference.models import Municipality, Region


@dataclass
class Row:
    mechanism: Mechanism
    plans: list[QuarterPlan]
    # Past meetings still planned: nobody recorded whether they took place.
    unrecorded: list[Meeting] = field(default_factory=list)

    @property
    def expected(self) -> bool:
        """Mechanisms not established yet are not expected to meet."""
        return self.mechanism.status is not MechanismStatus.NOT_ESTABLISHED

    @property
    def held(self) -> int:
        return sum(1 for plan in self.plans if plan.state is QuarterState.HELD)


@bp.route("/")
def index() -> Any:
    """Every mechanism's regular meetings over the last eight quarters: held, planned, missing,
    and the past meetings still planned; four queries whatever the number of meetings."""
    quarters = last_quarters(8)
    mechanisms = db.session.scalars(
        select(Mechanism)
        .join(Mechanism.municipality)
        .join(Municipality.region)
        .options(contains_eager(Mechanism.municipality).contains_eager(Municipality.region))
        .order_by(Region.name_en, Municipality.name_en)
    ).all()
    plans = plan_by_quarter([m.id for m in mechanisms], quarters)
    unrecorded: dict[int, list[Meeting]] = {}
    for meeting in unrecorded_meetings([m.id for m in mechanisms], since=quarters[0].first_day):
        unrecorded.setdefault(meeting.mechanism_id, []).append(meeting)
    rows = [Row(m, plans[m.id], unrecorded.get(m.id, [])) for m in mechanisms]
    expected = [row for row in rows if row.expected]
    held_per_quarter = [
        sum(1 for row in expected if row.plans[n].state is QuarterState.HELD)
        for n in range(len(quarters))
    ]
    return render_template(
        "compliance/index.html",
        quarters=quarters,
        regions=[
            (region, list(group))
            for region, group in groupby(rows, key=lambda row: row.mechanism.municipality.region)
        ],
        expected=len(expected),
        flagged=sum(1 for row in rows if row.unrecorded),
        held_per_quarter=held_per_quarter,
        on_track=sum(
            1
            for row in expected
            if row.plans[-5:-1]
            and all(plan.state is QuarterState.HELD for plan in row.plans[-5:-1])
        ),
    )
