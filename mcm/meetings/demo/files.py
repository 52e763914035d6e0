"""The demo's meeting documents: invented reports, a spreadsheet and a presentation handout on
the coming meeting of a few mechanisms, a case-discussion note only their coordinators see, a
handout on the meeting whose minutes are in review, and the signed scan of the latest approved
minutes. Nothing in them is real."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from openpyxl import Workbook
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from mcm.core.db import utcnow
from mcm.extensions import db
from mcm.mechanisms.demo import MINIMAL_PDF
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.files import services
from mcm.meetings.files.queries import documents_of, signed_minutes_of
from mcm.meetings.messages import agenda_of
from mcm.meetings.models import AgendaItemKind, Meeting, MeetingStatus, Minutes, MinutesStatus

MECHANISMS = ("PEJ", "FER", "FKO")


def _word(title: str, lines: list[str]) -> bytes:
    document = docx.Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _sheet() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Raportimet"
    sheet.append(["Tremujori", "Raportime", "Urdhra mbrojtjeje", "Vendosje në strehimore"])
    for row in (["T1", 14, 5, 2], ["T2", 11, 4, 3], ["T3", 17, 6, 2], ["T4", 12, 3, 1]):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(content: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=filename)


def _coming(mechanism_id: int) -> Meeting | None:
    return db.session.scalar(
        select(Meeting)
        .where(
            Meeting.mechanism_id == mechanism_id,
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.INVITED)),
            Meeting.starts_at >= utcnow(),
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def _pack(meeting: Meeting) -> int:
    """Documents for the meeting as a whole, its first topic and its case discussions."""
    if documents_of(meeting):
        return 0
    items = agenda_of(meeting)
    topic = next((i for i in items if i.kind is AgendaItemKind.TOPIC), None)
    cases = next((i for i in items if i.kind is AgendaItemKind.CASES), None)
    report = _word(
        "Raporti tremujor i mekanizmit (shembull)",
        ["Teksti është i shpikur për demonstrim.", "Takimet, veprimet dhe ecuria e planit."],
    )
    services.add_document(meeting, _upload(report, "raporti-tremujor.docx"), "Raporti tremujor")
    added = 1
    if topic is not None:
        services.add_document(meeting, _upload(_sheet(), "te-dhenat.xlsx"), "Të dhënat", topic)
        services.add_document(
            meeting, _upload(MINIMAL_PDF, "prezantimi.pdf"), "Prezantimi (fletë)", topic
        )
        added += 2
    if cases is not None:
        note = _word("Shënim për rastet (shembull)", ["Vetëm kodet e rasteve, p.sh. PEJ-2026-001."])
        services.add_document(meeting, _upload(note, "shenim-rastet.docx"), "Shënim", cases)
        added += 1
    return added


def _reviewed(mechanism_id: int) -> int:
    """A handout on the meeting whose minutes the members are reviewing."""
    meeting = db.session.scalar(
        select(Meeting)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Meeting.mechanism_id == mechanism_id, Minutes.status == MinutesStatus.CIRCULATED)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    if meeting is None or documents_of(meeting):
        return 0
    services.add_document(meeting, _upload(MINIMAL_PDF, "prezantimi-qps.pdf"), "Prezantimi i QPS")
    return 1


def _signed(mechanism_id: int) -> int:
    """The signed scan of the mechanism's latest approved minutes."""
    minutes = db.session.scalar(
        select(Minutes)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Meeting.mechanism_id == mechanism_id, Minutes.status == MinutesStatus.APPROVED)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    if minutes is None or signed_minutes_of(minutes.meeting) is not None:
        return 0
    services.add_signed_minutes(
        minutes.meeting, minutes, _upload(MINIMAL_PDF, "procesverbali-i-nenshkruar.pdf")
    )
    return 1


def load_files_demo() -> Iterator[str]:
    """Give a few demo meetings their documents, once; yields what it did."""
    added = signed = 0
    for code in MECHANISMS:
        mechanism = mechanism_by_code(code)
        if mechanism is None:
            continue
        meeting = _coming(mechanism.id)
        if meeting is not None:
            added += _pack(meeting)
        added += _reviewed(mechanism.id)
        signed += _signed(mechanism.id)
    db.session.commit()
    yield f"meeting documents: {added} documents, {signed} signed minutes"
