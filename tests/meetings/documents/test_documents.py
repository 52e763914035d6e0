"""Word documents of a meeting: read back with python-docx, and converted to PDF by headless
LibreOffice Writer, as Word and LibreOffice users will open them."""

from __future__ import annotations

import io
import subprocess
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.meetings.models import (
    Action,
    AgendaItemKind,
    Attendance,
    Meeting,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    Presence,
)
from tests.meetings.invitations.helpers import build_invitees

SOFFICE_PATHS = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def scene(make_user, make_institution, make_representative, make_meeting, make_agenda_item):
    return build_invitees(
        make_user, make_institution, make_representative, make_meeting, make_agenda_item
    )


@pytest.fixture
def minutes_of(app, make_agenda_item):
    """Give the scene's meeting a case item, minutes, attendance and actions."""

    def make(scene, status: MinutesStatus = MinutesStatus.CIRCULATED) -> int:
        cases = make_agenda_item(scene.meeting, "Case discussions", kind=AgendaItemKind.CASES)
        with app.app_context():
            meeting = db.session.get(Meeting, scene.meeting)
            topic = _items(meeting)[-2]  # "Shelter capacity in winter"
            minutes = Minutes(meeting_id=meeting.id, status=status)
            db.session.add(minutes)
            db.session.flush()
            version = MinutesVersion(
                minutes_id=minutes.id,
                number=1,
                content={
                    str(topic.id): {
                        "summary": "Beds are short from December.\nThe CSW counted demand.",
                        "decisions": "Ask the ministry for ten more beds.",
                    },
                    str(cases): {"summary": "Case PEJ-2026-014 discussed.", "decisions": ""},
                },
            )
            db.session.add(version)
            db.session.flush()
            minutes.current_version_id = version.id
            db.session.add_all(
                [
                    Attendance(
                        meeting_id=meeting.id,
                        institution_id=scene.police,
                        presence=Presence.PRESENT,
                        represented_by="Police Deputy (test)",
                        arrived_late=True,
                    ),
                    Attendance(
                        meeting_id=meeting.id,
                        institution_id=scene.csw,
                        presence=Presence.EXCUSED,
                    ),
                    Action(
                        mechanism_id=meeting.mechanism_id,
                        meeting_id=meeting.id,
                        agenda_item_id=topic.id,
                        title="Write to the ministry about beds",
                        responsible_institution_id=scene.csw,
                        due_on=date.today() + timedelta(days=14),
                    ),
                    Action(
                        mechanism_id=meeting.mechanism_id,
                        meeting_id=meeting.id,
                        agenda_item_id=cases,
                        title="Weekly visit for case PEJ-2026-014",
                        responsible_institution_id=scene.police,
                        due_on=date.today() + timedelta(days=7),
                    ),
                ]
            )
            db.session.commit()
            return minutes.id

    return make


def _items(meeting: Meeting):
    from mcm.meetings.messages import agenda_of

    return agenda_of(meeting)


def _open(response) -> docx.document.Document:
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return docx.Document(io.BytesIO(response.data))


def _headings(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _check_layout(document, title: str, municipality: str = "Peja") -> None:
    """Title, page header and page numbers: what every document of mcm has."""
    assert _headings(document, "Title") == [title]
    assert title in document.core_properties.title
    section = document.sections[0]
    assert f"Municipality of {municipality}" in section.header.paragraphs[0].text
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "fldChar" in footer
    for table in document.tables[:-1]:
        header_row = table.rows[0]._tr.xml
        assert "tblHeader" in header_row  # repeated on every page


def test_the_invitation_lists_the_agenda(client, scene) -> None:
    client.login_user(scene.member)
    document = _open(client.get(f"{scene.url}/invitation.docx"))
    _check_layout(document, "Invitation")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Municipal hall, room 3" in text
    assert _headings(document, "Heading 1") == ["Agenda"]
    agenda = _rows(document.tables[0])
    assert agenda[0] == ["No.", "Item", "Presented by", "Duration"]
    assert agenda[1][:2] == ["1", "Approval of the previous minutes"]
    assert agenda[2] == ["2", "Shelter capacity in winter", "", "30 min"]
    assert "Coordinator of the mechanism" in _rows(document.tables[-1])[0][0]


def test_the_attendance_sheet_has_a_line_to_sign_per_representative(client, scene) -> None:
    client.login_user(scene.coordinator)
    document = _open(client.get(f"{scene.url}/attendance-sheet.docx"))
    _check_layout(document, "Attendance sheet")
    rows = _rows(document.tables[0])
    assert rows[0] == ["No.", "Institution", "Representative", "Signature"]
    assert ["Centre for Social Work Peja (test)", "CSW Representative (test)", ""] in [
        r[1:] for r in rows
    ]
    assert ["Police Station Peja (test)", "Police Deputy (test) (deputy)", ""] in [
        r[1:] for r in rows
    ]
    assert ["Safe House Peja (test)", "Shelter Representative (test)", ""] in [r[1:] for r in rows]
    assert rows[-1][1:] == ["", "", ""]  # blank lines for anyone else


def test_the_full_minutes_have_attendance_decisions_actions_and_signatures(
    app, client, scene, minutes_of
) -> None:
    minutes_of(scene)
    client.login_user(scene.coordinator)
    document = _open(client.get(f"{scene.url}/minutes.docx"))  # coordinators: full by default
    _check_layout(document, "Minutes")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Full version, restricted" in text
    assert _headings(document, "Heading 1") == [
        "Attendance",
        "Agenda items and decisions",
        "Actions",
        "Signatures",
    ]
    assert _headings(document, "Heading 2") == [
        "1. Approval of the previous minutes",
        "2. Shelter capacity in winter",
        "3. Case discussions",
    ]
    assert "Beds are short from December." in text and "The CSW counted demand." in text
    assert "Ask the ministry for ten more beds." in text
    assert "Case PEJ-2026-014 discussed." in text
    attendance, actions, signatures = document.tables
    assert _rows(attendance)[1:] == [
        ["Centre for Social Work Peja (test)", "Excused", ""],
        ["Police Station Peja (test)", "Present (arrived late)", "Police Deputy (test)"],
    ]
    assert [r[:3] for r in _rows(actions)[1:]] == [
        ["2", "Write to the ministry about beds", "Centre for Social Work Peja (test)"],
        ["3", "Weekly visit for case PEJ-2026-014", "Police Station Peja (test)"],
    ]
    assert _rows(signatures)[0] == [
        "Prepared by (coordinator)",
        "Approved by (chair of the meeting)",
    ]
    with app.app_context():  # who took the restricted minutes away is on record
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "minutes_downloaded")
        )
        assert entry.actor_id == scene.coordinator and entry.details["version"] == "full"


def test_members_get_the_summary_without_the_cases(client, scene, minutes_of) -> None:
    minutes_of(scene)
    client.login_user(scene.member)
    document = _open(client.get(f"{scene.url}/minutes.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Summary version" in text
    assert "PEJ-2026-014" not in text and "3. Case discussions" not in text
    actions = _rows(document.tables[1])
    assert all("PEJ-2026-014" not in cell for row in actions for cell in row)
    assert client.get(f"{scene.url}/minutes.docx?version=full").status_code == 403
    assert client.get(f"{scene.url}/minutes.docx?version=other").status_code == 404


def test_draft_minutes_are_the_coordinators_only(client, client_factory, scene, minutes_of) -> None:
    minutes_of(scene, MinutesStatus.DRAFT)
    client.login_user(scene.member)
    assert client.get(f"{scene.url}/minutes.docx").status_code == 404
    coordinator = client_factory()
    coordinator.login_user(scene.coordinator)
    assert coordinator.get(f"{scene.url}/minutes.docx?version=summary").status_code == 200


def test_no_minutes_no_document(client, scene) -> None:
    client.login_user(scene.coordinator)
    assert client.get(f"{scene.url}/minutes.docx").status_code == 404


def test_documents_are_in_the_meetings_language(app, client, scene) -> None:
    with app.app_context():
        db.session.get(Meeting, scene.meeting).language = "sq"
        db.session.commit()
    client.login_user(scene.coordinator)  # her pages are in English; the document is not
    document = _open(client.get(f"{scene.url}/invitation.docx"))
    assert "Pejë" in document.sections[0].header.paragraphs[0].text
    assert document.core_properties.language == "sq-AL"


def test_another_mechanisms_meeting_is_not_found(client, make_user, make_meeting) -> None:
    theirs = make_meeting("FER")
    client.login_user(make_user("coordinator", "PEJ"))
    for name in ("invitation.docx", "attendance-sheet.docx", "minutes.docx"):
        assert client.get(f"/m/PEJ/meetings/{theirs}/{name}").status_code == 404


def _soffice() -> str | None:
    return next((path for path in SOFFICE_PATHS if Path(path).exists()), None)


def test_libreoffice_converts_every_document_to_pdf(client, scene, minutes_of, tmp_path) -> None:
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    minutes_of(scene)
    client.login_user(scene.coordinator)
    names = {
        "invitation": "invitation.docx",
        "sheet": "attendance-sheet.docx",
        "full": "minutes.docx?version=full",
        "summary": "minutes.docx?version=summary",
    }
    sources = []
    for name, url in names.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(client.get(f"{scene.url}/{url}").data)
        sources.append(str(path))
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *sources,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    for name in names:
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        assert pdf.exists(), result.stdout + result.stderr
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert pdf.stat().st_size > 5000


def test_the_meeting_page_offers_the_documents_each_user_may_have(
    client, client_factory, scene, minutes_of
) -> None:
    coordinator = client_factory()
    coordinator.login_user(scene.coordinator)
    html = coordinator.get(scene.url).get_data(as_text=True)
    assert f"/m/PEJ/meetings/{scene.meeting}/invitation.docx" in html
    assert f"/m/PEJ/meetings/{scene.meeting}/attendance-sheet.docx" in html
    assert "minutes.docx" not in html  # no minutes yet
    minutes_of(scene)
    html = coordinator.get(scene.url).get_data(as_text=True)
    assert "minutes.docx?version=full" in html and "minutes.docx?version=summary" in html
    client.login_user(scene.member)
    html = client.get(scene.url).get_data(as_text=True)
    assert "minutes.docx?version=summary" in html and "version=full" not in html
