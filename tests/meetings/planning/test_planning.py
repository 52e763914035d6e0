"""Planning meetings: one meeting, the year's plan, cancelling and closing, compliance per quarter
(for the mechanism and nationally), who may do what, and constant queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from mcm.extensions import db
from mcm.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingKind, MeetingStatus
from mcm.meetings.planning import dates
from mcm.meetings.planning import services as planning
from tests.conftest import mechanism_id, text_of
from tests.meetings.planning.helpers import create_meeting, meeting, today, url

Q = planning.Quarter


# -- quarters -------------------------------------------------------------------------------------


def test_quarters_and_the_proposed_day() -> None:
    assert Q.of(date(2026, 2, 28)) == Q(2026, 1)
    assert Q(2026, 4).next() == Q(2027, 1) and Q(2026, 1).previous() == Q(2025, 4)
    assert Q(2026, 2).first_day == date(2026, 4, 1) and Q(2026, 2).last_day == date(2026, 6, 30)
    quarters = dates.last_quarters(8, date(2026, 5, 10))
    assert quarters[0] == Q(2024, 3) and quarters[-1] == Q(2026, 2) and len(quarters) == 8
    # The middle of the quarter, moved off the weekend: 15 Feb 2026 is a Sunday.
    assert planning.proposed_day(Q(2026, 1), now=date(2025, 12, 1)) == date(2026, 2, 16)
    # Once the middle has passed, a week from now, still inside the quarter, on a weekday.
    late = planning.proposed_day(Q(2026, 1), now=date(2026, 3, 20))
    assert late in Q(2026, 1) and late.weekday() < 5 and late >= date(2026, 3, 20)


def test_the_compliance_rule() -> None:
    now = datetime(2026, 5, 1, tzinfo=UTC)
    ahead = Meeting(status=MeetingStatus.PLANNED, starts_at=now + timedelta(days=3))
    passed = Meeting(status=MeetingStatus.INVITED, starts_at=now - timedelta(days=3))
    held = Meeting(status=MeetingStatus.HELD, starts_at=now - timedelta(days=30))
    assert planning.quarter_state([held, ahead], now) is planning.QuarterState.HELD
    assert planning.quarter_state([ahead], now) is planning.QuarterState.PLANNED
    # Planned but passed without being marked as held: missing.
    assert planning.quarter_state([passed], now) is planning.QuarterState.MISSING
    assert planning.quarter_state([], now) is planning.QuarterState.MISSING


# -- one meeting ----------------------------------------------------------------------------------


def _meeting_form(when: date, **overrides: object) -> dict[str, object]:
    data = {
        "kind": "regular",
        "documents_language": "sq",
        "day": when.isoformat(),
        "starts": "10:00",
        "ends": "12:00",
        "place": "Salla e Kuvendit Komunal",
        "online_link": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_coordinator_plans_a_meeting_in_local_time_with_its_standing_items(
    app, client, make_user
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    day = date(today(app).year + 1, 3, 10)
    response = client.post("/m/PEJ/meetings/new", _meeting_form(day))
    assert response.status_code == 302
    with app.app_context():
        found = db.session.scalar(select(Meeting))
        # 10:00 in Europe/Belgrade is 09:00 UTC in winter.
        assert found.starts_at == datetime(day.year, 3, 10, 9, 0, tzinfo=UTC)
        assert found.status is MeetingStatus.PLANNED and found.language == "sq"
        kinds = db.session.scalars(
            select(AgendaItem.kind)
            .where(AgendaItem.meeting_id == found.id)
            .order_by(AgendaItem.position)
        ).all()
    assert kinds == [
        AgendaItemKind.PREVIOUS_MINUTES,
        AgendaItemKind.FOLLOW_UP,
        AgendaItemKind.OTHER_BUSINESS,
    ]
    page = text_of(client.get(response.headers["Location"]))
    assert "Regular meeting of" in page and "Salla e Kuvendit Komunal" in page
    assert "10:00" in page and "Planned" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts": "25:99"}, "Enter the time as hours and minutes, such as 10:00."),
        ({"ends": "09:00"}, "The meeting must end after it starts."),
        ({"day": "31.02.2026"}, "Enter the date as day, month and year."),
        ({"day": ""}, "Please fill in this field."),
        ({"online_link": "javascript:alert(1)"}, "starting with https://"),
        ({"kind": "party"}, "Choose one of the options offered."),
        ({"notes": "x" * 5001}, "At most 5000 characters, please."),
    ],
)
def test_bad_input_is_refused_with_the_typed_text_kept(
    app, client, make_user, overrides, message
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    data = _meeting_form(today(app) + timedelta(days=10), **overrides)
    response = client.post("/m/PEJ/meetings/new", data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert "Salla e Kuvendit Komunal" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Meeting.id)) is None


def test_a_concurrent_edit_is_refused_showing_both_versions(app, client_factory, make_user):
    coordinator = make_user("coordinator", "PEJ")
    meeting_id = create_meeting(app, place="Room 1")
    first, second = client_factory(), client_factory()
    first.login_user(coordinator)
    second.login_user(coordinator)
    first.get(url(meeting_id, "/edit"))
    second.get(url(meeting_id, "/edit"))
    version = str(meeting(app, meeting_id).version)
    day = today(app) + timedelta(days=7)
    saved = first.post(
        url(meeting_id, "/edit"), _meeting_form(day, place="Room 2", version=version)
    )
    assert saved.status_code == 302
    refused = second.post(
        url(meeting_id, "/edit"), _meeting_form(day, place="Room 3", version=version)
    )
    page = text_of(refused)
    assert refused.status_code == 409 and "Someone else saved this record" in page
    assert "Room 2" in page and 'value="Room 3"' in refused.get_data(as_text=True)
    assert meeting(app, meeting_id).place == "Room 2"


def test_cancel_needs_a_reason_and_a_held_meeting_cannot_be_cancelled(app, client, make_user):
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app)
    refused = client.post(url(meeting_id, "/cancel"), {"reason": ""})
    assert "Please fill in this field." in text_of(refused)
    client.post(url(meeting_id, "/cancel"), {"reason": "The hall is being renovated."})
    found = meeting(app, meeting_id)
    assert found.status is MeetingStatus.CANCELLED
    assert found.cancelled_reason == "The hall is being renovated."
    page = text_of(client.get(url(meeting_id)))
    assert "This meeting was cancelled." in page and "renovated" in page
    assert client.get(url(meeting_id, "/edit")).status_code == 302  # back to the page

    held = create_meeting(app, days=-3, status=MeetingStatus.HELD)
    client.post(url(held, "/cancel"), {"reason": "Oops"})
    assert meeting(app, held).status is MeetingStatus.HELD


def test_mark_as_held_only_once_the_meeting_started(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    ahead = create_meeting(app, days=5)
    response = client.post(url(ahead, "/held"), follow_redirects=True)
    assert "it can be marked as held from then on" in text_of(response)
    assert meeting(app, ahead).status is MeetingStatus.PLANNED
    past = create_meeting(app, days=-2)
    response = client.post(url(past, "/held"), follow_redirects=True)
    assert "The meeting has been marked as held." in text_of(response)
    assert meeting(app, past).status is MeetingStatus.HELD


def test_list_shows_coming_and_past_meetings_and_the_home_page_links_to_it(
    app, client, make_user
) -> None:
    client.login_user(make_user("member", "PEJ"))
    create_meeting(app, days=20, place="Coming hall")
    create_meeting(app, days=-20, place="Past hall", status=MeetingStatus.HELD)
    create_meeting(app, "FER", days=10, place="Other mechanism hall")
    page = text_of(client.get("/m/PEJ/meetings/"))
    assert page.index("Coming meetings") < page.index("Coming hall") < page.index("Past hall")
    assert "Other mechanism hall" not in page
    assert "/m/PEJ/meetings/" in client.get("/m/PEJ/").get_data(as_text=True)


# -- the year's plan ------------------------------------------------------------------------------


def test_plan_the_year_proposes_one_meeting_per_quarter_and_saves_them(
    app, client, make_user
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    year = today(app).year + 1
    existing = create_meeting(app, day=date(year, 5, 20), place="Already planned")
    page = client.get(f"/m/PEJ/meetings/plan?year={year}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # Q2 has its meeting: not offered again. The others are proposed mid-quarter at 10:00.
    assert 'name="q2-day"' not in html and "Already planned" in html
    q1 = planning.proposed_day(Q(year, 1))
    assert f'name="q1-day" type="date" value="{q1.isoformat()}"' in html
    assert 'name="q1-starts" type="time" value="10:00"' in html
    data = {"documents_language": "sr"}
    for n, day in ((1, q1), (3, date(year, 8, 12)), (4, date(year, 11, 16))):
        data |= {
            f"q{n}-include": "y",
            f"q{n}-day": day.isoformat(),
            f"q{n}-starts": "09:30",
            f"q{n}-ends": "11:00",
            f"q{n}-place": "Sala opštine",
        }
    data["q4-include"] = ""  # unticked: left out
    response = client.post(f"/m/PEJ/meetings/plan?year={year}", data)
    assert response.status_code == 302, text_of(response)
    with app.app_context():
        meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
        assert [m.id == existing for m in meetings] == [False, True, False]
        assert {m.kind for m in meetings} == {MeetingKind.REGULAR}
        assert meetings[2].language == "sr" and meetings[2].place == "Sala opštine"
    # Sent twice: nothing new, a clear message.
    again = client.post(f"/m/PEJ/meetings/plan?year={year}", data)
    assert "Quarter 1 already has a regular meeting, or is over." in text_of(again)
    with app.app_context():
        assert len(db.session.scalars(select(Meeting.id)).all()) == 3


def test_plan_refuses_a_date_outside_its_quarter(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    year = today(app).year + 1
    data = {
        "documents_language": "sq",
        "q1-include": "y",
        "q1-day": date(year, 7, 1).isoformat(),
        "q1-starts": "10:00",
        "q2-day": "not a date",  # unticked: its fields do not matter
    }
    response = client.post(f"/m/PEJ/meetings/plan?year={year}", data)
    page = text_of(response)
    assert response.status_code == 200 and "The meeting of Q1" in page and "must be between" in page
    with app.app_context():
        assert db.session.scalar(select(Meeting.id)) is None


def test_plan_with_an_odd_year_shows_this_year(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    for odd in ("abc", "99999", "-1", "1900"):
        response = client.get(f"/m/PEJ/meetings/plan?year={odd}")
        assert response.status_code == 200
        assert f"Plan the year {today(app).year}" in text_of(response)


def _regular_meetings(app, code: str, count: int, status: MeetingStatus) -> None:
    for n in range(count):
        create_meeting(app, code, days=-30 * (n + 1), status=status)


def test_year_and_compliance_views_use_a_constant_number_of_queries(
    app, client, make_user, count_queries
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    year = today(app).year
    client.get(f"/m/PEJ/meetings/plan?year={year}")
    with count_queries() as few_plan:
        client.get(f"/m/PEJ/meetings/plan?year={year}")
    with count_queries() as few_compliance:
        client.get("/m/PEJ/meetings/compliance")
    _regular_meetings(app, "PEJ", 12, MeetingStatus.HELD)
    for n in range(4):
        create_meeting(app, days=20 + n, status=MeetingStatus.PLANNED)
    with count_queries() as many_plan:
        client.get(f"/m/PEJ/meetings/plan?year={year}")
    with count_queries() as many_compliance:
        page = text_of(client.get("/m/PEJ/meetings/compliance"))
    assert len(many_plan) == len(few_plan)
    assert len(many_compliance) == len(few_compliance)
    assert "Held" in page


def test_compliance_shows_held_planned_and_missing_quarters(app, client, make_user) -> None:
    client.login_user(make_user("member", "PEJ"))
    now = today(app)
    current = Q.of(now)
    held_day = current.previous().first_day + timedelta(days=10)
    create_meeting(app, day=held_day, status=MeetingStatus.HELD)
    # An ad hoc meeting never counts for the quarter.
    create_meeting(
        app,
        day=current.previous().previous().first_day + timedelta(days=5),
        kind=MeetingKind.AD_HOC,
        status=MeetingStatus.HELD,
    )
    if current.last_day > now:
        create_meeting(app, day=current.last_day)
    page = text_of(client.get("/m/PEJ/meetings/compliance"))
    assert f"{current.previous()} Held" in page
    assert f"{current.previous().previous()} Missing" in page
    if current.last_day > now:
        assert f"{current} Planned" in page
    assert "1 of the last 8 quarters held." in page


def test_national_compliance_for_observers_only(app, client, make_user, count_queries) -> None:
    client.login_user(make_user("observer", None))
    with count_queries() as few:
        client.get("/compliance/")
    last = Q.of(today(app)).previous()
    for code in ("PEJ", "FER", "PRZ"):
        create_meeting(
            app, code, day=last.first_day + timedelta(days=20), status=MeetingStatus.HELD
        )
        _regular_meetings(app, code, 3, MeetingStatus.HELD)
    with count_queries() as many:
        response = client.get("/compliance/")
    assert response.status_code == 200
    assert len(many) == len(few)
    page = text_of(response)
    assert "Meeting regularity" in page and "Peja" in page and "Prizren" in page
    assert f"{last}" in page
    for role in ("coordinator", "member"):
        other = type(client)(app)
        other.login_user(make_user(role, "PEJ"))
        assert other.get("/compliance/").status_code == 403
    admin = type(client)(app)
    admin.login_user(make_user("administrator", None))
    assert admin.get("/compliance/").status_code == 200


# -- access and the meeting page ------------------------------------------------------------------

MANAGE_PAGES = ["/m/PEJ/meetings/new", "/m/PEJ/meetings/plan"]


def test_member_reads_but_does_not_plan(app, client, make_user) -> None:
    client.login_user(make_user("member", "PEJ"))
    meeting_id = create_meeting(app)
    for path in (
        "/m/PEJ/meetings/",
        url(meeting_id),
        "/m/PEJ/meetings/compliance",
        "/m/PEJ/meetings/attendance",
    ):
        assert client.get(path).status_code == 200, path
    for path in [*MANAGE_PAGES, url(meeting_id, "/edit"), url(meeting_id, "/cancel")]:
        assert client.get(path).status_code == 403, path
    assert client.post(url(meeting_id, "/held")).status_code == 403
    assert "Edit the meeting" not in text_of(client.get(url(meeting_id)))


def test_other_mechanisms_and_observers_are_kept_out(app, client, make_user) -> None:
    meeting_id = create_meeting(app, "PEJ")
    client.login_user(make_user("coordinator", "FER"))
    assert client.get(url(meeting_id)).status_code == 403
    # Through her own mechanism's URL, another mechanism's meeting does not exist.
    assert client.get(url(meeting_id, code="FER")).status_code == 404
    assert client.get(url(meeting_id, "/edit", code="FER")).status_code == 404
    observer = type(client)(app)
    observer.login_user(make_user("observer", None))
    for path in ("/m/PEJ/meetings/", url(meeting_id), "/m/PEJ/meetings/compliance"):
        assert observer.get(path).status_code == 403, path


def test_meeting_page_uses_a_constant_number_of_queries(
    app, client, make_user, make_institution, count_queries
) -> None:
    from mcm.meetings.models import (
        Action,
        Attendance,
        ConfidentialityAcknowledgement,
        Invitation,
        Presence,
    )

    client.login_user(make_user("coordinator", "PEJ"))
    earlier = create_meeting(app, days=-40, status=MeetingStatus.HELD)
    meeting_id = create_meeting(app, days=-1, cases=True)

    def add(n: int) -> None:
        institution = make_institution("PEJ", "cso", f"Organisation {n}")
        with app.app_context():
            db.session.add_all(
                [
                    AgendaItem(
                        meeting_id=meeting_id,
                        position=10 + n,
                        kind=AgendaItemKind.TOPIC,
                        title=f"Topic {n}",
                        presenter_institution_id=institution,
                        duration_minutes=15,
                    ),
                    Invitation(meeting_id=meeting_id, institution_id=institution),
                    Attendance(
                        meeting_id=meeting_id,
                        institution_id=institution,
                        presence=Presence.PRESENT,
                        represented_by=f"Person {n}",
                    ),
                    ConfidentialityAcknowledgement(
                        meeting_id=meeting_id, institution_id=institution, attendee_name=f"P{n}"
                    ),
                    Action(
                        mechanism_id=mechanism_id(app, "PEJ"),
                        meeting_id=earlier,
                        title=f"Action {n}",
                        responsible_institution_id=institution,
                        due_on=date(2026, 1, 1) + timedelta(days=n),
                    ),
                ]
            )
            db.session.commit()

    add(0)
    client.get(url(meeting_id))
    with count_queries() as few:
        client.get(url(meeting_id))
    for n in range(1, 12):
        add(n)
    with count_queries() as many:
        page = text_of(client.get(url(meeting_id)))
    assert "Topic 11" in page and "Action 11" in page and "Person 11" in page
    assert "Quorum reached: 12 of 12" in page
    assert len(many) == len(few), "\n".join(many)


def test_standing_items_are_titled_in_the_meetings_language(app) -> None:
    from mcm.meetings.agenda.services import standing_title

    with app.test_request_context(headers={"Accept-Language": "sr"}):
        # The meeting's language, not the reader's.
        assert standing_title(AgendaItemKind.OTHER_BUSINESS, "en") == "Any other business"
    assert time(10) == planning.DEFAULT_START
