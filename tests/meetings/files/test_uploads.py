"""Uploading documents to a meeting or an agenda item through the pages: each accepted kind is
kept and downloads as uploaded; a wrong content, an oversized or empty file and a file named
after a person are refused with a clear message, the typed title kept; removal is audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.meetings.models import MeetingDocument
from tests.conftest import text_of
from tests.meetings.files.helpers import JPEG, PDF, PNG, excel, macro_word, upload, word

KINDS = [
    (PDF, "report.pdf", "application/pdf"),
    (
        word(),
        "report.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (excel(), "figures.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (PNG, "chart.png", "image/png"),
    (JPEG, "photo.jpg", "image/jpeg"),
]


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(MeetingDocument.id)))


@pytest.mark.parametrize(("content", "name", "content_type"), KINDS)
def test_each_accepted_kind_is_kept_and_downloads_as_uploaded(
    app, client, scene, content, name, content_type
) -> None:
    client.login_user(scene.invitees.coordinator)
    response = upload(client, scene, content, name, "Quarterly report", scene.topic)
    assert response.status_code == 302
    page = client.get(scene.url)
    assert "Quarterly report" in text_of(page)
    link = re.search(rf'href="({scene.url}/files/\d+)"', page.get_data(as_text=True)).group(1)
    download = client.get(link)
    assert download.status_code == 200
    assert download.mimetype == content_type
    assert download.data == content
    assert name in download.headers["Content-Disposition"]


def test_the_content_decides_not_the_name(app, client, scene) -> None:
    """A PDF named .docx is a PDF: accepted, served as a PDF with a .pdf name."""
    client.login_user(scene.invitees.coordinator)
    assert upload(client, scene, PDF, "minutes.docx", "Scan").status_code == 302
    with app.app_context():
        document = db.session.scalar(select(MeetingDocument))
        assert document.content_type == "application/pdf"
        document_id = document.id
    download = client.get(f"{scene.url}/files/{document_id}")
    assert download.mimetype == "application/pdf"
    assert "minutes.pdf" in download.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 a program", "report.pdf", "Only PDF, Word (.docx), Excel (.xlsx), PNG"),
        (b"<html><script>", "report.docx", "Only PDF, Word (.docx), Excel (.xlsx), PNG"),
        (macro_word(), "report.docx", "Only PDF, Word (.docx), Excel (.xlsx), PNG"),
        (b"PK\x03\x04 not really a zip", "figures.xlsx", "Only PDF, Word (.docx), Excel"),
        (b"", "empty.pdf", "The file is empty."),
        (PDF, "Arta_Berisha.pdf", "The file name contains personal data"),
        (PDF, "Report 044 123 456.pdf", "The file name contains personal data"),
    ],
)
def test_a_refused_file_says_why_and_keeps_the_title(
    app, client, scene, content, name, message
) -> None:
    client.login_user(scene.invitees.coordinator)
    response = upload(client, scene, content, name, "Quarterly report", scene.topic)
    assert response.status_code == 200
    assert message in text_of(response)
    assert 'value="Quarterly report"' in response.get_data(as_text=True)
    assert _count(app) == 0


def test_an_oversized_file_is_refused_with_the_limit(app, client, scene, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MCM_MAX_UPLOAD_MB", 1)
    client.login_user(scene.invitees.coordinator)
    big = PDF + b"0" * (1024 * 1024 + 10)
    response = upload(client, scene, big, "big.pdf", "Quarterly report")
    assert "larger than 1 MB" in text_of(response)
    assert _count(app) == 0


def test_a_title_is_needed_and_personal_data_in_it_is_refused(app, client, scene) -> None:
    client.login_user(scene.invitees.coordinator)
    response = upload(client, scene, PDF, "report.pdf", "")
    assert "Please fill in this field." in text_of(response)
    response = upload(client, scene, PDF, "report.pdf", "Call 044 123 456")
    assert response.status_code == 200 and _count(app) == 0


def test_removing_a_document_erases_it_and_is_audited(app, client, scene) -> None:
    client.login_user(scene.invitees.coordinator)
    upload(client, scene, PDF, "report.pdf", "Quarterly report")
    with app.app_context():
        document_id = db.session.scalar(select(MeetingDocument.id))
    url = f"{scene.url}/files/{document_id}"
    assert client.post(f"{url}/remove").status_code == 302
    assert client.get(url).status_code == 404
    assert "Quarterly report" not in text_of(client.get(scene.url))
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "meeting_document_added" in actions and "meeting_document_removed" in actions


def test_an_item_with_documents_stays_on_the_agenda(app, client, scene) -> None:
    client.login_user(scene.invitees.coordinator)
    upload(client, scene, PDF, "report.pdf", "Quarterly report", scene.topic)
    response = client.post(f"{scene.url}/agenda/{scene.topic}/remove", follow_redirects=True)
    assert "This item has documents; remove them first" in text_of(response)


def test_a_member_cannot_upload_or_remove(app, client, scene) -> None:
    client.login_user(scene.invitees.member)
    assert upload(client, scene, PDF, "report.pdf", "Quarterly report").status_code == 403
    assert _count(app) == 0


def test_an_items_page_lists_its_documents_and_adds_one_to_it(app, client, scene) -> None:
    client.login_user(scene.invitees.coordinator)
    item_page = client.get(f"{scene.url}/agenda/{scene.topic}").get_data(as_text=True)
    link = f"{scene.url}/files/new?item={scene.topic}"
    assert link in item_page
    form = client.get(link).get_data(as_text=True)
    assert re.search(
        rf'<option selected value="{scene.topic}">|<option value="{scene.topic}" selected', form
    )
    upload(client, scene, PDF, "beds.pdf", "Shelter beds", scene.topic)
    assert "Shelter beds" in text_of(client.get(f"{scene.url}/agenda/{scene.topic}"))
    assert "Shelter beds" not in text_of(client.get(f"{scene.url}/agenda/{scene.topic - 1}"))
