"""The language list in the header: it switches at once and the choice sticks.

Expected wording comes from the catalogs on disk (mcm/translations/*/messages.po), so the test
follows the translators' work instead of hard-coding it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import choose_language, sign_in, sign_out, translated

pytestmark = pytest.mark.browser

PEJA = {"sq": "Pejë", "sr": "Peć", "en": "Peja"}


def test_switching_language_on_the_sign_in_page(page):
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Sign in")
    # With JavaScript the list submits itself, so its button is hidden.
    expect(page.locator(".language-switcher button")).to_be_hidden()

    choose_language(page, "sr")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("html")).to_have_attribute("lang", "sr-Latn")
    expect(page.locator("h1")).to_have_text(translated("sr", "Sign in"))
    expect(page.locator("main form [type=submit]")).to_have_value(translated("sr", "Sign in"))
    expect(page.locator("#language")).to_have_value("sr")

    choose_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page.locator("#language")).to_have_value("en")


def test_language_choice_is_remembered(new_context, make_user, email_of):
    email = email_of(make_user(role="coordinator", mechanism_code="PEJ", language="en"))
    page = new_context().new_page()
    sign_in(page, email)
    page.goto("/m/PEJ/")  # from the inbox, where every role lands
    expect(page.locator("h1")).to_have_text(PEJA["en"])

    choose_language(page, "sr")
    expect(page).to_have_url(re.compile(r"/m/PEJ/$"))  # stays on the same page
    expect(page.locator("h1")).to_have_text(PEJA["sr"])
    expect(page.locator("#site-nav a").last).to_have_text(translated("sr", "My account"))

    page.reload()  # a fresh load of the page
    expect(page.locator("h1")).to_have_text(PEJA["sr"])

    sign_out(page)  # the sign-in page keeps the language...
    expect(page.locator("h1")).to_have_text(translated("sr", "Sign in"))
    sign_in(page, email)  # ...and so does the account
    page.goto("/m/PEJ/")
    expect(page.locator("h1")).to_have_text(PEJA["sr"])
    sign_out(page)

    # Another browser without any cookie: the account remembers the choice.
    other = new_context().new_page()
    other.goto("/login")
    expect(other.locator("h1")).to_have_text("Sign in")
    sign_in(other, email)
    other.goto("/m/PEJ/")
    expect(other.locator("h1")).to_have_text(PEJA["sr"])
    expect(other.locator("html")).to_have_attribute("lang", "sr-Latn")

    choose_language(other, "sq")
    expect(other.locator("h1")).to_have_text(PEJA["sq"])
    expect(other.locator("html")).to_have_attribute("lang", "sq")
    choose_language(other, "en")
    expect(other.locator("h1")).to_have_text(PEJA["en"])
    expect(other.locator("#site-nav a").last).to_have_text("My account")


def test_browser_language_is_the_first_guess(new_context):
    page = new_context(locale="sq-AL").new_page()
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "sq")
    expect(page.locator("h1")).to_have_text(translated("sq", "Sign in"))
    expect(page.locator("#language")).to_have_value("sq")
