"""The national view of meeting regularity."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import time, timedelta
from itertools import groupby
from typing import Any

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from mcm.compliance import bp
from mcm.core.db import utcnow
from mcm.core.labels import quarter_state_label
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism, MechanismStatus
from mcm.meetings.models import Meeting, MeetingKind, MeetingStatus
from mcm.meetings.planning.dates import last_quarters, to_utc, today
from mcm.meetings.planning.services import UPCOMING, QuarterState
from mcm.reference.models import Municipality, Region


@dataclass(frozen=True)
class Cell:
    state: QuarterState
    unrecorded: int  # past regular meetings of the quarter still planned


@dataclass
class Row:
    mechanism: Mechanism
    plans: list[Cell]
    # Past meetings still planned (regular or ad hoc): nobody recorded whether they took place.
    unrecorded: int = 0

    @property
    def expected(self) -> bool:
        """Mechanisms not established yet are not expected to meet."""
        return self.mechanism.status is not MechanismStatus.NOT_ESTABLISHED

    @property
    def held(self) -> int:
        return sum(1 for plan in self.plans if plan.state is QuarterState.HELD)


def _cells(quarters: list[Any]) -> tuple[dict[int, list[Cell]], dict[int, int]]:
    """Per mechanism, each quarter's state by the rule of mcm.meetings.planning.quarter_state,
    and its past meetings still planned: from (mechanism, start, kind, status) tuples of the
    window's meetings, not ORM objects, the quarter found by the stored UTC bounds."""
    bounds = [to_utc(q.first_day, time(0)) for q in quarters]
    end = to_utc(quarters[-1].last_day + timedelta(days=1), time(0))
    midnight, now = to_utc(today(), time(0)), utcnow()
    rows = db.session.execute(
        select(Meeting.mechanism_id, Meeting.starts_at, Meeting.kind, Meeting.status).where(
            Meeting.starts_at >= bounds[0], Meeting.starts_at < end
        )
    ).all()
    held: set[tuple[int, int]] = set()
    ahead: set[tuple[int, int]] = set()
    late: dict[tuple[int, int], int] = defaultdict(int)
    unrecorded: dict[int, int] = defaultdict(int)
    for mechanism_id, starts_at, kind, status in rows:
        pending = status in UPCOMING and starts_at < midnight
        if pending:
            unrecorded[mechanism_id] += 1
        if kind is not MeetingKind.REGULAR:
            continue
        key = (mechanism_id, bisect_right(bounds, starts_at) - 1)
        if status is MeetingStatus.HELD:
            held.add(key)
        elif status in UPCOMING and starts_at >= now:
            ahead.add(key)
        if pending:
            late[key] += 1
    cells: dict[int, list[Cell]] = defaultdict(list)
    for mechanism_id in {m for m, _s, _k, _t in rows}:
        for n in range(len(quarters)):
            key = (mechanism_id, n)
            state = (
                QuarterState.HELD
                if key in held
                else QuarterState.PLANNED
                if key in ahead
                else QuarterState.MISSING
            )
            cells[mechanism_id].append(Cell(state, late.get(key, 0)))
    return cells, unrecorded


@bp.route("/")
def index() -> Any:
    """Every mechanism's regular meetings over the last eight quarters: held, planned, missing,
    and the past meetings still planned; three queries whatever the number of meetings."""
    quarters = last_quarters(8)
    mechanisms = db.session.scalars(
        select(Mechanism)
        .join(Mechanism.municipality)
        .join(Municipality.region)
        .options(contains_eager(Mechanism.municipality).contains_eager(Municipality.region))
        .order_by(Region.name_en, Municipality.name_en)
    ).all()
    cells, unrecorded = _cells(quarters)
    nothing = [Cell(QuarterState.MISSING, 0)] * len(quarters)
    rows = [Row(m, cells.get(m.id, nothing), unrecorded.get(m.id, 0)) for m in mechanisms]
    expected = [row for row in rows if row.expected]
    held_per_quarter = [
        sum(1 for row in expected if row.plans[n].state is QuarterState.HELD)
        for n in range(len(quarters))
    ]
    return render_template(
        "compliance/index.html",
        quarters=quarters,
        # each label translated once per page, not once per cell
        state_labels={state: quarter_state_label(state) for state in QuarterState},
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
