"""The calendar page: a month grid and a list of the user's meetings, navigable by month."""

from __future__ import annotations

from datetime import UTC, datetime

from mcm.meetings.models import MeetingKind, MeetingStatus
from tests.conftest import text_of

MARCH = datetime(2027, 3, 10, 9, tzinfo=UTC)


def test_month_and_list_show_the_users_meetings_cancelled_ones_struck_through(
    client, make_user, make_meeting
) -> None:
    make_meeting("PEJ", starts_at=MARCH)
    make_meeting("PEJ", starts_at=datetime(2027, 3, 22, 12, tzinfo=UTC), kind=MeetingKind.AD_HOC)
    make_meeting(
        "PEJ", starts_at=datetime(2027, 3, 24, 12, tzinfo=UTC), status=MeetingStatus.CANCELLED
    )
    make_meeting("PEJ", starts_at=datetime(2027, 4, 2, 9, tzinfo=UTC))
    make_meeting("FER", starts_at=datetime(2027, 3, 11, 9, tzinfo=UTC))
    client.login_user(make_user("member", "PEJ"))

    for view in ("month", "list"):
        response = client.get(f"/calendar/?month=2027-03&view={view}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        text = text_of(response)
        assert "March 2027" in text
        assert text.count("Peja") == 3, view  # the April meeting and Ferizaj's are not here
        assert "Ferizaj" not in text
        assert "Ad hoc" in text
        assert "<del>" in html and "Cancelled" in text  # the word, not only the style
        assert "month=2027-04" in html and "month=2027-02" in html
    april = text_of(client.get("/calendar/?month=2027-04&view=list"))
    assert april.count("Peja") == 1


def test_the_calendar_speaks_the_users_language(client, make_user, make_meeting) -> None:
    make_meeting("PEJ", starts_at=MARCH)
    client.login_user(make_user("coordinator", "PEJ", language="sq"))
    text = text_of(client.get("/calendar/?month=2027-03"))
    assert "mars 2027" in text and "March" not in text  # Babel's Albanian month names


def test_bad_months_show_this_month_never_an_error(client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    for month in ("99999-01", "2027-13", "abc", "2027-3", "", "0000-01", "2027-03-01"):
        response = client.get(f"/calendar/?month={month}&view=weird")
        assert response.status_code == 200, month


def test_an_observer_sees_an_empty_calendar_that_says_why(client, make_user, make_meeting) -> None:
    make_meeting("PEJ", starts_at=MARCH)
    client.login_user(make_user("observer", None))
    text = text_of(client.get("/calendar/?month=2027-03"))
    assert "sees no mechanism" in text and "Peja" not in text


def test_the_calendar_costs_the_same_queries_whatever_the_meetings(
    app, client, make_user, make_meeting, count_queries
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    make_meeting("PEJ", starts_at=MARCH)
    with count_queries() as few:
        client.get("/calendar/?month=2027-03")
    for day in range(1, 28):
        make_meeting("PEJ", starts_at=datetime(2027, 3, day, 8, tzinfo=UTC))
    with count_queries() as many:
        client.get("/calendar/?month=2027-03")
    assert len(many) == len(few)
