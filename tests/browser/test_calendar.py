"""The calendar in a real browser: the month view shows the coordinator's meetings, and what a
calendar program reads from her feed (parsed with icalendar) is exactly those meetings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import Meeting, MeetingKind, MeetingStatus
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def _meeting(app, code: str, starts_at: datetime, **values) -> None:
    with app.app_context():
        mechanism_id = mechanism_by_code(code).id
        db.session.add(
            Meeting(
                mechanism_id=mechanism_id,
                kind=values.get("kind", MeetingKind.REGULAR),
                status=values.get("status", MeetingStatus.INVITED),
                starts_at=starts_at,
                place="Municipal hall",
                ics_uid=f"{uuid4()}@mcm.test",
            )
        )
        db.session.commit()


def test_month_view_and_feed_show_the_same_meetings(page, app, make_user, email_of):
    today = date.today()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    _meeting(app, "PEJ", datetime(year, month, 10, 8, tzinfo=UTC))
    _meeting(app, "PEJ", datetime(year, month, 17, 12, tzinfo=UTC), kind=MeetingKind.AD_HOC)
    _meeting(app, "PEJ", datetime(year, month, 24, 8, tzinfo=UTC), status=MeetingStatus.CANCELLED)
    _meeting(app, "FER", datetime(year, month, 11, 8, tzinfo=UTC))
    sign_in(page, email_of(make_user("coordinator", "PEJ")))

    page.get_by_role("link", name="Calendar", exact=True).click()
    page.locator("a[rel=next]").first.click()
    grid = page.locator("table.month-grid")
    expect(grid.locator(".meeting")).to_have_count(3)
    expect(grid.locator(".meeting--cancelled del")).to_have_count(1)
    expect(grid.locator(".meeting--cancelled")).to_contain_text("Cancelled")
    expect(grid).not_to_contain_text("Ferizaj")
    shown = grid.locator(".meeting a").evaluate_all("links => links.map(a => a.pathname)")

    page.get_by_role("link", name="Subscribe in your calendar program").click()
    page.get_by_role("button", name="Make my calendar feed").click()
    url = page.get_by_label("Feed address").input_value()
    feed = page.context.request.get(url, headers={"Cookie": ""})
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    with app.app_context():
        uids = {
            f"/m/PEJ/meetings/{m.id}": m.ics_uid
            for m in db.session.scalars(select(Meeting).join(Meeting.mechanism))
        }
    assert sorted(str(e["UID"]) for e in events) == sorted(uids[path] for path in shown)
    assert sorted(str(e["STATUS"]) for e in events) == ["CANCELLED", "CONFIRMED", "CONFIRMED"]
