"""Read-only queries of the register and of one case's timeline, each a fixed number of SQL
statements whatever the number of cases, discussions or actions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import joinedload

from mcm.cases.models import (
    Case,
    CaseDiscussion,
    CaseIncident,
    CaseInstitution,
    CaseTransfer,
    RiskLevel,
    TransferStatus,
)
from mcm.cases.policy import visible_cases
from mcm.core.listing import Page
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.mechanisms.policy import member_institution_id
from mcm.meetings.models import Action, Meeting

PAGE_SIZE = 50


def lineage_ids(case_id: int) -> list[int]:
    """The case and every case it continues (accepted transfers, followed back), in one query."""
    earlier = (
        select(CaseTransfer.case_id.label("id"))
        .where(CaseTransfer.new_case_id == case_id, CaseTransfer.status == TransferStatus.ACCEPTED)
        .cte("lineage", recursive=True)
    )
    step = select(CaseTransfer.case_id).join(earlier, CaseTransfer.new_case_id == earlier.c.id)
    lineage = earlier.union_all(step.where(CaseTransfer.status == TransferStatus.ACCEPTED))
    return [case_id, *db.session.scalars(select(lineage.c.id))]


@dataclass
class RegisterRow:
    case: Case
    last_discussed_on: date | None
    repeat: bool
    full: bool  # the user sees this case's details, not only its code
    transfers: list[CaseTransfer] = field(default_factory=list)


class RegisterPage(Page):
    """One page of the register: the pager's `Page`, whose items are the register's rows."""

    @property
    def rows(self) -> list[RegisterRow]:
        return self.items


def _involved(institution_id: int | None) -> Any:
    return select(CaseInstitution.id).where(
        CaseInstitution.case_id == Case.id, CaseInstitution.institution_id == institution_id
    )


RISK_ORDER = case(
    (Case.risk_level == RiskLevel.STANDARD, 0), (Case.risk_level == RiskLevel.MEDIUM, 1), else_=2
)
# Sort keys of the register; all but the code sort by a fact of the case.
FACT_SORTS = {"opened", "risk", "status", "discussed"}
SORTS = {"code", *FACT_SORTS}


def _register_stmt(
    user: Any, mechanism_id: int, status: str, risk: str, year: int | None, sort: str
) -> Select[Any]:
    stmt = visible_cases(user, mechanism_id)
    mine = member_institution_id(user, mechanism_id)
    if (status or risk or sort in FACT_SORTS) and mine is not None:
        # Filtering or sorting by a fact would reveal it for the cases she sees only the code of.
        stmt = stmt.where(_involved(mine).exists())
    if status:
        stmt = stmt.where(Case.status == status)
    if risk:
        stmt = stmt.where(Case.risk_level == risk)
    if year is not None:
        stmt = stmt.where(Case.year == year)  # the year is part of the code, not a fact
    return stmt


def register(
    user: Any,
    mechanism_id: int,
    *,
    status: str = "",
    risk: str = "",
    year: int | None = None,
    sort: str = "code",
    descending: bool = True,
    page: int = 1,
) -> RegisterPage:
    """One page of the register the user may see (newest code first unless another sort is
    asked for), in three queries."""
    sort = sort if sort in SORTS else "code"
    stmt = _register_stmt(user, mechanism_id, status, risk, year, sort)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    last = (
        select(func.max(CaseDiscussion.discussed_on))
        .where(CaseDiscussion.case_id == Case.id)
        .correlate(Case)
        .scalar_subquery()
    )
    repeat = select(CaseIncident.id).where(CaseIncident.case_id == Case.id, CaseIncident.is_repeat)
    mine = member_institution_id(user, mechanism_id)
    columns = {
        "code": [Case.year, Case.number],
        "opened": [Case.opened_on],
        "risk": [RISK_ORDER],
        "status": [Case.status],
        "discussed": [last],
    }[sort]
    direction = [c.desc() if descending else c.asc() for c in columns]
    tiebreak = Case.id.desc() if descending else Case.id.asc()
    rows = db.session.execute(
        stmt.add_columns(last, repeat.exists(), _involved(mine).exists())
        .order_by(*direction, tiebreak)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    coordinator = mine is None  # visible_cases lists nothing to anyone else
    result = [
        RegisterRow(case, last_on, bool(is_repeat), coordinator or bool(is_involved))
        for case, last_on, is_repeat, is_involved in rows
    ]
    by_case: dict[int, list[CaseTransfer]] = defaultdict(list)
    ids = [row.case.id for row in result]
    if ids:
        for transfer in transfers_of(ids):
            by_case[transfer.case_id].append(transfer)
            if transfer.new_case_id is not None:
                by_case[transfer.new_case_id].append(transfer)
    for row in result:
        row.transfers = by_case.get(row.case.id, [])
    return RegisterPage(result, total, page, pages)


def registered_years(mechanism_id: int) -> list[int]:
    """The years of the mechanism's case codes, newest first, for the year filter (one query)."""
    return list(
        db.session.scalars(
            select(Case.year)
            .where(Case.mechanism_id == mechanism_id)
            .distinct()
            .order_by(Case.year.desc())
        )
    )


def transfers_of(case_ids: list[int]) -> list[CaseTransfer]:
    """Transfers out of, or into, these cases, with both mechanisms loaded (one query)."""
    return list(
        db.session.scalars(
            select(CaseTransfer)
            .options(joinedload(CaseTransfer.from_mechanism), joinedload(CaseTransfer.to_mechanism))
            .where(or_(CaseTransfer.case_id.in_(case_ids), CaseTransfer.new_case_id.in_(case_ids)))
            .order_by(CaseTransfer.requested_at, CaseTransfer.id)
        ).unique()
    )


def incoming_transfers(mechanism_id: int) -> list[CaseTransfer]:
    """Transfers waiting for this mechanism's answer, with the case and sender loaded."""
    return list(
        db.session.scalars(
            select(CaseTransfer)
            .options(joinedload(CaseTransfer.case), joinedload(CaseTransfer.from_mechanism))
            .where(
                CaseTransfer.to_mechanism_id == mechanism_id,
                CaseTransfer.status == TransferStatus.PENDING,
            )
            .order_by(CaseTransfer.requested_at)
        ).unique()
    )


# -- one case -------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One dated event of a case's timeline."""

    on: date
    kind: str  # opened, discussion, actions, incident, transfer, closed
    case: Case
    discussion: CaseDiscussion | None = None
    meeting: Meeting | None = None
    actions: list[Action] = field(default_factory=list)
    incident: CaseIncident | None = None
    transfer: CaseTransfer | None = None
    earlier: bool = False  # recorded by the mechanism the case came from


def involved_institutions(case: Case) -> list[CaseInstitution]:
    return list(
        db.session.scalars(
            select(CaseInstitution)
            .options(
                joinedload(CaseInstitution.institution).joinedload(Institution.institution_type)
            )
            .where(CaseInstitution.case_id == case.id)
            .order_by(CaseInstitution.involved_on, CaseInstitution.id)
        )
    )


def local_date(moment: datetime) -> date:
    """The calendar date of a timestamp in the installation's time zone."""
    return moment.astimezone(ZoneInfo(current_app.config["MCM_TIMEZONE"])).date()


def timeline(case: Case, *, with_history: bool) -> list[Entry]:
    """The case's events across meetings, oldest first; with_history adds what the mechanisms
    it was transferred from recorded. Five queries whatever the length of the history."""
    ids = lineage_ids(case.id) if with_history else [case.id]
    cases = {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_(ids)))}
    discussions = db.session.execute(
        select(CaseDiscussion, Meeting)
        .join(Meeting, Meeting.id == CaseDiscussion.meeting_id)
        .where(CaseDiscussion.case_id.in_(ids))
        .order_by(CaseDiscussion.discussed_on, CaseDiscussion.id)
    ).all()
    actions = db.session.scalars(
        select(Action)
        .options(joinedload(Action.responsible_institution), joinedload(Action.meeting))
        .where(Action.case_id.in_(ids))
        .order_by(Action.due_on, Action.id)
    ).all()
    incidents = db.session.scalars(
        select(CaseIncident).where(CaseIncident.case_id.in_(ids)).order_by(CaseIncident.id)
    ).all()
    by_meeting: dict[tuple[int, int], list[Action]] = defaultdict(list)
    for action in actions:
        by_meeting[(action.case_id or 0, action.meeting_id)].append(action)
    entries: list[Entry] = []
    for c in cases.values():
        entries.append(Entry(c.opened_on, "opened", c, earlier=c.id != case.id))
        if c.closed_on:
            entries.append(Entry(c.closed_on, "closed", c, earlier=c.id != case.id))
    for discussion, meeting in discussions:
        grouped = by_meeting.pop((discussion.case_id, meeting.id), [])
        entries.append(
            Entry(
                discussion.discussed_on,
                "discussion",
                cases[discussion.case_id],
                discussion=discussion,
                meeting=meeting,
                actions=grouped,
                earlier=discussion.case_id != case.id,
            )
        )
    for (case_id, _meeting_id), rest in by_meeting.items():  # actions with no discussion text
        meeting = rest[0].meeting
        entries.append(
            Entry(
                local_date(meeting.starts_at),
                "actions",
                cases[case_id],
                meeting=meeting,
                actions=rest,
                earlier=case_id != case.id,
            )
        )
    for incident in incidents:
        entries.append(
            Entry(
                incident.reported_on,
                "incident",
                cases[incident.case_id],
                incident=incident,
                earlier=incident.case_id != case.id,
            )
        )
    for transfer in transfers_of(ids):
        when = local_date(transfer.decided_at or transfer.requested_at)
        owner = cases.get(transfer.case_id) or case
        entries.append(
            Entry(
                when,
                "transfer",
                owner,
                transfer=transfer,
                earlier=transfer.case_id != case.id and transfer.new_case_id != case.id,
            )
        )
    order = {"opened": 0, "discussion": 1, "actions": 2, "incident": 3, "transfer": 4, "closed": 5}
    entries.sort(key=lambda e: (e.on, order[e.kind]))
    return entries


def own_actions(case: Case, institution_id: int) -> list[Action]:
    """The case's follow-up actions assigned to one institution (what an uninvolved member
    sees of a case besides its code)."""
    return list(
        db.session.scalars(
            select(Action)
            .options(joinedload(Action.meeting), joinedload(Action.responsible_institution))
            .where(Action.case_id == case.id, Action.responsible_institution_id == institution_id)
            .order_by(Action.due_on, Action.id)
        )
    )
