"""What a search finds for the signed-in user: the best-ranked rows she may see, each with its
page, a heading and an excerpt with the words found marked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mcm.cases.models import Case
from mcm.core.i18n import datetime_format
from mcm.core.labels import meeting_kind_label
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.meetings.models import Action, Meeting, Minutes
from mcm.plans.models import PlanActivity
from mcm.search import fts
from mcm.search.folding import query_tokens
from mcm.search.highlight import highlight
from mcm.search.models import EntryAudience, EntryKind, SearchEntry
from mcm.search.policy import findable, may_see

LIMIT = 20
EXCERPT = 220
KIND_LABELS = {
    EntryKind.MEETING: _l("Meeting"),
    EntryKind.MINUTES: _l("Minutes"),
    EntryKind.ACTION: _l("Action"),
    EntryKind.ACTIVITY: _l("Action plan activity"),
    EntryKind.INSTITUTION: _l("Member institution"),
    EntryKind.CASE: _l("Case"),
}
MODELS: dict[EntryKind, Any] = {
    EntryKind.MEETING: Meeting,
    EntryKind.MINUTES: Minutes,
    EntryKind.ACTION: Action,
    EntryKind.ACTIVITY: PlanActivity,
    EntryKind.INSTITUTION: Institution,
    EntryKind.CASE: Case,
}


@dataclass
class Result:
    """One record found, as the results page lists it."""

    kind: EntryKind
    kind_label: str
    heading: Markup
    excerpt: Markup
    url: str
    mechanism: str


@dataclass
class Found:
    """The answer to one search."""

    tokens: list[str]
    results: list[Result] = field(default_factory=list)
    more: bool = False  # more rows matched than are listed


def _rows(user: Any, tokens: list[str]) -> list[Any]:
    base = select(
        SearchEntry.kind,
        SearchEntry.record_id,
        SearchEntry.mechanism_id,
        SearchEntry.audience,
        SearchEntry.title,
        SearchEntry.body,
    ).where(findable(user))
    dialect = db.session.get_bind().dialect.name
    stmt, score = fts.match(base, SearchEntry.id, tokens, dialect)
    stmt = stmt.add_columns(score.label("score"))
    return list(db.session.execute(stmt.order_by(score.desc(), SearchEntry.id).limit(LIMIT + 1)))


def _records(rows: list[Any]) -> dict[tuple[EntryKind, int], Any]:
    """The records behind the rows, one query per kind."""
    wanted: dict[EntryKind, set[int]] = defaultdict(set)
    for row in rows:
        wanted[row.kind].add(row.record_id)
    records: dict[tuple[EntryKind, int], Any] = {}
    for kind, ids in wanted.items():
        model = MODELS[kind]
        stmt = select(model).where(model.id.in_(ids))
        if kind in (EntryKind.MINUTES, EntryKind.ACTION):
            stmt = stmt.options(joinedload(model.meeting))  # the heading and the access check
        for record in db.session.scalars(stmt):
            records[kind, record.id] = record
    return records


def _page(kind: EntryKind, record: Any, code: str) -> str:
    if kind is EntryKind.MEETING:
        return url_for("meetings.detail", mechanism_code=code, meeting_id=record.id)
    if kind is EntryKind.MINUTES:
        return url_for("meetings.minutes", mechanism_code=code, meeting_id=record.meeting_id)
    if kind is EntryKind.ACTION:
        return url_for("meetings.action", mechanism_code=code, action_id=record.id)
    if kind is EntryKind.ACTIVITY:
        return url_for("plans.plan", mechanism_code=code, plan_id=record.plan_id)
    if kind is EntryKind.INSTITUTION:
        return url_for("mechanisms.institution", mechanism_code=code, institution_id=record.id)
    return url_for("cases.detail", mechanism_code=code, case_id=record.id)


def _heading(kind: EntryKind, record: Any, row: Any, tokens: list[str]) -> Markup:
    if kind is EntryKind.MEETING:
        when = datetime_format(record.starts_at)
        return Markup("{} · {}").format(meeting_kind_label(record.kind), when)
    if kind is EntryKind.MINUTES:
        when = datetime_format(record.meeting.starts_at)
        return Markup("{}").format(_("Minutes of the meeting of %(date)s", date=when))
    return highlight(row.title, tokens)


def _excerpt(kind: EntryKind, row: Any, tokens: list[str]) -> Markup:
    if kind is EntryKind.MEETING:
        parts = [highlight(row.title, tokens)] if row.title else []
        if row.body:
            parts.append(highlight(row.body.replace("\n", " · "), tokens, EXCERPT))
        return Markup(" — ").join(parts)
    return highlight(row.body.replace("\n", " · "), tokens, EXCERPT) if row.body else Markup("")


def search(user: Any, query: str) -> Found:
    """The records matching every word of the query that the user may open, best first."""
    found = Found(tokens=query_tokens(query))
    if not found.tokens:
        return found
    rows = _rows(user, found.tokens)
    found.more = len(rows) > LIMIT
    rows = rows[:LIMIT]
    records = _records(rows)
    for row in rows:
        record = records.get((row.kind, row.record_id))
        mechanism = db.session.get(Mechanism, row.mechanism_id)
        restricted = row.audience is EntryAudience.RESTRICTED
        if record is None or mechanism is None:
            continue
        if not may_see(user, row.kind, record, mechanism, restricted):
            continue
        found.results.append(
            Result(
                kind=row.kind,
                kind_label=str(KIND_LABELS[row.kind]),
                heading=_heading(row.kind, record, row, found.tokens),
                excerpt=_excerpt(row.kind, row, found.tokens),
                url=_page(row.kind, record, mechanism.code),
                mechanism=mechanism.municipality.name,
            )
        )
    return found
