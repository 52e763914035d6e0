"""The coordinator's planning path in a real browser: plan next year's regular meetings at once,
open one and build its agenda (add, reorder), then record the attendance of today's meeting and
see the quorum on the meeting page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.meetings.planning.helpers import today

pytestmark = pytest.mark.browser


def test_coordinator_plans_the_year_builds_an_agenda_and_records_attendance(
    page, app, make_user, make_institution, email_of
) -> None:
    for type_code, name in [
        ("police", "Police station Peja"),
        ("csw", "Centre for Social Work Peja"),
        ("health_centre", "Family medicine centre Peja"),
    ]:
        make_institution("PEJ", type_code, name)
    next_year = today(app).year + 1
    sign_in(page, email_of(make_user("coordinator", "PEJ")))
    page.goto("/m/PEJ/")
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Plan the year").click()
    page.get_by_role("link", name=str(next_year), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Plan the year {next_year}")
    expect(page.locator("#q1-starts")).to_have_value("10:00")
    page.locator("#q3-day").fill(f"{next_year}-09-10")
    page.locator("#q3-starts").fill("09:30")
    page.locator("#q4-include").uncheck()
    page.get_by_label("Language of the documents").select_option(label="English")
    page.get_by_role("button", name="Plan these meetings").click()
    expect(page.locator(".flash--success")).to_contain_text("3 meetings have been planned.")
    expect(page.locator("#q4-day")).to_be_visible()  # still offered: it was left out

    # Open the third quarter's meeting and build its agenda.
    page.get_by_role("region", name=re.compile("Quarter 3")).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Regular meeting of")
    expect(page.get_by_role("definition").filter(has_text="9:30")).to_be_visible()
    page.get_by_role("link", name="Edit the agenda").click()
    for title, presenter in [
        ("Shelter places over the winter", "Centre for Social Work Peja"),
        ("Referral pathway for child victims", "Police station Peja"),
    ]:
        page.get_by_label("Title").fill(title)
        page.get_by_label("Presented by").select_option(label=presenter)
        page.get_by_label("Expected duration (minutes)").fill("20")
        page.get_by_role("button", name="Save the item").click()
        expect(page.locator(".flash--success")).to_contain_text("added to the agenda")
    items = page.locator("ol.agenda > li strong")
    expect(items).to_have_text(
        [
            "Approval of the previous minutes",
            "Follow-up of open actions",
            "Shelter places over the winter",
            "Referral pathway for child victims",
            "Any other business",
        ]
    )
    page.get_by_role("button", name="Move up Referral pathway for child victims").click()
    expect(items.nth(2)).to_have_text("Referral pathway for child victims")
    expect(
        page.get_by_role("button", name="Move up Referral pathway for child victims")
    ).to_have_count(0)
    page.get_by_role("link", name="Back to the meeting").click()
    expect(page.get_by_text("Presented by Police station Peja · 20 minutes")).to_be_visible()
    expect(page.get_by_text("Expected duration of the items: 40 minutes.")).to_be_visible()

    # Today's meeting: plan it, then record who came.
    page.goto("/m/PEJ/meetings/new")
    page.get_by_label("Kind of meeting").select_option(label="Ad hoc meeting")
    page.get_by_label("Date").fill(today(app).isoformat())
    page.get_by_label("Starts at").fill("08:00")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text("Attendance not recorded yet.")).to_be_visible()
    page.get_by_role("link", name="Record the attendance").click()
    rows = {
        "Police station Peja": "Present",
        "Centre for Social Work Peja": "Present",
        "Family medicine centre Peja": "Excused",
    }
    for institution, presence in rows.items():
        row = page.get_by_role("row", name=institution)
        row.get_by_label(presence, exact=True).check()
    page.get_by_label("Represented by (Police station Peja)").fill("Agron Provaj")
    page.get_by_role("button", name="Save the attendance").click()
    expect(page.locator(".flash--success")).to_contain_text("The attendance has been saved.")
    expect(page.get_by_text("Quorum reached: 2 of 3 member institutions present.")).to_be_visible()
    attendance = page.get_by_role("region", name="Attendance and quorum")
    expect(attendance.get_by_role("row", name="Police station Peja")).to_contain_text(
        "Agron Provaj"
    )
    expect(attendance.get_by_role("row", name="Family medicine centre Peja")).to_contain_text(
        "Excused"
    )


def test_planning_pages_pass_axe(page, app, make_user, make_institution, email_of) -> None:
    from tests.browser.test_accessibility import audit, report
    from tests.meetings.planning.helpers import create_meeting

    police = make_institution("PEJ", "police", "Police station Peja")
    make_institution("PEJ", "csw", "Centre for Social Work Peja")
    make_user("member", "PEJ", institution_id=police)
    meeting_id = create_meeting(app, days=-1, cases=True)
    base = f"/m/PEJ/meetings/{meeting_id}"
    sign_in(page, email_of(make_user("coordinator", "PEJ")))
    page.goto(f"{base}/attendance")
    page.get_by_role("row", name="Police station Peja").get_by_label("Present", exact=True).check()
    page.get_by_role("button", name="Save the attendance").click()
    found = audit(
        page,
        [
            "/m/PEJ/meetings/",
            base,
            f"{base}/edit",
            f"{base}/agenda",
            f"{base}/attendance",
            f"{base}/confidentiality",
            f"{base}/cancel",
            "/m/PEJ/meetings/new",
            "/m/PEJ/meetings/plan",
            "/m/PEJ/meetings/compliance",
            "/m/PEJ/meetings/attendance",
            "/m/PEJ/meetings/requests",
            "/m/PEJ/meetings/requests/new",
        ],
    )
    assert not found, report(found)
