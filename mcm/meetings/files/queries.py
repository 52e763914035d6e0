"""What the meeting's documents pages read: the documents in agenda order, filtered by who may
see each agenda item's documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import abort
from sqlalchemy import select

from mcm.extensions import db
from mcm.meetings.messages import agenda_of
from mcm.meetings.models import AgendaItem, Meeting, MeetingDocument, MeetingDocumentKind
from mcm.meetings.policy import can_see_item_documents, documents_for_institutions


@dataclass
class Group:
    """The documents of the meeting as a whole (item None) or of one agenda item."""

    item: AgendaItem | None
    number: int  # the item's number on the agenda, 0 for the meeting as a whole
    documents: list[MeetingDocument] = field(default_factory=list)


def documents_of(meeting: Meeting) -> list[MeetingDocument]:
    """The meeting's documents (not the signed minutes), oldest first."""
    return list(
        db.session.scalars(
            select(MeetingDocument)
            .where(
                MeetingDocument.meeting_id == meeting.id,
                MeetingDocument.kind == MeetingDocumentKind.DOCUMENT,
            )
            .order_by(MeetingDocument.uploaded_at, MeetingDocument.id)
        )
    )


def _groups(meeting: Meeting, shown: Callable[[AgendaItem | None], bool]) -> list[Group]:
    """The meeting's documents first, then each item's in agenda order; only the groups shown."""
    agenda = agenda_of(meeting)
    groups = [Group(None, 0)] + [Group(item, n) for n, item in enumerate(agenda, 1)]
    by_item = {group.item.id if group.item else None: group for group in groups}
    for document in documents_of(meeting):
        group = by_item.get(document.agenda_item_id)
        if group is not None:
            group.documents.append(document)
    return [group for group in groups if shown(group.item)]


def visible_groups(meeting: Meeting, user: Any) -> list[Group]:
    """The groups of documents this user may see, empty ones included (for the upload form)."""
    return _groups(meeting, lambda item: can_see_item_documents(user, meeting, item))


def institution_groups(meeting: Meeting) -> list[Group]:
    """The groups of documents that go to the member institutions by e-mail."""
    return _groups(meeting, documents_for_institutions)


def visible_document(meeting: Meeting, document_id: int, user: Any) -> MeetingDocument:
    """One document of the meeting this user may see; anything else is a 404."""
    document = db.session.get(MeetingDocument, document_id)
    if (
        document is None
        or document.meeting_id != meeting.id
        or document.kind is not MeetingDocumentKind.DOCUMENT
        or not can_see_item_documents(user, meeting, document.agenda_item)
    ):
        abort(404)
    return document


def signed_minutes_of(meeting: Meeting) -> MeetingDocument | None:
    """The signed scan of the meeting's approved minutes, if one was added."""
    return db.session.scalar(
        select(MeetingDocument).where(
            MeetingDocument.meeting_id == meeting.id,
            MeetingDocument.kind == MeetingDocumentKind.SIGNED_MINUTES,
        )
    )


def items_with_documents(item_ids: list[int]) -> bool:
    """Whether any of these agenda items carries a document (it cannot be removed then)."""
    if not item_ids:
        return False
    found = db.session.scalar(
        select(MeetingDocument.id).where(MeetingDocument.agenda_item_id.in_(item_ids)).limit(1)
    )
    return found is not None
