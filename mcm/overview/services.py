"""The national overview's rows: every municipality with its mechanism, members, MoU coverage and
partner pipeline, in a fixed number of queries however much each mechanism holds."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import groupby
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from mcm.extensions import db
from mcm.mechanisms.models import Mechanism, MechanismStatus
from mcm.mechanisms.services import mou_coverage
from mcm.partners.models import STAGE_RANK, PartnershipStage
from mcm.partners.services import StageOfPartner, stages_by_mechanism
from mcm.reference.models import Municipality, Region

NO_STAGE = "none"  # the stage filter's value for municipalities without any recorded step


@dataclass
class OverviewRow:
    mechanism: Mechanism
    members: int
    mou_signed: int
    partners: list[StageOfPartner] = field(default_factory=list)
    last_meeting: datetime | None = None

    @property
    def lead(self) -> StageOfPartner | None:
        """The most advanced partnership the viewer may see."""
        return self.partners[0] if self.partners else None

    @property
    def stage(self) -> PartnershipStage | None:
        return self.lead.stage if self.lead else None

    @property
    def stage_on(self) -> date | None:
        return self.lead.stage_on if self.lead else None


def _collation_key(name: str) -> str:
    """Alphabetical order as in the Albanian and Serbian alphabets: a letter with a mark (Ç, Ë,
    Č, Ć, Đ, Š, Ž) comes after its plain letter and everything spelled with it."""
    key = []
    for char in unicodedata.normalize("NFD", name.casefold().replace("đ", "d\u0335")):
        if unicodedata.combining(char):
            key.append("{")  # sorts after z
        else:
            key.append(char)
    return "".join(key)


_STATUS_ORDER = {status: n for n, status in enumerate(MechanismStatus)}
SORT_KEYS: dict[str, Callable[[OverviewRow], Any]] = {
    "municipality": lambda row: _collation_key(row.mechanism.municipality.name),
    "status": lambda row: _STATUS_ORDER[row.mechanism.status],
    "members": lambda row: row.members,
    "mou": lambda row: (row.mou_signed / row.members if row.members else -1, row.mou_signed),
    "stage": lambda row: STAGE_RANK[row.stage],
    "last_meeting": lambda row: row.last_meeting or datetime.min.replace(tzinfo=UTC),
}


@dataclass(frozen=True)
class Filters:
    region: str | None = None  # a region code
    status: str | None = None  # a MechanismStatus value
    stage: str | None = None  # a PartnershipStage value or NO_STAGE
    sort: str = "municipality"
    descending: bool = False

    def keep(self, row: OverviewRow) -> bool:
        if self.region and row.mechanism.municipality.region.code != self.region:
            return False
        if self.status and row.mechanism.status.value != self.status:
            return False
        if self.stage:
            stage = row.stage.value if row.stage else NO_STAGE
            if stage != self.stage:
                return False
        return True


def last_meeting_held() -> dict[int, datetime]:
    """When each mechanism last met (held meetings only), in one query: one lookup per
    mechanism in the index of meetings by mechanism, status and start, whatever the history."""
    from mcm.meetings.models import Meeting, MeetingStatus

    last = (
        select(func.max(Meeting.starts_at))
        .where(Meeting.mechanism_id == Mechanism.id, Meeting.status == MeetingStatus.HELD)
        .scalar_subquery()
    )
    rows = db.session.execute(select(Mechanism.id, last))
    # func.max loses the column type on SQLite: turn the value back into an aware datetime.
    return {mechanism_id: _aware(value) for mechanism_id, value in rows if value is not None}


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def regions() -> list[Region]:
    """The regions, in the overview's order."""
    return list(db.session.scalars(select(Region).order_by(Region.name_en)))


def overview(user: Any, filters: Filters) -> list[tuple[Region, list[OverviewRow]]]:
    """The municipalities by region, filtered, each region's rows in the chosen order."""
    mechanisms = db.session.scalars(
        select(Mechanism)
        .join(Mechanism.municipality)
        .join(Municipality.region)
        .options(contains_eager(Mechanism.municipality).contains_eager(Municipality.region))
        .order_by(Region.name_en, Municipality.name_en)
    ).all()
    coverage = mou_coverage()
    partners = stages_by_mechanism(user)
    last_meetings = last_meeting_held()
    rows = [
        OverviewRow(
            mechanism=m,
            members=coverage.get(m.id, (0, 0))[1],
            mou_signed=coverage.get(m.id, (0, 0))[0],
            partners=partners.get(m.id, []),
            last_meeting=last_meetings.get(m.id),
        )
        for m in mechanisms
    ]
    key = SORT_KEYS.get(filters.sort, SORT_KEYS["municipality"])
    grouped = []
    for region, items in groupby(rows, key=lambda row: row.mechanism.municipality.region):
        kept = sorted((row for row in items if filters.keep(row)), key=SORT_KEYS["municipality"])
        if kept:  # ties keep the alphabetical order: Python's sort is stable, reversed or not
            grouped.append((region, sorted(kept, key=key, reverse=filters.descending)))
    return grouped
