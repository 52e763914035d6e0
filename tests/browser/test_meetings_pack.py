"""The meeting pack in a real browser: the coordinator adds a document to an agenda item and one
to the meeting as a whole, then downloads the pack: the agenda first, then the documents in
agenda order."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations
from tests.meetings.conftest import (  # noqa: F401 - fixtures
    make_agenda_item,
    make_meeting,
)
from tests.meetings.files.helpers import PDF, excel

pytestmark = pytest.mark.browser


def _add(page, title: str, item: str, name: str, content: bytes, mime: str) -> None:
    page.get_by_role("link", name="Add a document").click()
    assert not violations(page), report({page.url: violations(page)})
    page.get_by_label("Title").fill(title)
    page.get_by_label("Agenda item").select_option(label=item)
    page.get_by_label("File").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.get_by_role("button", name="Add the document").click()
    expect(page.locator(".flash--success")).to_contain_text("The document has been added.")


def test_the_coordinator_adds_documents_and_downloads_the_pack_in_agenda_order(
    app,
    page,
    make_user,
    email_of,
    make_meeting,  # noqa: F811 - the meetings' factories, imported above
    make_agenda_item,  # noqa: F811
) -> None:
    coordinator = make_user("coordinator", "PEJ")
    meeting_id = make_meeting()
    make_agenda_item(meeting_id, "Approval of the previous minutes")
    make_agenda_item(meeting_id, "Shelter capacity in winter")

    sign_in(page, email_of(coordinator))
    page.goto(f"/m/PEJ/meetings/{meeting_id}")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    _add(page, "Shelter beds", "2. Shelter capacity in winter", "beds.xlsx", excel(), xlsx)
    assert not violations(page), report({page.url: violations(page)})
    _add(
        page, "Quarterly overview", "The meeting as a whole", "overview.pdf", PDF, "application/pdf"
    )

    panel = page.locator(
        "section", has=page.get_by_role("heading", name="Meeting documents and pack")
    )
    expect(panel).to_contain_text("Shelter beds")
    with page.expect_download() as download_info:
        panel.get_by_role("link", name="Download the meeting pack").click()
    download = download_info.value
    assert download.suggested_filename.startswith("pack-PEJ-")
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as pack:
        assert pack.namelist() == [
            "01 Invitation and agenda.docx",
            "02 Quarterly overview.pdf",
            "03 Item 2 - Shelter beds.xlsx",
        ]
        assert pack.read("02 Quarterly overview.pdf") == PDF

    # The same pages on a phone: the panel with its documents and the upload form.
    page.set_viewport_size({"width": 360, "height": 740})
    found = {}
    for path in (f"/m/PEJ/meetings/{meeting_id}", f"/m/PEJ/meetings/{meeting_id}/files/new"):
        page.goto(path)
        if lines := violations(page):
            found[path + " at 360 px"] = lines
    assert not found, report(found)
