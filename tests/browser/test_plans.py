"""Action plans in a real browser, the whole path of issue #6: the administrator imports the
national strategy from a YAML file (preview, then confirm); the coordinator writes a local action
plan aligned to it and adopts it, links a meeting action to an activity and reports an indicator
value, and sees the progress move; the observer sees it in the national matrix; both Word
documents download. axe checks the plan pages on the way."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import docx
import pytest
import yaml
from playwright.sync_api import expect

from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import Action, Meeting, MeetingKind, MeetingStatus
from mcm.plans.strategy.template import TEMPLATE
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations

pytestmark = pytest.mark.browser

YEAR = date.today().year
STRATEGY = "National strategy against domestic violence (test)"
ACTIVITY = "1.1 Awareness sessions in schools"


def _axe(page: Any, found: dict[str, list[str]]) -> None:
    lines = violations(page)
    if lines:
        found[f"{page.url} ({page.title()})"] = lines


def _strategy_file(tmp_path: Any) -> Any:
    """The shipped framework's objectives under an official-looking name and code."""
    content = {key: value for key, value in TEMPLATE.items() if key != "objectives"}
    content |= {"code": "NS-TEST", "name_en": STRATEGY, "name_sq": STRATEGY, "name_sr": STRATEGY}
    content["objectives"] = TEMPLATE["objectives"]
    path = tmp_path / "strategy.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _meeting_with_an_action(app: Any, institution: int) -> int:
    """A held meeting of Peja last month with one open action, not linked yet."""
    with app.app_context():
        mechanism = mechanism_by_code("PEJ")
        starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)
        meeting = Meeting(
            mechanism_id=mechanism.id,
            kind=MeetingKind.REGULAR,
            status=MeetingStatus.HELD,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Municipal hall",
            language="en",
            ics_uid=f"{uuid4()}@mcm.test",
        )
        db.session.add(meeting)
        db.session.flush()
        action = Action(
            mechanism_id=mechanism.id,
            meeting_id=meeting.id,
            title="Hold the first awareness session at the secondary school",
            responsible_institution_id=institution,
            due_on=date.today() + timedelta(days=30),
        )
        db.session.add(action)
        db.session.commit()
        return action.id


def _progress_of(page: Any, label: str) -> Any:
    return page.get_by_role("progressbar", name=label)


def test_from_the_national_strategy_to_the_annual_report(
    app, new_context, email_of, make_user, make_institution, tmp_path
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja (test)")
    make_institution("PEJ", "csw", "Centre for Social Work Peja (test)")
    administrator = make_user("administrator", None)
    coordinator = make_user("coordinator", "PEJ")
    observer = make_user("observer", None)
    action = _meeting_with_an_action(app, police)
    found: dict[str, list[str]] = {}
    desktop = {"viewport": {"width": 1280, "height": 900}, "accept_downloads": True}

    # The administrator imports the strategy: upload, preview of every row, confirm.
    admin = new_context(**desktop).new_page()
    sign_in(admin, email_of(administrator))
    admin.goto("/plans/strategies/import")
    admin.get_by_label("Strategy file (YAML or XLSX)").set_input_files(
        str(_strategy_file(tmp_path))
    )
    admin.get_by_role("button", name="Check the file").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Check the strategy")
    expect(admin.locator("main")).to_contain_text("Every row is correct.")
    _axe(admin, found)
    admin.get_by_role("button", name="Import this strategy").click()
    expect(admin.locator(".flash--success")).to_contain_text(
        "The strategy NS-TEST has been imported."
    )
    expect(admin.locator("main")).to_contain_text(
        "Awareness campaigns in the community and schools"
    )
    _axe(admin, found)

    # The coordinator writes a plan aligned to it…
    page = new_context(**desktop).new_page()
    sign_in(page, email_of(coordinator))
    page.goto("/m/PEJ/plans/")
    _axe(page, found)
    page.get_by_role("link", name="New plan").click()
    page.get_by_label("Title").fill("Peja local action plan (test)")
    page.get_by_label("National strategy it aligns to").select_option(
        label=f"{STRATEGY} (2022\u20132026)"
    )
    page.get_by_label("First year").fill(str(YEAR - 1))
    page.get_by_label("Last year").fill(str(YEAR + 2))
    _axe(page, found)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".flash--success")).to_contain_text("The plan has been created as a draft.")
    plan_url = page.url
    page.get_by_role("link", name="Add an objective").click()
    page.get_by_label("Code").fill("1")
    page.get_by_label("Objective").fill("Prevention in schools")
    page.get_by_role("button", name="Save the objective").click()
    expect(page.locator(".flash--success")).to_contain_text("The objective has been saved.")
    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Code").fill("1.1")
    page.get_by_label("Activity", exact=True).fill("Awareness sessions in schools")
    page.get_by_label("Indicator").fill("Sessions held")
    page.get_by_label("Baseline").fill("0")
    page.get_by_label("Target").fill("10")
    page.get_by_label("Unit").fill("sessions")
    page.get_by_label("Responsible institution").select_option(label="Police Station Peja (test)")
    page.get_by_label("Centre for Social Work Peja (test)").check()
    page.get_by_label("Start year").fill(str(YEAR - 1))
    page.get_by_label("Start quarter").select_option(label="Q1")
    page.get_by_label("End year").fill(str(YEAR + 1))
    page.get_by_label("End quarter").select_option(label="Q4")
    page.get_by_label("Budget (EUR)").fill("2500")
    page.get_by_label("Source of funding").select_option(label="Municipal budget")
    page.get_by_label("National objectives it serves").select_option(
        label="1.1.1 Awareness campaigns in the community and schools"
    )
    _axe(page, found)
    page.get_by_role("button", name="Save the activity").click()
    expect(page.locator(".flash--success")).to_contain_text("The activity has been saved.")
    expect(page.locator("main")).to_contain_text(ACTIVITY)
    expect(page.locator("main")).to_contain_text("1.1.1")

    # …and adopts it.
    page.get_by_role("link", name="Adopt the plan").click()
    page.get_by_label("Adopted on").fill(date.today().isoformat())
    page.get_by_label("Decision reference").fill("01-016/TEST")
    page.get_by_role("button", name="Adopt the plan").click()
    expect(page.locator("main")).to_contain_text("01-016/TEST")
    expect(page.locator("main")).to_contain_text("Version 1")
    progress_label = "Progress of objective 1"
    expect(page.locator("main")).to_contain_text("Activities with no linked work")
    expect(_progress_of(page, progress_label)).to_have_attribute("value", "0")
    _axe(page, found)

    # A meeting action is linked to the activity: the activity now has linked work.
    page.goto(f"/m/PEJ/meetings/actions/{action}/edit")
    page.get_by_label("Plan activity").select_option(label=ACTIVITY)
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".flash--success")).to_contain_text("The action has been saved.")
    page.goto(plan_url)
    page.get_by_role("link", name=ACTIVITY).click()
    expect(page.locator("main")).to_contain_text(
        "Hold the first awareness session at the secondary school"
    )
    _axe(page, found)

    # An indicator value is reported: half of the target, the progress moves to 50%.
    page.get_by_label("Value", exact=True).fill("5")
    page.get_by_label("Date of the value").fill(date.today().isoformat())
    page.get_by_label("Source").fill("School visits register")
    page.get_by_role("button", name="Record the value").click()
    expect(page.locator(".flash--success")).to_contain_text("The value has been recorded.")
    expect(page.locator("main")).to_contain_text("School visits register")
    page.goto(plan_url)
    expect(_progress_of(page, progress_label)).to_have_attribute("value", "50")
    expect(_progress_of(page, "Progress of the whole plan")).to_have_attribute("value", "50")

    # Both documents download from the plan page.
    with page.expect_download() as plan_download:
        page.get_by_role("link", name="The local action plan").click()
    document = docx.Document(io.BytesIO(_bytes(plan_download.value)))
    tables = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert any(row[0] == "1.1" and row[1] == "Awareness sessions in schools" for row in tables)
    with page.expect_download() as report_download:
        page.get_by_role("link", name=f"Annual progress report {YEAR} for the ministry").click()
    document = docx.Document(io.BytesIO(_bytes(report_download.value)))
    tables = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["1", "Prevention in schools", "1", "0", "50 %"] in tables

    # The observer sees Peja's plan in the national matrix: national objective 1.1.1 at 50%.
    watcher = new_context(**desktop).new_page()
    sign_in(watcher, email_of(observer))
    watcher.goto("/plans/matrix")
    watcher.get_by_label("National strategy").select_option(label=f"{STRATEGY} (2022\u20132026)")
    watcher.get_by_label("Objectives shown").select_option(label="Specific objectives")
    watcher.get_by_role("button", name="Show").click()
    expect(watcher.get_by_role("heading", level=1)).to_have_text("Action plans: national matrix")
    peja = watcher.locator("tr", has=watcher.get_by_role("rowheader", name="Peja"))
    headers = watcher.locator("table.plan-matrix").first.locator("thead th")
    codes = [text.strip() for text in headers.all_inner_texts()]
    column = codes.index("1.1.1")
    expect(peja.locator("th, td").nth(column)).to_contain_text("50%")
    expect(peja.locator("th, td").nth(codes.index("2.1.1"))).to_contain_text("not covered")
    _axe(watcher, found)

    assert not found, report(found)


def _bytes(download: Any) -> bytes:
    with open(download.path(), "rb") as handle:
        return handle.read()
