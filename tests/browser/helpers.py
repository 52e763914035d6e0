"""What a person does in the browser, shared by the browser tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from tests.conftest import PASSWORD

TRANSLATIONS = Path(__file__).resolve().parents[2] / "mcm" / "translations"
CATALOGS = {"sq": "sq", "sr": "sr_Latn"}

# What each role's main navigation offers, in English: (label, path).
NAVIGATION: dict[str, list[tuple[str, str]]] = {
    "coordinator": [
        ("Inbox", "/inbox"),
        ("My mechanisms", "/mechanisms"),
        ("Actions", "/actions/mine"),
        ("Calendar", "/calendar/"),
        ("My account", "/account"),
    ],
    "member": [
        ("Inbox", "/inbox"),
        ("My mechanisms", "/mechanisms"),
        ("Actions", "/actions/mine"),
        ("Calendar", "/calendar/"),
        ("My account", "/account"),
    ],
    "observer": [
        ("Inbox", "/inbox"),
        ("National overview", "/overview/"),
        ("Statistics", "/statistics/"),
        ("Meeting regularity", "/compliance/"),
        ("Action plans", "/plans/matrix"),
        ("Partnerships", "/partners/"),
        ("My account", "/account"),
    ],
    "administrator": [
        ("Inbox", "/inbox"),
        ("National overview", "/overview/"),
        ("Statistics", "/statistics/"),
        ("Meeting regularity", "/compliance/"),
        ("Action plans", "/plans/matrix"),
        ("Users", "/admin/users"),
        ("Partner organisations", "/partners/organisations"),
        ("Audit log", "/admin/audit"),
        ("National strategies", "/plans/strategies/"),
        ("Reference data", "/reference/"),
        ("My account", "/account"),
    ],
}


def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    """Fill in the sign-in form as a person would and wait for the next page."""
    if "/login" not in page.url:
        page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def sign_out(page: Any) -> None:
    """Use the header's sign-out button (opening the phone menu first if it is closed)."""
    # Before the stylesheet applies the phone menu's toggle shows on every screen, then hides:
    # decide once the page has loaded, or a click waits for a button that went away.
    page.wait_for_load_state("load")
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    with page.expect_navigation():
        page.locator('#site-nav form[action$="/logout"] button[type=submit]').click()


def choose_language(page: Any, code: str) -> None:
    """Pick a language in the header's list; the page reloads by itself (no button press)."""
    with page.expect_navigation():
        page.locator("#language").select_option(code)


def translated(language: str, msgid: str) -> str:
    """What users should read for msgid in a language, per the catalog on disk right now."""
    if language == "en":
        return msgid
    path = TRANSLATIONS / CATALOGS[language] / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get(msgid)
    assert message is not None, f"{msgid!r} is not in {path}"
    if not message.string or message.fuzzy:  # the compiled catalog falls back to the msgid
        return msgid
    return str(message.string)
