"""The coordinator's record workflow in a real browser: add a member with its MoU scan, name a
representative, see the audit trail; a member updates her own institution's representative."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.mechanisms.conftest import PDF

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MCM_UPLOAD_DIR", str(tmp_path / "documents"))


def test_coordinator_adds_a_member_institution_with_an_mou_scan(
    page, make_user, email_of, tmp_path
) -> None:
    scan = tmp_path / "MoU Qendra për Punë Sociale.pdf"
    scan.write_bytes(PDF)
    sign_in(page, email_of(make_user("coordinator", "PEJ")))
    page.goto("/m/PEJ/")  # from the inbox, where every role lands
    page.get_by_role("link", name="Add a member institution").click()
    page.get_by_label("Type of institution").select_option(label="Centre for Social Work")
    page.get_by_label("Name of the institution").fill("Centre for Social Work Peja")
    page.get_by_label("Office address").fill("Institutions Street 4")
    page.get_by_label("Member since").fill("2024-03-01")
    page.get_by_label("MoU status").select_option(label="Signed")
    page.get_by_label("Date of this step").fill("2025-07-24")
    page.get_by_label("Signed by").fill("Director of the centre")
    page.get_by_label("Signed MoU (scan)").set_input_files(str(scan))
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Centre for Social Work Peja")
    expect(page.locator(".flash--success")).to_contain_text("has been added")
    expect(page.get_by_text("Signed by Director of the centre")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="MoU Qendra për Punë Sociale.pdf").click()
    assert download.value.suggested_filename == "MoU Qendra për Punë Sociale.pdf"
    assert download.value.path().read_bytes() == PDF

    page.get_by_role("link", name="Add a representative").click()
    page.get_by_label("Name", exact=True).fill("Teuta Shembulli")
    page.get_by_label("Work e-mail").fill("t.shembulli@csw.example.org")
    page.get_by_label("Represents since").fill("2025-01-15")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="Teuta Shembulli", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Representative added")).to_have_count(1)

    page.get_by_role("link", name="Peja").first.click()
    row = page.get_by_role("row", name="Centre for Social Work Peja")
    expect(row).to_contain_text("Signed")


def test_a_refused_scan_keeps_the_form_filled_in(page, make_user, email_of, tmp_path) -> None:
    fake = tmp_path / "mou.pdf"
    fake.write_bytes(b"this is not a PDF")
    sign_in(page, email_of(make_user("coordinator", "PEJ")))
    page.goto("/m/PEJ/institutions/new")
    page.get_by_label("Type of institution").select_option(label="Basic Court")
    page.get_by_label("Name of the institution").fill("Basic Court Peja")
    page.get_by_label("MoU status").select_option(label="Invited")
    page.get_by_label("Date of this step").fill("2025-02-01")
    page.get_by_label("Signed MoU (scan)").set_input_files(str(fake))
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Only PDF, PNG and JPEG files are accepted.", exact=True)
    ).to_be_visible()
    expect(page.get_by_label("Name of the institution")).to_have_value("Basic Court Peja")
    expect(page.get_by_label("Date of this step")).to_have_value("2025-02-01")


def test_member_updates_her_own_institutions_representative(
    page, app, make_user, make_institution, email_of
) -> None:
    institution = make_institution("PEJ", "police", "Police Station Peja")
    sign_in(page, email_of(make_user("coordinator", "PEJ")))
    page.goto(f"/m/PEJ/institutions/{institution}/representatives/new")
    page.get_by_label("Name", exact=True).fill("Agron Provaj")
    page.get_by_label("Represents since").fill("2024-05-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="Agron Provaj", exact=True)).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, email_of(make_user("member", "PEJ", institution_id=institution)))
    page.goto(f"/m/PEJ/institutions/{institution}")
    page.get_by_role("link", name="Edit Agron Provaj").click()
    page.get_by_label("Work phone").fill("038 000 222")
    page.get_by_label("Confidentiality statement signed on").fill("2025-03-03")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="038 000 222")).to_be_visible()
    expect(page.get_by_role("link", name="Record that it left")).to_have_count(0)
