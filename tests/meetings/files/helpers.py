"""Synthetic files of each accepted kind, and a PEJ meeting with topics and a case item, shared
by the meeting documents tests."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

import docx
from openpyxl import Workbook

from mcm.meetings.models import AgendaItemKind
from tests.meetings.invitations.helpers import Invitees, build_invitees

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def word(text: str = "Quarterly report (test)") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def excel() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Quarter", "Referrals"])
    workbook.active.append(["Q1", 12])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def macro_word() -> bytes:
    """A Word package that carries a macro project (what a .docm holds)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(word())) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return out.getvalue()


@dataclass
class Scene:
    invitees: Invitees
    topic: int  # "Shelter capacity in winter"
    cases: int  # the case discussions

    @property
    def url(self) -> str:
        return self.invitees.url


def build_scene(
    make_user: Any,
    make_institution: Any,
    make_representative: Any,
    make_meeting: Any,
    make_agenda_item: Any,
) -> Scene:
    """build_invitees' meeting (two topics), with the case discussions as a third item."""
    invitees = build_invitees(
        make_user, make_institution, make_representative, make_meeting, make_agenda_item
    )
    cases = make_agenda_item(invitees.meeting, "Case discussions", kind=AgendaItemKind.CASES)
    return Scene(invitees, topic=cases - 1, cases=cases)


def upload(
    client: Any, scene: Scene, content: bytes, name: str, title: str, item: int | None = None
) -> Any:
    """Post the upload form as the browser does."""
    return client.post(
        f"{scene.url}/files/new",
        {"title": title, "item": str(item or ""), "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
