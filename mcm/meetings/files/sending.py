"""Sending the meeting pack to the member institutions' representatives through the outbox:
attached when small enough, otherwise a link to the meeting page. The pack sent by e-mail never
holds a case item's documents."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from mcm.core import audit, outbox_service
from mcm.core.i18n import day_format
from mcm.meetings.documents.exports import invitation_document
from mcm.meetings.files.exports import Entry, entries
from mcm.meetings.files.queries import institution_groups
from mcm.meetings.files.services import FilesError, write_file
from mcm.meetings.invitations.services import current_addresses, current_institutions
from mcm.meetings.messages import in_language, languages_of, meeting_link, municipality_name
from mcm.meetings.models import Meeting, MeetingStatus


def attach_limit() -> int:
    """The largest pack, in bytes, that goes as attachments."""
    return int(current_app.config["MCM_PACK_ATTACH_MB"] * 1024 * 1024)


def _attachments(found: list[Entry], agenda_stored: str) -> list[dict[str, str]]:
    return [
        {
            "filename": entry.filename,
            "content_type": entry.content_type,
            "stored_name": entry.document.stored_name if entry.document else agenda_stored,
        }
        for entry in found
    ]


def _compose(meeting: Meeting, found: list[Entry], attached: bool, language: str) -> tuple:
    name = municipality_name(meeting, language)
    subject = _(
        "Meeting pack: mechanism meeting, %(municipality)s, %(date)s",
        municipality=name,
        date=day_format(meeting.starts_at, "long"),
    )
    listing = "\n".join(f"- {entry.filename}" for entry in found)
    if attached:
        body = _(
            "The documents for the meeting of the coordination mechanism of %(municipality)s "
            "are attached, in the order of the agenda:\n\n%(listing)s\n\nThe meeting's page:\n"
            "%(link)s",
            municipality=name,
            listing=listing,
            link=meeting_link(meeting),
        )
    else:
        body = _(
            "The documents for the meeting of the coordination mechanism of %(municipality)s "
            "are too large to send by e-mail. Sign in and download the meeting pack on the "
            "meeting's page:\n%(link)s\n\nIt holds, in the order of the agenda:\n\n%(listing)s",
            municipality=name,
            listing=listing,
            link=meeting_link(meeting),
        )
    return subject, body


def send_pack(meeting: Meeting, addresses: list[str] | None = None) -> int:
    """Queue the pack to the given addresses (by default every current representative of the
    member institutions); returns how many messages were queued."""
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.INVITED, MeetingStatus.HELD):
        raise FilesError(_("The meeting was cancelled; its pack is not sent."))
    if addresses is None:
        found = current_addresses(current_institutions(meeting.mechanism_id))
        addresses = list(dict.fromkeys(a for group in found.values() for a in group))
    if not addresses:
        raise FilesError(_("No current representative has an e-mail address: nobody can get it."))
    groups = institution_groups(meeting)
    languages = languages_of(addresses, meeting.language)
    by_language: dict[str, list[Entry]] = {}
    agenda = invitation_document(meeting)  # in the meeting's language, whoever reads it
    for language in set(languages.values()):
        with in_language(language):
            by_language[language] = entries(meeting, groups, agenda)
    first = next(iter(by_language.values()))
    total = sum(entry.size for entry in first)
    attached = total <= attach_limit()
    # The agenda as it stood when the pack was sent: one stored copy read by every message.
    agenda_stored = write_file(first[0].content or b"") if attached else ""
    for address in addresses:
        language = languages[address]
        found = by_language[language]
        with in_language(language):
            subject, body = _compose(meeting, found, attached, language)
        outbox_service.queue(
            address,
            subject,
            body,
            kind="pack",
            mechanism_id=meeting.mechanism_id,
            meeting_id=meeting.id,
            attachments=_attachments(found, agenda_stored) if attached else None,
        )
    audit.record(
        "meeting_pack_sent",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        messages=len(addresses),
        attached=attached,
        documents=[entry.document.id for entry in first if entry.document is not None],
        size=total,
    )
    return len(addresses)
