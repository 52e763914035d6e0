"""Two-factor sign-in as a coordinator meets it: set up with an authenticator, then verify."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in, sign_out

pytestmark = pytest.mark.browser


def enter_code(page, code: str) -> None:
    page.locator("#code").fill(code)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def test_coordinator_sets_up_and_then_uses_two_factor_sign_in(
    app, monkeypatch, page, live_server, make_user, email_of
):
    monkeypatch.setitem(app.config, "MCM_REQUIRE_2FA", True)
    email = email_of(make_user(role="coordinator", mechanism_code="PEJ"))

    sign_in(page, email)
    expect(page).to_have_url(re.compile(r"/account/two-factor$"))
    expect(page.locator("h1")).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()

    # Nothing else opens before the set-up is done.
    page.goto("/m/PEJ/")
    expect(page).to_have_url(re.compile(r"/account/two-factor$"))

    secret = "".join(page.locator("code.secret").inner_text().split())
    totp = pyotp.TOTP(secret)
    near = {totp.at(time.time() + 30 * drift) for drift in (-2, -1, 0, 1, 2)}
    wrong = next(code for code in ("000000", "111111", "222222", "333333") if code not in near)
    enter_code(page, wrong)
    expect(page.locator("#code-error")).to_be_visible()  # a wrong code is refused, said so
    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")

    enter_code(page, totp.now())
    expect(page.get_by_role("status")).to_have_text("Two-factor sign-in is on.")
    # The recovery codes are shown this once, before anything else.
    expect(page.locator("h1")).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    with page.expect_navigation():
        page.get_by_role("link", name="I have saved the codes, continue").click()
    expect(page).to_have_url(live_server + "/inbox")  # where every role lands

    sign_out(page)
    sign_in(page, email)
    expect(page).to_have_url(re.compile(r"/login/verify$"))
    expect(page.locator("h1")).to_have_text("Two-factor sign-in")
    expect(page.locator("#site-nav")).to_have_count(0)  # not signed in yet

    # A code is good once: the server allows one step of clock drift either way but never a
    # step already used, so answer with the next step's code, which it accepts as drift.
    enter_code(page, totp.at(time.time() + 30))
    expect(page).to_have_url(live_server + "/inbox")  # where every role lands
    expect(page.locator("h1")).to_have_text("What needs me")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
