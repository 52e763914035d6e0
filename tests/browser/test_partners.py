"""The partner's pipeline in the browser, in each language: start a partnership, record the
briefing with who took part, advance the stage, record a training with participants counted by
institution, and find it all on the national overview. Selectors avoid words, so the same steps
run in Albanian, Serbian and English; axe checks the partner pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mcm.extensions import db
from mcm.reference.models import InstitutionType
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations
from tests.conftest import mechanism_id
from tests.partners.conftest import make_organisation, make_partner_observer

__all__ = ["make_organisation", "make_partner_observer"]  # fixtures used below

pytestmark = pytest.mark.browser

LIPJAN = {"en": "Lipjan", "sq": "Lipjan", "sr": "Lipljan"}


def _submit(page) -> None:
    with page.expect_navigation():
        page.locator("main form [type=submit]").last.click()


@pytest.mark.parametrize("language", ["en", "sq", "sr"])
def test_partner_records_the_pipeline_and_a_training(
    app, page, live_server, email_of, make_organisation, make_partner_observer, language
):
    organisation = make_organisation("Women's Network")
    email = email_of(make_partner_observer(organisation, language=language))
    with app.app_context():
        types = {t.code: t.id for t in db.session.scalars(select(InstitutionType))}
    sign_in(page, email)

    # Partnerships, from the menu; start one with Lipjan.
    page.locator('#site-nav a[href="/partners/"]').click()
    page.locator('main a[href="/partners/new"]').click()
    page.locator("#mechanism").select_option(str(mechanism_id(app, "LIP")))
    _submit(page)
    expect(page.locator("h1")).to_have_text(LIPJAN[language])
    detail = page.url

    # The briefing session, with the mayor, the deputy mayor and the GEO.
    page.locator('main a[href$="/step"]').click()
    page.locator("#stage").select_option("briefing_held")
    page.locator("#effective_on").fill("2025-05-14")
    for who in ("mayor", "deputy_mayor", "geo"):
        page.locator(f"#{who}").check()
    page.locator("#note").fill("Initiative presented")
    _submit(page)
    assert page.url == detail
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator("header .badge--stage-briefing_held")).to_be_visible()
    expect(page.locator(".timeline li")).to_have_count(1)
    expect(page.locator(".timeline li").first).to_contain_text("Initiative presented")

    # A step dated before the briefing is refused in words; what was typed stays.
    page.locator('main a[href$="/step"]').click()
    page.locator("#stage").select_option("agreed_in_principle")
    page.locator("#effective_on").fill("2025-05-01")
    page.locator("#note").fill("Agreed by phone")
    _submit(page)
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#note")).to_have_value("Agreed by phone")
    # Corrected, it goes through.
    page.locator("#effective_on").fill("2025-06-02")
    _submit(page)
    expect(page.locator("header .badge--stage-agreed_in_principle")).to_be_visible()
    expect(page.locator(".timeline li")).to_have_count(2)

    # A training with participants counted by type of institution.
    page.locator('main a[href$="/trainings/new"]').click()
    page.locator("#held_on").fill("2025-10-14")
    page.locator("#module").fill("Technology-facilitated violence")
    page.locator("#trainer").fill("Training team")
    page.locator(f"#people_{types['police']}").fill("4")
    page.locator(f"#people_{types['csw']}").fill("3")
    _submit(page)
    training = page.locator("section[aria-labelledby=trainings-heading] tbody tr")
    expect(training).to_have_count(1)
    expect(training.first).to_contain_text("Technology-facilitated violence")
    expect(training.first.locator("td.num")).to_have_text("7")

    # The history shows who did what.
    history = page.locator("section[aria-labelledby=history-heading] tbody tr")
    expect(history).to_have_count(4)  # started, two steps, the training
    expect(history.first).to_contain_text(email)

    # The national overview shows Lipjan at the new stage.
    page.locator('#site-nav a[href="/overview/"]').click()
    row = page.locator(
        "tr", has=page.locator("th[scope=row]", has_text=re.compile(f"^{LIPJAN[language]}$"))
    )
    expect(row.locator(".badge--stage-agreed_in_principle")).to_be_visible()
    with page.expect_download() as download:
        page.locator('a[href^="/overview/export.csv"]').click()
    assert download.value.suggested_filename.endswith(".csv")

    if language == "en":
        page.goto(detail)
        expect(page.locator(".timeline li").last).to_contain_text(
            "Took part: Mayor, Deputy mayor, Gender Equality Officer"
        )
        expect(page.locator("header .badge")).to_have_text("Agreed in principle")


def test_partner_pages_have_no_serious_accessibility_violations(
    app, page, email_of, make_organisation, make_partner_observer, make_user
):
    organisation = make_organisation("Women's Network")
    sign_in(page, email_of(make_partner_observer(organisation)))
    page.goto("/partners/new")
    page.locator("#mechanism").select_option(str(mechanism_id(app, "FKO")))
    _submit(page)
    detail = page.url.removeprefix(page.url.split("/partners/")[0])
    found: dict[str, list[str]] = {}
    for path in (
        "/partners/",
        detail,
        f"{detail}/step",
        f"{detail}/trainings/new",
        f"{detail}/assessments/new",
        f"{detail}/support/new",
        "/overview/",
    ):
        page.goto(path)
        lines = violations(page)
        if lines:
            found[path] = lines
    # A form with its errors showing.
    page.goto(f"{detail}/step")
    _submit(page)
    lines = violations(page)
    if lines:
        found["step form after an empty submit"] = lines
    assert not found, report(found)
