"""On a small phone (360 x 740): nothing scrolls sideways, the menu opens, the keyboard works."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import NAVIGATION, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# Real addresses can be long; they must wrap rather than widen the page.
LONG = "coordinator.of.the.mechanism.{}@komuna-e-pejes.example.org"


@pytest.fixture
def phone(new_context: Any) -> Any:
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


def sideways_scrolling(page: Any, paths: list[str]) -> dict[str, int]:
    """The pages (with their document width) that are wider than the screen."""
    wide = {}
    for path in paths:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    return wide


def check_keyboard_start(page: Any) -> None:
    """The first Tab reaches a visible "skip to content" link that moves focus to the content."""
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to content")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_pages_before_signing_in_fit_the_phone(phone):
    assert sideways_scrolling(phone, ["/login", "/reset", "/no-such-page"]) == {}
    phone.goto("/login")
    expect(phone.get_by_role("button", name="Menu")).to_have_count(0)  # nothing to open
    check_keyboard_start(phone)
    # After skipping, the next Tab lands in the sign-in form.
    phone.keyboard.press("Tab")
    expect(phone.locator("#email")).to_be_focused()


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        ("coordinator", ["/m/PEJ/", "/mechanisms", "/account", "/account/two-factor"]),
        ("observer", ["/overview/", "/account"]),
    ],
)
def test_pages_fit_the_phone_and_the_menu_opens(role, paths, phone, make_user, email_of):
    make_user(role="member", mechanism_code="PEJ")  # a member institution in the table
    make_user(role="coordinator", mechanism_code="PEJ", email=LONG.format(1))
    sign_in(phone, email_of(make_user(role=role, mechanism_code="PEJ", email=LONG.format(2))))
    assert sideways_scrolling(phone, paths) == {}
    check_menu(phone, role)
    check_keyboard_start(phone)


def test_administrator_pages_fit_the_phone(phone, make_user, email_of):
    coordinator = make_user(role="coordinator", mechanism_code="PEJ", email=LONG.format(1))
    make_user(role="member", mechanism_code="PEJ")
    sign_in(phone, email_of(make_user(role="administrator", email=LONG.format(2))))
    paths = [
        "/admin/users",
        f"/admin/users/{coordinator}",
        "/admin/users/new",
        "/admin/audit",
        "/reference/",
    ]
    assert sideways_scrolling(phone, paths) == {}
    check_menu(phone, "administrator")
    check_keyboard_start(phone)


def check_menu(page: Any, role: str) -> None:
    """The navigation hides behind the "Menu" button and shows every link of the role."""
    menu = page.get_by_role("button", name="Menu")
    links = page.locator("#site-nav a")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(links.first).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    for label, _ in NAVIGATION[role]:
        expect(page.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(links.first).to_be_hidden()
    page.reload()  # leave the page as a newcomer finds it
