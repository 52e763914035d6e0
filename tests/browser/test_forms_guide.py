"""Forms that guide, in a real browser: a refused minutes save opens with the error summary,
focused, whose link moves the focus to the field (the text typed kept); the page passes axe at
1280 px and 360 px; on a phone every table that is wider than the screen says it scrolls; and
the page prints without its navigation."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations
from tests.meetings.conftest import make_agenda_item, make_meeting  # noqa: F401 - fixtures
from tests.meetings.minutes.helpers import build_scene

pytestmark = pytest.mark.browser

PERSONAL = "Arben Krasniqi called from 044 123 456."  # synthetic: the privacy guard refuses it

UNCUED_TABLES = """() => [...document.querySelectorAll("table")].filter((table) => {
  const wrap = table.closest(".table-wrap");
  if (!wrap) return true;
  if (wrap.scrollWidth <= wrap.clientWidth) return false;
  const hint = wrap.previousElementSibling;
  return !(wrap.classList.contains("table-wrap--scrolls") && hint
           && hint.classList.contains("table-hint") && hint.offsetParent !== null);
}).map((table) => table.outerHTML.slice(0, 80))"""


def _refused_save(page: Any, meeting: int, topic: str) -> None:
    page.goto(f"/m/PEJ/meetings/{meeting}/minutes/edit")
    page.locator(topic).get_by_label("Discussion summary").fill(PERSONAL)
    page.get_by_role("button", name="Save the minutes").click()
    page.wait_for_load_state("load")


def test_a_refused_minutes_save_guides_to_the_field(
    app,
    new_context,
    email_of,
    make_user,
    make_institution,
    make_meeting,  # noqa: F811 - the meetings' factory, imported above
    make_agenda_item,  # noqa: F811
) -> None:
    scene = build_scene(app, make_user, make_institution, make_meeting, make_agenda_item)
    topic = f"#item-{scene.items['topic']}"
    found: dict[str, list[str]] = {}
    desktop = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(desktop, email_of(scene.coordinator))
    _refused_save(desktop, scene.meeting, topic)

    summary = desktop.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()
    assert desktop.title().startswith("Error: ")
    field = desktop.locator(topic).get_by_label("Discussion summary")
    expect(field).to_have_value(PERSONAL)  # nothing typed is lost
    field_id = field.get_attribute("id")
    link = summary.locator(f"a[href='#{field_id}']")
    link.click()
    assert desktop.evaluate("document.activeElement.id") == field_id
    if lines := violations(desktop):
        found["minutes refused, 1280 px"] = lines

    # Printed, the page keeps its content and drops the navigation and the forms' buttons.
    desktop.emulate_media(media="print")
    expect(desktop.locator(".site-header")).to_be_hidden()
    expect(desktop.locator("main h1")).to_be_visible()
    desktop.emulate_media(media="screen")

    phone = new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    sign_in(phone, email_of(scene.coordinator))
    _refused_save(phone, scene.meeting, topic)
    expect(phone.locator(".error-summary")).to_be_focused()
    if lines := violations(phone):
        found["minutes refused, 360 px"] = lines
    uncued: dict[str, list[str]] = {}
    for path in ["/m/PEJ/", f"/m/PEJ/meetings/{scene.meeting}", "/m/PEJ/meetings/", "/actions"]:
        phone.goto(path)
        if tables := phone.evaluate(UNCUED_TABLES):
            uncued[path] = tables
        if lines := violations(phone):
            found[f"{path}, 360 px"] = lines
    assert uncued == {}
    assert not found, report(found)


def test_without_javascript_an_irreversible_step_asks_on_a_page(
    app,
    new_context,
    email_of,
    make_user,
    make_meeting,  # noqa: F811
    make_agenda_item,  # noqa: F811
) -> None:
    coordinator = make_user("coordinator", "PEJ")
    meeting = make_meeting()
    make_agenda_item(meeting, "Topic to drop")
    page = new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False).new_page()
    sign_in(page, email_of(coordinator))
    page.goto(f"/m/PEJ/meetings/{meeting}/agenda")
    page.get_by_role("button", name="Remove Topic to drop").click()
    expect(page.get_by_role("heading", name="Are you sure?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Remove this item from the agenda.")
    page.get_by_role("button", name="Yes, go ahead").click()
    expect(page.locator(".flash--success")).to_contain_text("removed from the agenda")
    expect(page.locator("main")).not_to_contain_text("Topic to drop")


def test_the_history_reads_in_words_and_passes_axe(new_context, email_of, make_user) -> None:
    found: dict[str, list[str]] = {}
    for width in (1280, 360):
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        sign_in(page, email_of(make_user("administrator", None)))
        page.goto("/admin/audit")
        expect(page.locator("main table")).to_contain_text("Signed in")
        expect(page.locator("main table")).not_to_contain_text("login")
        if lines := violations(page):
            found[f"/admin/audit, {width} px"] = lines
    assert not found, report(found)
