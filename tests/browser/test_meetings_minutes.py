"""Minutes in a real browser: the coordinator writes and circulates them and records an action, a
member comments on an item and updates her institution's action, the coordinator resolves the
comment and approves the minutes; a correction then becomes version 2, and the comparison shows
what changed. axe checks the minutes, comparison and action pages on the way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations
from tests.meetings.conftest import make_agenda_item, make_meeting  # noqa: F401 - fixtures
from tests.meetings.minutes.helpers import build_scene

pytestmark = pytest.mark.browser


def _axe(page, found: dict[str, list[str]]) -> None:
    lines = violations(page)
    if lines:
        found[page.url] = lines


def test_minutes_from_draft_to_correction(
    app,
    new_context,
    email_of,
    make_user,
    make_institution,
    make_meeting,  # noqa: F811 - the meetings' factory, imported above
    make_agenda_item,  # noqa: F811
) -> None:
    scene = build_scene(app, make_user, make_institution, make_meeting, make_agenda_item)
    topic = f"#item-{scene.items['topic']}"
    found: dict[str, list[str]] = {}
    coordinator = new_context(viewport={"width": 1280, "height": 900}).new_page()
    member = new_context(viewport={"width": 1280, "height": 900}).new_page()

    # The coordinator writes the draft from the meeting page.
    sign_in(coordinator, email_of(scene.coordinator))
    coordinator.goto(f"/m/PEJ/meetings/{scene.meeting}")
    coordinator.get_by_role("link", name="Write the minutes").click()
    coordinator.locator(topic).get_by_label("Discussion summary").fill(
        "The members reviewed the referral pathway."
    )
    coordinator.locator(topic).get_by_label("Decisions").fill("The pathway is adopted.")
    coordinator.get_by_role("button", name="Save the minutes").click()
    expect(coordinator.locator(".flash--success")).to_contain_text("The minutes have been saved.")
    expect(coordinator.locator(topic)).to_contain_text("The pathway is adopted.")

    # …records the action decided under the item…
    coordinator.locator(topic).get_by_role("link", name="Add an action under this item").click()
    coordinator.get_by_label("What is to be done").fill("Train the duty officers on the pathway")
    coordinator.get_by_label("Responsible institution").select_option(
        label="Police Station Peja (test)"
    )
    coordinator.get_by_label("Due date").fill((date.today() + timedelta(days=30)).isoformat())
    coordinator.get_by_role("button", name="Save the action").click()
    expect(coordinator.locator(topic)).to_contain_text("Train the duty officers on the pathway")

    # …and circulates the minutes for review.
    coordinator.get_by_role("link", name="Circulate for review").click()
    expect(coordinator.get_by_label("Comments by")).not_to_have_value("")
    coordinator.get_by_role("button", name="Circulate for review").click()
    expect(coordinator.locator(".flash--success")).to_contain_text("have been circulated")
    expect(coordinator.locator(".badge--minutes-circulated")).to_have_text("Circulated for review")

    # A member comments on the item and updates her institution's action.
    sign_in(member, email_of(scene.member))
    member.goto(f"/m/PEJ/meetings/{scene.meeting}")
    member.get_by_role("link", name="Open the minutes").click()
    expect(member.locator("h2", has_text="Case discussions")).to_have_count(0)  # summary
    member.locator(topic).get_by_label("Your comment on this item").fill(
        "Please add that the police will brief every station."
    )
    member.locator(topic).get_by_role("button", name="Add the comment").click()
    expect(member.locator(".flash--success")).to_contain_text("Your comment has been added.")
    _axe(member, found)
    member.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Actions"
    ).click()
    member.get_by_role("link", name="Train the duty officers on the pathway").click()
    _axe(member, found)
    member.get_by_label("Status").select_option(label="In progress")
    member.get_by_label("Progress note").fill("Two of five stations trained.")
    member.get_by_role("button", name="Record the progress").click()
    expect(member.locator(".flash--success")).to_contain_text("The progress has been recorded.")
    expect(member.get_by_text("Two of five stations trained.")).to_be_visible()

    # The coordinator resolves the comment and records the approval at the next meeting.
    coordinator.reload()
    expect(coordinator.locator(topic)).to_contain_text("the police will brief every station")
    coordinator.locator(topic).get_by_role("link", name="Resolve this comment").click()
    coordinator.get_by_label("Resolution").fill("Added to the decisions.")
    coordinator.get_by_role("button", name="Mark as resolved").click()
    expect(coordinator.locator(topic)).to_contain_text("Added to the decisions.")
    coordinator.get_by_role("link", name="Record the approval").click()
    coordinator.get_by_label("At a later meeting").check()
    coordinator.get_by_label("Meeting that approved them").select_option(index=1)
    # The review period still runs: approving now needs the reason.
    coordinator.get_by_label("Reason for approving before the review deadline").fill(
        "Every member institution confirmed the text at the meeting."
    )
    coordinator.get_by_role("button", name="Approve and lock the minutes").click()
    expect(coordinator.locator(".badge--minutes-approved")).to_have_text("Approved")
    expect(coordinator.get_by_role("link", name="Edit the minutes")).to_have_count(0)

    # A correction after approval is version 2, with its reason; the comparison shows it.
    coordinator.get_by_role("link", name="Correct (new version)").click()
    coordinator.locator(topic).get_by_label("Decisions").fill(
        "The pathway is approved; the police brief every station."
    )
    coordinator.get_by_label("Reason for the correction").fill("The resolved comment was left out.")
    coordinator.get_by_role("button", name="Save the correction as a new version").click()
    expect(coordinator.locator(".flash--success")).to_contain_text("Version 2")
    coordinator.get_by_role("link", name="Compare with version 1").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Changes from version 1 to version 2"
    )
    expect(coordinator.locator("ins").first).to_contain_text("the police brief every station")
    expect(coordinator.locator("del").first).to_contain_text("adopted")
    _axe(coordinator, found)
    coordinator.get_by_role("link", name="Back to the current minutes").click()
    coordinator.get_by_role("link", name="Version 1", exact=True).click()
    expect(coordinator.get_by_text("The pathway is adopted.", exact=True)).to_be_visible()
    assert not found, report(found)
