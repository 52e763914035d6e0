"""Keeping the search index current: every flush that adds, changes or removes a findable
record rewrites its rows in the same transaction, so what is found is what is stored; and
`rebuild` writes the whole index again (the migration, `mcm search rebuild`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, event, insert, select
from sqlalchemy.orm import ORMExecuteState, Session

from mcm.cases.models import Case
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.meetings.models import Action, AgendaItem, Meeting, Minutes, MinutesVersion
from mcm.plans.models import PlanActivity
from mcm.search import fts
from mcm.search.documents import BUILDERS, Document
from mcm.search.folding import fold
from mcm.search.models import EntryKind, SearchEntry

Targets = dict[EntryKind, set[int]]
_BATCH = 500
# The records whose own id is the indexed record's id.
_OWN: dict[type, EntryKind] = {
    Meeting: EntryKind.MEETING,
    Minutes: EntryKind.MINUTES,
    Action: EntryKind.ACTION,
    PlanActivity: EntryKind.ACTIVITY,
    Institution: EntryKind.INSTITUTION,
    Case: EntryKind.CASE,
}


def _row(document: Document) -> dict[str, Any]:
    return {
        "kind": document.kind,
        "record_id": document.record_id,
        "mechanism_id": document.mechanism_id,
        "audience": document.audience,
        "institution_id": document.institution_id,
        "title": document.title[:400],
        "body": document.body,
        "folded_title": fold(document.title),
        "folded_body": fold(document.body),
    }


def _write(conn: Connection, documents: Iterable[Document]) -> None:
    batch: list[dict[str, Any]] = []
    for document in documents:
        batch.append(_row(document))
        if len(batch) == _BATCH:
            conn.execute(insert(SearchEntry), batch)
            batch = []
    if batch:
        conn.execute(insert(SearchEntry), batch)


def refresh(conn: Connection, targets: Targets) -> None:
    """Rewrite the index rows of these records from what is stored now (a removed record's
    rows go)."""
    for kind, ids in targets.items():
        if not ids:
            continue
        conn.execute(
            delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.record_id.in_(ids))
        )
        _write(conn, BUILDERS[kind](conn, ids))


def rebuild(conn: Connection) -> int:
    """Write the whole index again from the records; the number of rows written."""
    conn.execute(delete(SearchEntry))
    for builder in BUILDERS.values():
        _write(conn, builder(conn, None))
    fts.reindex(conn)
    return conn.scalar(select(db.func.count()).select_from(SearchEntry)) or 0


def _changed(session: Session) -> Iterable[tuple[Any, type]]:
    for obj in session.new:
        yield obj, type(obj)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            yield obj, type(obj)
    for obj in session.deleted:
        yield obj, type(obj)


def _targets(conn: Connection, changed: Iterable[Any]) -> Targets:
    """The index rows to rewrite for these changed records (objects, or rows of their ids)."""
    targets: Targets = {kind: set() for kind in EntryKind}
    items: set[int] = set()
    meetings: set[int] = set()
    for obj, cls in changed:
        kind = _OWN.get(cls)
        if kind is not None and obj.id is not None:
            targets[kind].add(obj.id)
        elif cls is MinutesVersion and obj.minutes_id is not None:
            targets[EntryKind.MINUTES].add(obj.minutes_id)
        elif cls is AgendaItem and obj.meeting_id is not None:
            # The agenda is part of the meeting's row, an item's kind decides which minutes
            # text is shown to all and which actions are restricted.
            meetings.add(obj.meeting_id)
            if obj.id is not None:
                items.add(obj.id)
    if meetings:
        targets[EntryKind.MEETING] |= meetings
        targets[EntryKind.MINUTES] |= set(
            conn.scalars(select(Minutes.id).where(Minutes.meeting_id.in_(meetings)))
        )
    if items:
        targets[EntryKind.ACTION] |= set(
            conn.scalars(select(Action.id).where(Action.agenda_item_id.in_(items)))
        )
    return targets


def _after_flush(session: Session, flush_context: Any) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    conn = session.connection()
    targets = _targets(conn, _changed(session))
    if any(targets.values()):
        refresh(conn, targets)


_BULK_COLUMNS: dict[type, tuple[str, ...]] = {
    **{cls: ("id",) for cls in _OWN},
    MinutesVersion: ("id", "minutes_id"),
    AgendaItem: ("id", "meeting_id"),
}


def _bulk_change(state: ORMExecuteState) -> Any:
    """An UPDATE or DELETE statement run past the flush (the retention purge rewrites case
    follow-ups' titles so): note which records it touches, run it, rewrite their rows."""
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return None
    cls = state.bind_mapper.class_
    names = _BULK_COLUMNS.get(cls)
    if names is None:
        return None
    touched = select(*(getattr(cls, name) for name in names))
    if state.statement.whereclause is not None:
        touched = touched.where(state.statement.whereclause)
    conn = state.session.connection()
    rows = list(conn.execute(touched))
    result = state.invoke_statement()
    targets = _targets(conn, ((row, cls) for row in rows))
    if any(targets.values()):
        refresh(conn, targets)
    return result


def listen() -> None:
    """Keep the index current on every flush of the application's session, and after every
    bulk UPDATE or DELETE of an indexed record."""
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
    if not event.contains(db.session, "do_orm_execute", _bulk_change):
        event.listen(db.session, "do_orm_execute", _bulk_change)
