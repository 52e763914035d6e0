"""What each kind of record puts in the search index, read with plain SQL on the connection of
the flush that changed it. Case text (discussion notes) is never read here: a case is found by
its code only, and the case items of the minutes are left out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from mcm.cases.models import Case
from mcm.mechanisms.models import Institution
from mcm.meetings.models import (
    Action,
    AgendaItem,
    AgendaItemKind,
    Meeting,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)
from mcm.plans.models import ActionPlan, PlanActivity
from mcm.reference.models import InstitutionType
from mcm.search.models import EntryAudience, EntryKind


@dataclass(frozen=True)
class Document:
    """One row of the index, before folding."""

    kind: EntryKind
    record_id: int
    mechanism_id: int
    audience: EntryAudience
    title: str
    body: str
    institution_id: int | None = None


Ids = Iterable[int] | None


def _only(stmt: Any, column: Any, ids: Ids) -> Any:
    return stmt if ids is None else stmt.where(column.in_(list(ids)))


def _agenda(conn: Connection, meeting_ids: set[int]) -> dict[int, list[Any]]:
    """The agenda items of these meetings, in order."""
    items: dict[int, list[Any]] = {}
    if not meeting_ids:
        return items
    rows = conn.execute(
        select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.kind, AgendaItem.title)
        .where(AgendaItem.meeting_id.in_(meeting_ids))
        .order_by(AgendaItem.meeting_id, AgendaItem.position)
    )
    for row in rows:
        items.setdefault(row.meeting_id, []).append(row)
    return items


def meetings(conn: Connection, ids: Ids = None) -> Iterator[Document]:
    """A meeting by its place, notes and agenda (the titles of its items, case items aside)."""
    rows = list(
        conn.execute(
            _only(
                select(Meeting.id, Meeting.mechanism_id, Meeting.place, Meeting.notes),
                Meeting.id,
                ids,
            )
        )
    )
    agenda = _agenda(conn, {row.id for row in rows})
    for row in rows:
        titles = [i.title for i in agenda.get(row.id, []) if i.kind is not AgendaItemKind.CASES]
        yield Document(
            EntryKind.MEETING,
            row.id,
            row.mechanism_id,
            EntryAudience.MECHANISM,
            title=row.place,
            body="\n".join([*titles, row.notes]).strip(),
        )


def minutes(conn: Connection, ids: Ids = None) -> Iterator[Document]:
    """Approved minutes by the text everyone in the mechanism reads: the case items left out."""
    stmt = (
        select(Minutes.id, Minutes.meeting_id, Meeting.mechanism_id, MinutesVersion.content)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .join(MinutesVersion, MinutesVersion.id == Minutes.current_version_id)
        .where(Minutes.status == MinutesStatus.APPROVED)
    )
    rows = list(conn.execute(_only(stmt, Minutes.id, ids)))
    agenda = _agenda(conn, {row.meeting_id for row in rows})
    for row in rows:
        parts: list[str] = []
        for item in agenda.get(row.meeting_id, []):
            if item.kind is AgendaItemKind.CASES:
                continue
            entry = (row.content or {}).get(str(item.id)) or {}
            parts += [entry.get("summary", ""), entry.get("decisions", "")]
        body = "\n".join(p for p in parts if p)
        yield Document(
            EntryKind.MINUTES, row.id, row.mechanism_id, EntryAudience.MECHANISM, "", body
        )


def actions(conn: Connection, ids: Ids = None) -> Iterator[Document]:
    """An action by its title; one decided under a case item or following up a case is
    restricted, as its page is, to the coordinators and the responsible institution."""
    stmt = select(
        Action.id,
        Action.mechanism_id,
        Action.title,
        Action.case_id,
        Action.responsible_institution_id,
        AgendaItem.kind.label("item_kind"),
    ).outerjoin(AgendaItem, AgendaItem.id == Action.agenda_item_id)
    for row in conn.execute(_only(stmt, Action.id, ids)):
        restricted = row.case_id is not None or row.item_kind is AgendaItemKind.CASES
        yield Document(
            EntryKind.ACTION,
            row.id,
            row.mechanism_id,
            EntryAudience.RESTRICTED if restricted else EntryAudience.MECHANISM,
            title=row.title,
            body="",
            institution_id=row.responsible_institution_id if restricted else None,
        )


def activities(conn: Connection, ids: Ids = None) -> Iterator[Document]:
    """A local action plan activity by its code, title and indicator."""
    stmt = select(
        PlanActivity.id,
        PlanActivity.code,
        PlanActivity.title,
        PlanActivity.indicator,
        ActionPlan.mechanism_id,
    ).join(ActionPlan, ActionPlan.id == PlanActivity.plan_id)
    for row in conn.execute(_only(stmt, PlanActivity.id, ids)):
        yield Document(
            EntryKind.ACTIVITY,
            row.id,
            row.mechanism_id,
            EntryAudience.MECHANISM,
            title=f"{row.code} {row.title}".strip(),
            body=row.indicator,
        )


def institutions(conn: Connection, ids: Ids = None) -> Iterator[Document]:
    """A member institution by its name, address and kind in the three languages."""
    stmt = select(
        Institution.id,
        Institution.mechanism_id,
        Institution.name,
        Institution.address,
        InstitutionType.name_sq,
        InstitutionType.name_sr,
        InstitutionType.name_en,
    ).join(InstitutionType, InstitutionType.id == Institution.institution_type_id)
    for row in conn.execute(_only(stmt, Institution.id, ids)):
        kinds = " ".join(dict.fromkeys([row.name_sq, row.name_sr, row.name_en]))
        yield Document(
            EntryKind.INSTITUTION,
            row.id,
            row.mechanism_id,
            EntryAudience.MECHANISM,
            title=row.name,
            body="\n".join(p for p in (row.address, kinds) if p),
        )


def cases(conn: Connection, ids: Ids = None) -> Iterator[Document]:
    """A case by its code, and nothing else."""
    stmt = select(Case.id, Case.mechanism_id, Case.code)
    for row in conn.execute(_only(stmt, Case.id, ids)):
        yield Document(EntryKind.CASE, row.id, row.mechanism_id, EntryAudience.CASE, row.code, "")


BUILDERS: dict[EntryKind, Callable[[Connection, Ids], Iterator[Document]]] = {
    EntryKind.MEETING: meetings,
    EntryKind.MINUTES: minutes,
    EntryKind.ACTION: actions,
    EntryKind.ACTIVITY: activities,
    EntryKind.INSTITUTION: institutions,
    EntryKind.CASE: cases,
}
