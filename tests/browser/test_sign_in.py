"""Signing in through the form as each role: where people land, the menu, signing out."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import NAVIGATION, sign_in, sign_out

pytestmark = pytest.mark.browser

# Every role lands on its inbox: what needs the user.
LANDING = {
    role: ("/inbox", "What needs me")
    for role in ("coordinator", "member", "observer", "administrator")
}


@pytest.mark.parametrize("role", ["coordinator", "member", "observer", "administrator"])
def test_each_role_signs_in_lands_on_its_work_and_signs_out(
    role, page, live_server, make_user, email_of
):
    email = email_of(make_user(role=role, mechanism_code="PEJ"))
    page.goto("/login")
    expect(page.locator("#site-nav")).to_have_count(0)  # no menu before signing in

    sign_in(page, email)

    path, heading = LANDING[role]
    assert page.url == live_server + path
    expect(page.locator("h1")).to_have_text(heading)
    links = page.locator("#site-nav a")
    expect(links).to_have_text([label for label, _ in NAVIGATION[role]])
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [href for _, href in NAVIGATION[role]]
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # Every link of the menu opens a page the role may see.
    for label, href in NAVIGATION[role]:
        page.get_by_role("navigation", name="Main navigation").get_by_role(
            "link", name=label, exact=True
        ).click()
        assert urlsplit(page.url).path == href
        expect(page.get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )

    sign_out(page)
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("status")).to_have_text("You have signed out.")
    expect(page.locator("#site-nav")).to_have_count(0)

    page.goto(path)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator("h1")).to_have_text("Sign in")


def test_wrong_password_is_refused_with_a_message(page, make_user, email_of):
    email = email_of(make_user(role="coordinator"))
    sign_in(page, email, "not-the-password")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#site-nav")).to_have_count(0)
