"""The personal calendar feed: made and revoked on the account page, read by calendar programs
without a session, carrying exactly the meetings of the user's mechanisms."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar
from sqlalchemy import select

from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.meetings.messages import agenda_of, build_ics
from mcm.meetings.models import AgendaItemKind, Meeting, MeetingKind, MeetingStatus
from tests.conftest import text_of

FEED = re.compile(r'value="(http://localhost/calendar/feed/[A-Za-z0-9_-]+\.ics)"')


def _make_feed(client: Any) -> str:
    response = client.post("/calendar/feed/new")
    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    return FEED.search(page)[1]


def _events(app: Any, url: str) -> dict[str, Any]:
    response = app.test_client().get(url)  # a calendar program: no session, no cookie
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return {str(e["UID"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}


def test_feed_carries_exactly_the_users_meetings_with_the_invitations_uids(
    app, client, client_factory, make_user, make_meeting, make_agenda_item
) -> None:
    regular = make_meeting("PEJ", starts_at=datetime(2027, 3, 10, 9, tzinfo=UTC))
    adhoc = make_meeting("PEJ", kind=MeetingKind.AD_HOC, status=MeetingStatus.INVITED)
    cancelled = make_meeting("PEJ", status=MeetingStatus.CANCELLED)
    other = make_meeting("FER")
    make_agenda_item(regular, "Case PEJ-2026-014 follow-up", kind=AgendaItemKind.CASES)
    client.login_user(make_user("coordinator", "PEJ"))
    url = _make_feed(client)

    events = _events(app, url)
    with app.test_request_context():
        meetings = {m.id: m for m in db.session.scalars(select(Meeting))}
        assert set(events) == {meetings[i].ics_uid for i in (regular, adhoc, cancelled)}
        # The invitation e-mailed for the meeting names the same event.
        meeting = meetings[regular]
        invitation = Calendar.from_ical(
            build_ics(meeting, agenda_of(meeting), "x@t.org", "en", cancel=False)
        )
        (invited,) = invitation.walk("VEVENT")
        assert str(invited["UID"]) in events
        assert events[str(invited["UID"])]["SEQUENCE"] == invited["SEQUENCE"]
        assert meetings[other].ics_uid not in events
    assert events[meetings[cancelled].ics_uid]["STATUS"] == "CANCELLED"
    assert events[meetings[regular].ics_uid]["STATUS"] == "CONFIRMED"
    assert events[meetings[regular].ics_uid].decoded("DTSTART") == datetime(
        2027, 3, 10, 9, tzinfo=UTC
    )
    body = app.test_client().get(url).get_data(as_text=True)
    assert "PEJ-2026-014" not in body and "follow-up" not in body  # no agenda, no case code

    # Another mechanism's coordinator, and a member of it, see only their own.
    fer = client_factory()
    fer.login_user(make_user("coordinator", "FER"))
    assert set(_events(app, _make_feed(fer))) == {meetings[other].ics_uid}
    member = client_factory()
    member.login_user(make_user("member", "FER"))
    assert set(_events(app, _make_feed(member))) == {meetings[other].ics_uid}


def test_an_observers_feed_has_no_meeting(app, client, make_user, make_meeting) -> None:
    make_meeting("PEJ")
    client.login_user(make_user("observer", None))
    assert "stays empty" in text_of(client.get("/account"))
    assert _events(app, _make_feed(client)) == {}


def test_a_revoked_or_replaced_feed_answers_404_with_no_hint(
    app, client, make_user, make_meeting
) -> None:
    make_meeting("PEJ")
    user = make_user("coordinator", "PEJ")
    client.login_user(user)
    first = _make_feed(client)
    second = _make_feed(client)  # a new address: the first stops
    assert second != first
    anonymous = app.test_client()
    unknown = anonymous.get("/calendar/feed/" + "A" * 43 + ".ics")
    malformed = anonymous.get("/calendar/feed/x.ics")
    replaced = anonymous.get(first.removeprefix("http://localhost"))
    assert unknown.status_code == malformed.status_code == replaced.status_code == 404
    assert unknown.data == malformed.data == replaced.data
    assert anonymous.get(second.removeprefix("http://localhost")).status_code == 200

    client.post("/calendar/feed/revoke")
    assert anonymous.get(second.removeprefix("http://localhost")).status_code == 404
    assert "You have no calendar feed." in text_of(client.get("/account"))
    with app.app_context():
        actions = list(
            db.session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.actor_id == user, AuditEntry.action.like("calendar_feed%"))
                .order_by(AuditEntry.id)
            )
        )
    assert actions == [
        "calendar_feed_created",
        "calendar_feed_regenerated",
        "calendar_feed_revoked",
    ]


def test_a_disabled_accounts_feed_stops(app, client, make_user) -> None:
    from mcm.accounts.models import User

    user = make_user("member", "PEJ")
    client.login_user(user)
    url = _make_feed(client).removeprefix("http://localhost")
    with app.app_context():
        db.session.get(User, user).active = False
        db.session.commit()
    assert app.test_client().get(url).status_code == 404


def test_the_database_holds_no_feed_url(app, client, make_user) -> None:
    from mcm.calendar.models import CalendarFeed

    client.login_user(make_user("coordinator", "PEJ"))
    secret = _make_feed(client).rsplit("/", 1)[1].removesuffix(".ics")
    with app.app_context():
        (feed,) = db.session.scalars(select(CalendarFeed))
        assert secret not in (feed.nonce, feed.secret_hash)
