"""The issue's path in a real browser: register a case with its legal basis, discuss it at a
meeting, try to save a note with a name and a phone number and see both highlighted with the text
kept, correct it, assign follow-ups, and download the case extract."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations
from tests.cases import conftest as cases_fixtures

pytestmark = pytest.mark.browser
case_meeting = cases_fixtures.case_meeting  # a held meeting with a case item, acknowledged

NOTE = "Spoke with Arta Berisha, 044 123 456 about the safety plan."
CORRECTED = "Spoke with the victim about the safety plan; she accepts weekly visits."


def test_register_discuss_guard_correct_follow_up_and_print(
    page, app, make_user, make_institution, email_of, case_meeting
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja")
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    case_meeting("PEJ", (police, csw))  # held, attendance and acknowledgements recorded
    sign_in(page, email_of(make_user("coordinator", "PEJ")))
    page.goto("/m/PEJ/")
    page.get_by_role("link", name="Case register").click()
    page.get_by_role("link", name="Register a case").click()

    opened = date.today() - timedelta(days=2)
    page.get_by_label("Case opened on").fill(opened.isoformat())
    page.get_by_label("Age band of the victim").select_option(label="25-34")
    page.get_by_label("Gender of the victim").select_option(label="Female")
    page.get_by_label("Relationship of the perpetrator to the victim").select_option(
        label="Former partner"
    )
    page.get_by_role("group", name="Forms of violence").get_by_label("Physical").check()
    page.get_by_role("group", name="Forms of violence").get_by_label(
        "Digital / technology-facilitated"
    ).check()
    page.get_by_label("Risk level").select_option(label="High")
    page.get_by_label("Protection order").select_option(label="Protection order in force")
    page.get_by_label("Informed consent").check()
    page.get_by_label("Consent obtained on").fill(opened.isoformat())
    page.get_by_label("Institution that obtained the consent").select_option(
        label="Centre for Social Work Peja"
    )
    page.get_by_role("button", name="Save the case").click()

    code = f"PEJ-{opened.year}-001"
    expect(page.get_by_role("heading", level=1)).to_have_text(code)
    expect(page.locator(".flash--success")).to_contain_text("has been registered")
    axe = violations(page)
    assert not axe, report({page.url: axe})

    page.get_by_role("button", name="Continue").click()  # the one meeting with a case item
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Discussion of {code}")
    page.get_by_label("What was discussed").fill(NOTE)
    page.get_by_role("button", name="Save the discussion").click()

    # Refused: the text is kept, the name and the number are highlighted and explained.
    expect(page.get_by_label("What was discussed")).to_have_value(NOTE)
    report_box = page.locator("#summary-pii")
    expect(report_box.locator(".pii-text mark")).to_have_text(["Arta Berisha", "044 123 456"])
    expect(report_box).to_contain_text("This looks like a person's name.")
    expect(report_box).to_contain_text("This looks like a phone number.")
    axe = violations(page)
    assert not axe, report({page.url: axe})

    page.get_by_label("What was discussed").fill(CORRECTED)
    page.get_by_label("Decisions").fill("Police patrols; weekly monitoring visits by the CSW.")
    # The follow-ups the standards suggest are there; the coordinator keeps them.
    first = page.get_by_role("group", name="Action 1")
    expect(first.get_by_label("What is to be done")).to_have_value(
        "Immediate safety measures for the victim (high risk)"
    )
    expect(first.get_by_label("Due on")).to_have_value(date.today().isoformat())
    second = page.get_by_role("group", name="Action 2")
    expect(second.get_by_label("Due on")).to_have_value(
        (date.today() + timedelta(days=7)).isoformat()
    )
    expect(second.get_by_label("Responsible institution")).to_have_value(str(csw))
    page.get_by_role("group", name="Action 3").get_by_label("What is to be done").fill(
        "Legal aid appointment"
    )
    page.get_by_role("group", name="Action 3").get_by_label(
        "Responsible institution"
    ).select_option(label="Police Station Peja")
    page.get_by_role("button", name="Save the discussion").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(code)
    timeline = page.locator(".case-timeline")
    expect(timeline).to_contain_text("she accepts weekly visits")
    expect(timeline.get_by_role("row")).to_have_count(4)  # header and three follow-ups
    expect(timeline).to_contain_text("Legal aid appointment")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the case extract (Word)").click()
    assert download.value.suggested_filename == f"{code}-extract.docx"
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert f"Case extract {code}" in text and CORRECTED in text
    assert "Legal aid appointment" in tables and "Informed consent" in tables
    assert "Arta Berisha" not in text + tables

    page.get_by_role("link", name="Case register").click()
    expect(page.get_by_role("cell", name=code)).to_be_visible()
    axe = violations(page)
    assert not axe, report({page.url: axe})
