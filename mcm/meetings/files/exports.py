"""The meeting pack: the invitation with the agenda (the Word document, first), then the
meeting's documents, then each agenda item's in item order, under numbered, safe file names.

A ZIP rather than one PDF: the documents are Word, Excel, PDF and images, and a spreadsheet
turned into PDF pages loses its columns and its formulas; converting every file would make each
download wait on LibreOffice. The ZIP keeps each file as it was uploaded and costs no conversion.
Its entries are stored, not compressed: PDF, JPEG, PNG, DOCX and XLSX are compressed already."""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from flask_babel import gettext as _

from mcm.core import documents
from mcm.meetings.documents.exports import invitation_document
from mcm.meetings.files.queries import Group
from mcm.meetings.models import Meeting, MeetingDocument

# Characters no file system takes in a name, and control characters.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
NAME_LENGTH = 120  # without the number and the ending: well under every file system's limit


@dataclass
class Entry:
    """One file of the pack: its numbered name and where its content is."""

    filename: str
    content_type: str
    size: int
    document: MeetingDocument | None = None  # None: the agenda, made when the pack is
    content: bytes | None = None


def safe_name(text: str) -> str:
    """A title as a file name on any system: no folder parts, reserved or control characters,
    no leading dots or trailing spaces, and not too long."""
    name = unicodedata.normalize("NFC", text)
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"\s+", " ", name).strip(" .-")
    return name[:NAME_LENGTH].rstrip(" .-") or _("document")


def _numbered(number: int, label: str, content_type: str) -> str:
    return f"{number:02d} {safe_name(label)}{documents.extension_for(content_type)}"


def entries(meeting: Meeting, groups: list[Group], agenda: bytes | None = None) -> list[Entry]:
    """The pack's files in order, named in the current language (the agenda, in the meeting's
    language, made here unless given)."""
    agenda = agenda if agenda is not None else invitation_document(meeting)
    found = [
        Entry(
            _numbered(1, _("Invitation and agenda"), documents.DOCX),
            documents.DOCX,
            len(agenda),
            content=agenda,
        )
    ]
    for group in groups:
        for document in group.documents:
            label = document.title
            if group.item is not None:
                label = _("Item %(n)d - %(title)s", n=group.number, title=document.title)
            found.append(
                Entry(
                    _numbered(len(found) + 1, label, document.content_type),
                    document.content_type,
                    document.size,
                    document=document,
                )
            )
    return found


def content_of(entry: Entry) -> bytes:
    """An entry's bytes: the agenda as made, a document from the storage."""
    if entry.content is not None:
        return entry.content
    assert entry.document is not None
    return documents.read(entry.document.stored_name)


def pack_zip(found: list[Entry]) -> IO[bytes]:
    """The pack as a ZIP in a temporary file (in memory while small), positioned at its start."""
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
        for entry in found:
            try:
                archive.writestr(entry.filename, content_of(entry))
            except FileNotFoundError:  # removed while the pack was being made
                continue
    spool.seek(0)
    return spool
