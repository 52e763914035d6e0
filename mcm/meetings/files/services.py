"""Adding and removing a meeting's documents and the signed scan of its approved minutes: checked
and kept by the core document storage, every change audited."""

from __future__ import annotations

import hashlib

from flask import has_app_context, has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from mcm.core import audit, documents
from mcm.extensions import db
from mcm.meetings.files.queries import signed_minutes_of
from mcm.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingDocument,
    MeetingDocumentKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)

# Meeting documents: scans, Word and Excel files. The signed minutes are a scan.
ACCEPTED = documents.SCAN_TYPES | documents.OFFICE_TYPES
_REMOVED = "mcm_removed_meeting_files"
_WRITTEN = "mcm_written_meeting_files"


class FilesError(Exception):
    """A step the meeting's state does not allow; the message says why, in the user's language."""


def write_file(content: bytes) -> str:
    """Keep a file in the storage; erased again if the transaction is rolled back."""
    stored_name = documents.write(content)
    db.session.info.setdefault(_WRITTEN, []).append(stored_name)
    return stored_name


def _keep(
    meeting: Meeting,
    upload: FileStorage,
    accepted: frozenset[str],
    *,
    kind: MeetingDocumentKind,
    title: str,
    item: AgendaItem | None = None,
) -> MeetingDocument:
    content, content_type = documents.check_upload(upload, accepted)
    document = MeetingDocument(
        mechanism_id=meeting.mechanism_id,
        meeting_id=meeting.id,
        agenda_item_id=item.id if item is not None else None,
        kind=kind,
        title=title.strip(),
        original_name=documents.clean_name(upload.filename or ""),
        stored_name=write_file(content),
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=(
            current_user.id if has_request_context() and current_user.is_authenticated else None
        ),
    )
    db.session.add(document)
    db.session.flush()
    return document


def add_document(
    meeting: Meeting, upload: FileStorage, title: str, item: AgendaItem | None = None
) -> MeetingDocument:
    """Check and keep a document for the meeting as a whole or for one of its agenda items."""
    if meeting.status is MeetingStatus.CANCELLED:
        raise FilesError(_("The meeting was cancelled; no document can be added to it."))
    if item is not None and item.meeting_id != meeting.id:
        raise FilesError(_("Choose an item of this meeting's agenda."))
    document = _keep(
        meeting, upload, ACCEPTED, kind=MeetingDocumentKind.DOCUMENT, title=title, item=item
    )
    # The title and the file name stay out of the log: under a case item they are case content.
    audit.record(
        "meeting_document_added",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        document=document.id,
        item=document.agenda_item_id,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
    )
    return document


def remove_document(document: MeetingDocument) -> None:
    """Take a document off the meeting for good: its file is erased once the removal commits."""
    meeting = db.session.get(Meeting, document.meeting_id)
    audit.record(
        "meeting_document_removed",
        obj=meeting,
        mechanism_id=document.mechanism_id,
        document=document.id,
        item=document.agenda_item_id,
        kind=document.kind.value,
        sha256=document.sha256,
    )
    db.session.info.setdefault(_REMOVED, []).append(document.stored_name)
    db.session.delete(document)
    db.session.flush()


def add_signed_minutes(
    meeting: Meeting, minutes: Minutes | None, upload: FileStorage
) -> MeetingDocument:
    """Keep the signed scan of the approved minutes; a new scan replaces the previous one."""
    if minutes is None or minutes.status is not MinutesStatus.APPROVED:
        raise FilesError(_("The signed scan can be added once the minutes are approved."))
    previous = signed_minutes_of(meeting)
    document = _keep(
        meeting, upload, documents.SCAN_TYPES, kind=MeetingDocumentKind.SIGNED_MINUTES, title=""
    )
    if previous is not None:
        remove_document(previous)
    audit.record(
        "signed_minutes_added",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        document=document.id,
        replaced=previous.id if previous is not None else None,
        sha256=document.sha256,
    )
    return document


@event.listens_for(Session, "after_commit")
def _erase_removed(session: Session) -> None:
    """Erase the files of removed documents only once their removal is committed."""
    session.info.pop(_WRITTEN, None)
    removed: list[str] = session.info.pop(_REMOVED, [])
    if removed and has_app_context():
        for stored_name in removed:
            documents.delete(stored_name)


@event.listens_for(Session, "after_rollback")
def _forget_written(session: Session) -> None:
    """A refused save keeps no file: what it wrote is erased, what it removed stays."""
    session.info.pop(_REMOVED, None)
    written: list[str] = session.info.pop(_WRITTEN, [])
    if written and has_app_context():
        for stored_name in written:
            documents.delete(stored_name)
