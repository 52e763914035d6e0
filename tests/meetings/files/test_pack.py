"""The meeting pack as downloaded: a ZIP with the invitation and agenda first (a Word document
python-docx opens), then the meeting's documents, then each item's in agenda order, under
numbered, safe names."""

from __future__ import annotations

import io
import zipfile

import docx
from sqlalchemy import select

from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.meetings.files.exports import safe_name
from tests.meetings.files.helpers import PDF, excel, upload, word


def _pack(client, scene) -> zipfile.ZipFile:
    response = client.get(f"{scene.url}/pack.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_the_pack_follows_the_agenda(app, client, scene, make_agenda_item) -> None:
    first_topic = scene.topic - 1  # "Approval of the previous minutes", item 1
    client.login_user(scene.invitees.coordinator)
    # Uploaded out of order: the pack orders by the agenda, then by upload within an item.
    upload(client, scene, excel(), "beds.xlsx", "Shelter beds", scene.topic)
    upload(client, scene, word(), "draft.docx", "Previous minutes", first_topic)
    upload(client, scene, PDF, "overview.pdf", "Quarterly overview")
    upload(client, scene, PDF, "note.pdf", "Case note", scene.cases)
    upload(client, scene, PDF, "costs.pdf", "Shelter costs: winter/2026?", scene.topic)
    with _pack(client, scene) as pack:
        names = pack.namelist()
        agenda = docx.Document(io.BytesIO(pack.read(names[0])))
        beds = pack.read(names[3])
    assert names == [
        "01 Invitation and agenda.docx",
        "02 Quarterly overview.pdf",
        "03 Item 1 - Previous minutes.docx",
        "04 Item 2 - Shelter beds.xlsx",
        "05 Item 2 - Shelter costs- winter-2026.pdf",
        "06 Item 3 - Case note.pdf",
    ]
    assert beds[:4] == b"PK\x03\x04"
    titles = [row.cells[1].text for row in agenda.tables[0].rows[1:]]
    assert titles == [
        "Approval of the previous minutes",
        "Shelter capacity in winter",
        "Case discussions",
    ]
    with app.app_context():
        assert "meeting_pack_downloaded" in db.session.scalars(select(AuditEntry.action)).all()


def test_a_pack_without_documents_holds_the_agenda(client, scene) -> None:
    client.login_user(scene.invitees.member)
    with _pack(client, scene) as pack:
        assert pack.namelist() == ["01 Invitation and agenda.docx"]


def test_safe_names_hold_no_folders_or_reserved_characters() -> None:
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name('a<b>c:"d"|e?*') == "a-b-c-d-e"
    assert safe_name("Fushë Kosovë\x00\n report ") == "Fushë Kosovë- report"
    assert len(safe_name("x" * 500)) == 120
