"""The issue's search walk in a real browser: the coordinator finds a case by its code through
the search box in the navigation and opens it; an observer searching the same code finds
nothing. The results page passes axe on a phone too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations
from tests.search import conftest as search_fixtures

pytestmark = pytest.mark.browser
world = search_fixtures.world  # one of each findable record in Peja, and a case in Ferizaj


def search_box(page):
    return page.locator("#site-search")


def test_coordinator_finds_a_case_by_its_code_an_observer_finds_nothing(
    page, new_context, make_user, email_of, world
) -> None:
    sign_in(page, email_of(make_user("coordinator", "PEJ")))
    search_box(page).fill("pej-2026-901")
    with page.expect_navigation():
        search_box(page).press("Enter")
    results = page.locator(".search-results")
    expect(results.get_by_role("link")).to_have_count(1)
    expect(results.locator("mark")).to_have_text(["PEJ", "2026", "901"])
    with page.expect_navigation():
        results.get_by_role("link", name="PEJ-2026-901").click()
    assert page.url.endswith(f"/m/PEJ/cases/{world.known_case}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("PEJ-2026-901")

    phone = new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(phone, email_of(make_user("observer", None)))
    phone.locator(".nav-toggle").click()  # the navigation folds away on a phone
    search_box(phone).fill("PEJ-2026-901")
    with phone.expect_navigation():
        search_box(phone).press("Enter")
    expect(phone.get_by_role("heading", name="Nothing found")).to_be_visible()
    expect(phone.locator(".search-results")).to_have_count(0)
    expect(phone.locator("main a", has_text="PEJ-2026-901")).to_have_count(0)

    phone_coordinator = new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(phone_coordinator, email_of(make_user("coordinator", "PEJ")))
    phone_coordinator.goto("/search?q=fushe+kosove")
    lines = violations(phone_coordinator)
    assert not lines, report({"/search?q=fushe+kosove at 360 px": lines})
