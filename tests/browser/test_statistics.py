"""Statistics in a real browser: an observer picks a year and a region, reads each chart beside
its table; no accessibility violation on a desktop or a phone; nothing leaves the screen."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations
from tests.cases.conftest import make_discussed_cases

pytestmark = pytest.mark.browser
__all__ = ["make_discussed_cases"]


@pytest.fixture
def cases(make_discussed_cases):
    make_discussed_cases("PEJ", 12, (date(2026, 2, 10),), forms_of_violence=["digital"])
    make_discussed_cases("PEJ", 3, (date(2026, 5, 12),))
    make_discussed_cases("FER", 8, (date(2026, 8, 4),))


def test_observer_filters_by_year_and_region(page, cases, make_user, email_of) -> None:
    sign_in(page, email_of(make_user("observer", None)))
    page.get_by_role("link", name="Statistics").click()
    page.get_by_label("Year", exact=True).select_option("2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Case statistics 2026: all regions"
    chart = page.get_by_role("img", name="Forms of violence")
    assert chart.is_visible()
    table = page.locator("section", has=chart).get_by_role("table")
    assert (
        table.get_by_role("row", name="Digital / technology-facilitated")
        .inner_text()
        .split("\t")[-1]
        .strip()
        == "12"
    )
    page.get_by_label("Region", exact=True).select_option(label="Ferizaj")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert "region of Ferizaj" in page.get_by_role("heading", level=1).inner_text()
    assert "Cases discussed in 2026: 8" in page.locator("main").inner_text()


def test_statistics_pages_are_accessible(new_context, cases, make_user, email_of) -> None:
    found = {}
    for role, mechanism, path in (
        ("observer", None, "/statistics/?year=2026"),
        ("coordinator", "PEJ", "/m/PEJ/cases/statistics?year=2026"),
    ):
        for width, height in ((1280, 900), (360, 740)):
            screen = new_context(viewport={"width": width, "height": height}).new_page()
            sign_in(screen, email_of(make_user(role, mechanism)))
            screen.goto(path)
            lines = violations(screen)
            if lines:
                found[f"{path} at {width}px"] = lines
            # Charts shrink to the screen: the page never scrolls sideways.
            overflow = screen.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (path, width, overflow)
    assert not found, report(found)
