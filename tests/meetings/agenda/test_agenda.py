"""The agenda: standing items, topics added, changed, reordered and removed, the case items
following the "cases on the agenda" tick, and the open actions under the follow-up item."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from mcm.extensions import db
from mcm.meetings.models import Action, ActionStatus, AgendaItem, AgendaItemKind, MeetingStatus
from tests.conftest import mechanism_id, text_of
from tests.meetings.planning.helpers import create_meeting, meeting, today, url

K = AgendaItemKind


def _agenda(app, meeting_id: int) -> list[tuple[AgendaItemKind, str]]:
    with app.app_context():
        items = db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position)
        ).all()
        return [(item.kind, item.title) for item in items]


def _item_id(app, meeting_id: int, title: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(AgendaItem.id).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.title == title
            )
        )


def _add(client, meeting_id: int, title: str, **fields: object) -> object:
    return client.post(url(meeting_id, "/agenda"), {"title": title, **fields})


def test_standing_items_with_and_without_cases(app) -> None:
    plain = create_meeting(app)
    assert [k for k, _ in _agenda(app, plain)] == [
        K.PREVIOUS_MINUTES,
        K.FOLLOW_UP,
        K.OTHER_BUSINESS,
    ]
    with_cases = create_meeting(app, cases=True)
    assert [k for k, _ in _agenda(app, with_cases)] == [
        K.CONFIDENTIALITY,
        K.PREVIOUS_MINUTES,
        K.FOLLOW_UP,
        K.CASES,
        K.OTHER_BUSINESS,
    ]


def test_topics_come_before_cases_and_other_business(
    app, client, make_user, make_institution
) -> None:
    police = make_institution("PEJ", "police", "Police station Peja")
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, cases=True)
    response = _add(
        client, meeting_id, "Referral pathway", presenter=str(police), duration="20", notes="Draft"
    )
    assert response.status_code == 302
    _add(client, meeting_id, "Awareness campaign")
    titles = [title for _, title in _agenda(app, meeting_id)]
    assert titles[3:5] == ["Referral pathway", "Awareness campaign"]
    assert [k for k, _ in _agenda(app, meeting_id)][-2:] == [K.CASES, K.OTHER_BUSINESS]
    page = text_of(client.get(url(meeting_id)))
    assert "Presented by Police station Peja · 20 minutes" in page


def test_bad_agenda_input_is_refused_with_a_message(
    app, client, make_user, make_institution
) -> None:
    other = make_institution("FER", "police", "Police station Ferizaj")
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app)
    cases = [
        ({"title": ""}, "Please fill in this field."),
        ({"title": "x" * 301}, "At most 300 characters, please."),
        ({"title": "Topic", "duration": "abc"}, "Enter a whole number of minutes, such as 30."),
        ({"title": "Topic", "duration": "0"}, "Between 1 and 480 minutes, please."),
        ({"title": "Topic", "presenter": str(other)}, "Choose one of the options offered."),
    ]
    for data, message in cases:
        response = client.post(url(meeting_id, "/agenda"), data)
        assert response.status_code == 200 and message in text_of(response), data
    assert len(_agenda(app, meeting_id)) == 3


def test_reorder_keeps_standing_items_in_place(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, cases=True)
    for title in ("First topic", "Second topic"):
        _add(client, meeting_id, title)
    second = _item_id(app, meeting_id, "Second topic")
    client.post(url(meeting_id, f"/agenda/{second}/move"), {"direction": "up"})
    titles = [title for _, title in _agenda(app, meeting_id)]
    assert titles.index("Second topic") < titles.index("First topic")
    # The first topic cannot climb above the follow-up item.
    for _ in range(3):
        client.post(url(meeting_id, f"/agenda/{second}/move"), {"direction": "up"})
    kinds = [k for k, _ in _agenda(app, meeting_id)]
    assert kinds[:3] == [K.CONFIDENTIALITY, K.PREVIOUS_MINUTES, K.FOLLOW_UP]
    # The case discussions move among the topics, never below any other business.
    cases = _item_id(app, meeting_id, "Case discussions")
    client.post(url(meeting_id, f"/agenda/{cases}/move"), {"direction": "up"})
    assert [k for k, _ in _agenda(app, meeting_id)][3:] == [
        K.TOPIC,
        K.CASES,
        K.TOPIC,
        K.OTHER_BUSINESS,
    ]
    client.post(url(meeting_id, f"/agenda/{cases}/move"), {"direction": "down"})
    client.post(url(meeting_id, f"/agenda/{cases}/move"), {"direction": "down"})
    assert [k for k, _ in _agenda(app, meeting_id)][-1] == K.OTHER_BUSINESS
    # A standing item does not move, and nonsense directions change nothing.
    follow_up = _item_id(app, meeting_id, "Follow-up of open actions")
    response = client.post(
        url(meeting_id, f"/agenda/{follow_up}/move"), {"direction": "down"}, follow_redirects=True
    )
    assert "Standing items keep their place." in text_of(response)
    before = _agenda(app, meeting_id)
    client.post(url(meeting_id, f"/agenda/{second}/move"), {"direction": "sideways"})
    assert _agenda(app, meeting_id) == before


def test_edit_and_remove_topics_but_never_standing_items(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app)
    _add(client, meeting_id, "Budget")
    topic = _item_id(app, meeting_id, "Budget")
    edit = client.get(url(meeting_id, f"/agenda/{topic}/edit"))
    assert 'value="Budget"' in edit.get_data(as_text=True)
    client.post(
        url(meeting_id, f"/agenda/{topic}/edit"), {"title": "Budget 2027", "duration": "15"}
    )
    assert (K.TOPIC, "Budget 2027") in _agenda(app, meeting_id)
    client.post(url(meeting_id, f"/agenda/{topic}/remove"))
    assert [k for k, _ in _agenda(app, meeting_id)] == [
        K.PREVIOUS_MINUTES,
        K.FOLLOW_UP,
        K.OTHER_BUSINESS,
    ]
    standing = _item_id(app, meeting_id, "Any other business")
    response = client.post(url(meeting_id, f"/agenda/{standing}/remove"), follow_redirects=True)
    assert "Standing items stay on the agenda." in text_of(response)
    assert len(_agenda(app, meeting_id)) == 3
    # Items are looked up through their meeting: another meeting's item is not found.
    other = create_meeting(app)
    assert client.post(url(other, f"/agenda/{standing}/remove")).status_code == 404


def test_cases_tick_adds_and_removes_the_case_items(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app)
    found = meeting(app, meeting_id)
    day = today(app) + timedelta(days=7)
    form = {
        "version": str(found.version),
        "kind": "regular",
        "documents_language": "en",
        "day": day.isoformat(),
        "starts": "10:00",
        "place": "Municipal hall",
    }
    client.post(url(meeting_id, "/edit"), {**form, "cases": "y"})
    kinds = [k for k, _ in _agenda(app, meeting_id)]
    assert kinds[0] is K.CONFIDENTIALITY and K.CASES in kinds
    version = str(meeting(app, meeting_id).version)
    client.post(url(meeting_id, "/edit"), {**form, "version": version})
    assert [k for k, _ in _agenda(app, meeting_id)] == [
        K.PREVIOUS_MINUTES,
        K.FOLLOW_UP,
        K.OTHER_BUSINESS,
    ]


def test_case_items_with_actions_stay_on_the_agenda(
    app, client, make_user, make_institution
) -> None:
    institution = make_institution("PEJ", "csw", "CSW Peja")
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, cases=True, days=-1)
    cases = _item_id(app, meeting_id, "Case discussions")
    with app.app_context():
        db.session.add(
            Action(
                mechanism_id=mechanism_id(app, "PEJ"),
                meeting_id=meeting_id,
                agenda_item_id=cases,
                title="Weekly monitoring visit",
                responsible_institution_id=institution,
                due_on=date(2026, 1, 1),
            )
        )
        db.session.commit()
    found = meeting(app, meeting_id)
    response = client.post(
        url(meeting_id, "/edit"),
        {
            "version": str(found.version),
            "kind": "regular",
            "documents_language": "en",
            "day": (today(app) - timedelta(days=1)).isoformat(),
            "starts": "10:00",
            "place": "Changed hall",
        },
    )
    assert "they stay on the agenda" in text_of(response)
    assert K.CASES in [k for k, _ in _agenda(app, meeting_id)]
    assert meeting(app, meeting_id).place == "Municipal hall"  # nothing saved


def test_follow_up_lists_open_actions_of_earlier_meetings_by_due_date(
    app, client, make_user, make_institution
) -> None:
    police = make_institution("PEJ", "police", "Police station Peja")
    client.login_user(make_user("member", "PEJ"))
    earlier = create_meeting(app, days=-60, status=MeetingStatus.HELD)
    meeting_id = create_meeting(app, days=5)
    later = create_meeting(app, days=40)
    pej = mechanism_id(app, "PEJ")
    with app.app_context():
        for title, due, status, at in [
            ("Train the school staff", date(2026, 3, 1), ActionStatus.IN_PROGRESS, earlier),
            ("Update the referral list", date(2026, 1, 15), ActionStatus.OPEN, earlier),
            ("Already done", date(2026, 1, 1), ActionStatus.DONE, earlier),
            ("Decided later", date(2026, 1, 2), ActionStatus.OPEN, later),
        ]:
            db.session.add(
                Action(
                    mechanism_id=pej,
                    meeting_id=at,
                    title=title,
                    responsible_institution_id=police,
                    due_on=due,
                    status=status,
                )
            )
        db.session.commit()
    page = text_of(client.get(url(meeting_id)))
    assert page.index("Update the referral list") < page.index("Train the school staff")
    assert "Already done" not in page and "Decided later" not in page
    follow_up = _item_id(app, meeting_id, "Follow-up of open actions")
    item_page = text_of(client.get(url(meeting_id, f"/agenda/{follow_up}")))
    assert "Update the referral list" in item_page and "Police station Peja" in item_page


def test_members_read_the_agenda_but_do_not_change_it(app, client, make_user) -> None:
    client.login_user(make_user("member", "PEJ"))
    meeting_id = create_meeting(app)
    item = _item_id(app, meeting_id, "Any other business")
    assert client.get(url(meeting_id, f"/agenda/{item}")).status_code == 200
    assert client.get(url(meeting_id, "/agenda")).status_code == 403
    assert _add(client, meeting_id, "Sneaky").status_code == 403
    for action in ("move", "remove", "edit"):
        assert client.post(url(meeting_id, f"/agenda/{item}/{action}")).status_code == 403


def test_a_cancelled_meetings_agenda_is_locked(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, status=MeetingStatus.CANCELLED)
    response = _add(client, meeting_id, "Too late")
    assert "its agenda can no longer change" in text_of(client.get(url(meeting_id, "/agenda")))
    assert response.status_code == 200
    assert "Too late" not in [title for _, title in _agenda(app, meeting_id)]
