"""The search index: one row per findable record, rewritten whenever the record changes.

It holds copies of text the privacy guard already checked on the records themselves, folded for
matching, and what deciding access needs without opening the record: the mechanism, who may see
the row (the audience) and, for restricted rows, the institution that may. The database's own
full-text index sits on the folded columns (mcm.search.fts): SQLite FTS5, PostgreSQL tsvector."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mcm.core.db import enum_column
from mcm.extensions import db


class EntryKind(enum.StrEnum):
    MEETING = "meeting"
    MINUTES = "minutes"
    ACTION = "action"
    ACTIVITY = "activity"
    INSTITUTION = "institution"
    CASE = "case"


class EntryAudience(enum.StrEnum):
    MECHANISM = "mechanism"  # every coordinator and member of the mechanism
    RESTRICTED = "restricted"  # its coordinators and the one institution named on the row
    CASE = "case"  # need to know: its coordinators and the institutions involved in the case


class SearchEntry(db.Model):
    __tablename__ = "search_entries"
    __table_args__ = (UniqueConstraint("kind", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EntryKind] = mapped_column(enum_column(EntryKind, 20))
    record_id: Mapped[int]
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    audience: Mapped[EntryAudience] = mapped_column(enum_column(EntryAudience, 20))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    title: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    folded_title: Mapped[str] = mapped_column(Text, default="")
    folded_body: Mapped[str] = mapped_column(Text, default="")
