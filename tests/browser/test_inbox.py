"""The member's day in a real browser: she signs in, lands on her inbox, sees the minutes waiting
for her review, comments, and the entry is gone. axe checks the inbox with entries at 1280 px
and 360 px on the way."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from mcm.extensions import db
from mcm.meetings.models import MeetingStatus, Minutes, MinutesStatus, MinutesVersion
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations
from tests.meetings.conftest import make_agenda_item, make_meeting  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def test_the_member_lands_on_her_inbox_reviews_the_minutes_and_the_entry_leaves(
    app,
    page,
    live_server,
    email_of,
    make_user,
    make_institution,
    make_meeting,  # noqa: F811 - the meetings' factory, imported above
    make_agenda_item,  # noqa: F811
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja (browser)")
    member = make_user("member", "PEJ", institution_id=police)
    meeting = make_meeting(
        starts_at=datetime.now(UTC) - timedelta(days=4), status=MeetingStatus.HELD
    )
    item = make_agenda_item(meeting, "Referral pathway")
    with app.app_context():
        minutes = Minutes(
            meeting_id=meeting,
            status=MinutesStatus.CIRCULATED,
            review_until=date.today() + timedelta(days=10),
            circulated_at=datetime.now(UTC),
        )
        db.session.add(minutes)
        db.session.flush()
        version = MinutesVersion(
            minutes_id=minutes.id,
            number=1,
            content={str(item): {"summary": "The pathway was reviewed.", "decisions": ""}},
        )
        db.session.add(version)
        db.session.flush()
        minutes.current_version_id = version.id
        db.session.commit()
    found: dict[str, list[str]] = {}

    sign_in(page, email_of(member))
    assert page.url == live_server + "/inbox"
    expect(page.locator("h1")).to_have_text("What needs me")
    navigation = page.get_by_role("navigation", name="Main navigation")
    expect(navigation.get_by_role("link", name=re.compile(r"^Inbox 1"))).to_be_visible()
    section = page.get_by_role("region", name=re.compile("Minutes to review"))
    expect(section).to_contain_text("Comment by")
    if lines := violations(page):
        found["/inbox at 1280 px"] = lines
    page.set_viewport_size({"width": 360, "height": 740})
    if lines := violations(page):
        found["/inbox at 360 px"] = lines
    page.set_viewport_size({"width": 1280, "height": 900})

    section.get_by_role("link", name=re.compile("Minutes of the meeting of")).click()
    expect(page).to_have_url(re.compile(rf"/m/PEJ/meetings/{meeting}/minutes$"))
    page.locator(f"#item-{item}").get_by_label("Your comment on this item").fill(
        "Please name the office that receives the referrals."
    )
    page.locator(f"#item-{item}").get_by_role("button", name="Add the comment").click()
    expect(page.locator(".flash--success")).to_contain_text("Your comment has been added.")

    navigation.get_by_role("link", name=re.compile("^Inbox")).click()
    expect(page.get_by_role("region", name=re.compile("Minutes to review"))).to_have_count(0)
    expect(page.get_by_text("Nothing waits for you.")).to_be_visible()
    expect(navigation.get_by_role("link", name="Inbox", exact=True)).to_be_visible()  # no count
    assert not found, report(found)
