"""axe-core on the main pages of every role: no serious or critical accessibility violation."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
_axe = Axe()


def violations(page: Any) -> list[str]:
    """Readable lines for each serious or critical violation on the page as it is now."""
    results = _axe.run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return lines


def audit(page: Any, paths: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(path)
        lines = violations(page)
        if lines:
            found[f"{path} ({page.title()})"] = lines
    return found


def report(found: dict[str, list[str]]) -> str:
    return "serious or critical accessibility violations:\n" + "\n".join(
        f"{page}\n" + "\n".join(lines) for page, lines in found.items()
    )


@pytest.fixture
def axe_page(new_context: Any) -> Any:
    """A desktop page under the app's real Content-Security-Policy: Playwright's evaluate()
    injects axe through the DevTools protocol, which the policy does not block."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


def test_pages_before_signing_in(axe_page):
    found = audit(axe_page, ["/login", "/reset", "/no-such-page"])
    # The sign-in form with its errors showing.
    axe_page.goto("/login")
    with axe_page.expect_navigation():
        axe_page.locator("main form [type=submit]").click()
    lines = violations(axe_page)
    if lines:
        found["/login after an empty submit"] = lines
    assert not found, report(found)


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        (
            "coordinator",
            [
                "/inbox",
                "/inbox/preferences",
                "/inbox/mail",
                "/m/PEJ/",
                "/mechanisms",
                "/account",
                "/account/password",
                "/account/two-factor",
                "/search?q=qendra+sociale",
                "/calendar/",
                "/calendar/?view=list",
            ],
        ),
        ("member", ["/inbox", "/m/PEJ/", "/account", "/admin/users"]),  # the last: not allowed
        ("observer", ["/inbox", "/overview/", "/account"]),
    ],
)
def test_pages_of_each_role(role, paths, axe_page, make_user, make_institution, email_of):
    make_institution("PEJ", name="Qendra për Punë Sociale Pejë")
    make_user(role="coordinator", mechanism_code="PEJ")  # someone in the coordinators' list
    email = email_of(make_user(role=role, mechanism_code="PEJ"))
    sign_in(axe_page, email)
    found = audit(axe_page, paths)
    assert not found, report(found)


def test_administrator_pages(axe_page, make_user, email_of):
    coordinator = make_user(role="coordinator", mechanism_code="PEJ")
    make_user(role="member", mechanism_code="PEJ")
    sign_in(axe_page, email_of(make_user(role="administrator")))
    found = audit(
        axe_page,
        [
            "/admin/users",
            f"/admin/users/{coordinator}",
            "/admin/users/new",
            "/admin/audit",
            "/reference/",
            "/admin/users/999999",
        ],
    )
    # The invitation form with its errors showing.
    axe_page.goto("/admin/users/new")
    with axe_page.expect_navigation():
        axe_page.locator("main form [type=submit]").click()
    lines = violations(axe_page)
    if lines:
        found["/admin/users/new after an empty submit"] = lines
    assert not found, report(found)


def test_pages_on_a_phone(new_context, make_user, email_of):
    """Narrow screens hide the site name and scroll wide tables sideways: both stay accessible."""
    phone = new_context(viewport={"width": 360, "height": 740}).new_page()
    coordinator = make_user(role="coordinator", mechanism_code="PEJ")
    sign_in(phone, email_of(make_user(role="administrator")))
    found = audit(
        phone,
        [
            "/inbox",
            "/inbox/preferences",
            "/admin/audit",
            "/reference/",
            f"/admin/users/{coordinator}",
            "/search?q=qendra",
        ],
    )
    member = new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(member, email_of(make_user(role="member", mechanism_code="PEJ")))
    found |= audit(member, ["/calendar/", "/calendar/?view=list", "/m/PEJ/meetings/"])
    # The scrolling tables can be reached with the keyboard, named after their heading.
    phone.goto("/reference/")
    first_table = phone.get_by_role("region", name="Municipalities")
    phone.keyboard.press("Tab")  # the skip link
    phone.keyboard.press("Enter")  # to the content
    phone.keyboard.press("Tab")
    assert first_table.evaluate("element => element === document.activeElement")
    assert not found, report(found)


def test_mechanism_record_pages(axe_page, make_user, make_institution, email_of):
    institution = make_institution("PEJ", "csw", "Qendra për Punë Sociale Pejë")
    sign_in(axe_page, email_of(make_user(role="coordinator", mechanism_code="PEJ")))
    axe_page.goto(f"/m/PEJ/institutions/{institution}/representatives/new")
    axe_page.get_by_label("Name", exact=True).fill("Vjosa Testaj")
    axe_page.get_by_label("Represents since").fill("2024-01-01")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Save").click()
    paths = [
        f"/m/PEJ/institutions/{institution}",
        f"/m/PEJ/institutions/{institution}/edit",
        f"/m/PEJ/institutions/{institution}/mou",
        f"/m/PEJ/institutions/{institution}/leave",
        "/m/PEJ/institutions/new",
        "/m/PEJ/institutions/import",
        "/m/PEJ/status",
        "/m/PEJ/founding",
        "/m/PEJ/history",
    ]
    found = audit(axe_page, paths)
    axe_page.goto("/m/PEJ/institutions/new")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Save").click()
    lines = violations(axe_page)
    if lines:
        found["/m/PEJ/institutions/new after an empty submit"] = lines
    assert not found, report(found)
