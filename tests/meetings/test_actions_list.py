"""The mechanism's actions list: filters, sort and pages decided with the same restriction on
case actions as before; its export holds no action of a case."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

from openpyxl import load_workbook

from mcm.extensions import db
from mcm.meetings.models import Action, ActionStatus, AgendaItemKind
from tests.conftest import mechanism_id, text_of

LIST = "/m/PEJ/meetings/actions"


def _titles(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [unescape(t) for t in re.findall(r'/meetings/actions/\d+">([^<]+)</a>', html)]


def _scene(app, make_user, make_institution, make_meeting, make_agenda_item) -> dict:
    police = make_institution("PEJ", name="Police station")
    school = make_institution("PEJ", name="School directorate")
    meeting = make_meeting("PEJ", starts_at=datetime(2026, 1, 10, 9, tzinfo=UTC))
    cases_item = make_agenda_item(meeting, "Cases", kind=AgendaItemKind.CASES)
    today = date.today()
    pej = mechanism_id(app, "PEJ")
    with app.app_context():

        def add(title, institution, due, **values):
            db.session.add(
                Action(
                    mechanism_id=pej,
                    meeting_id=meeting,
                    title=title,
                    responsible_institution_id=institution,
                    due_on=due,
                    **values,
                )
            )

        for n in range(30):
            add(f"Routine task {n:02d}", police, today + timedelta(days=40 + n))
        add("Overdue visit", school, today - timedelta(days=3))
        add("Soon review", school, today + timedelta(days=5))
        add("Finished leaflet", school, today - timedelta(days=30), status=ActionStatus.DONE)
        add("=cmd|' /C calc'!A0", school, today + timedelta(days=10))
        add("Case follow-up visit", police, today + timedelta(days=2), agenda_item_id=cases_item)
        db.session.commit()
    return {"police": police, "school": school}


def test_filters_sort_and_pages_of_the_actions(
    app, client, make_user, make_institution, make_meeting, make_agenda_item
) -> None:
    ids = _scene(app, make_user, make_institution, make_meeting, make_agenda_item)
    client.login_user(make_user("coordinator", "PEJ"))
    first = client.get(LIST)
    assert "34 actions" in text_of(first)  # open ones, the case action included for her
    assert _titles(first)[0] == "Overdue visit"  # earliest due first
    assert len(_titles(first)) == 25 and "Page 1 of 2" in text_of(first)
    assert _titles(client.get(LIST + "?status=overdue")) == ["Overdue visit"]
    assert _titles(client.get(LIST + "?status=done")) == ["Finished leaflet"]
    assert "35 actions" in text_of(client.get(LIST + "?status=all"))
    assert "35 actions" in text_of(client.get(LIST + "?show=all"))  # the old link still works
    school = _titles(client.get(LIST + f"?institution={ids['school']}&sort=title"))
    assert school == ["=cmd|' /C calc'!A0", "Overdue visit", "Soon review"]
    assert _titles(client.get(LIST + "?due=next14&sort=-due")) == [
        "=cmd|' /C calc'!A0",
        "Soon review",
        "Case follow-up visit",
    ]
    assert _titles(client.get(LIST + "?due=past")) == ["Overdue visit"]
    assert "0 actions" in text_of(client.get(LIST + "?activity=linked"))
    assert "34 actions" in text_of(client.get(LIST + "?activity=unlinked"))
    page2 = client.get(LIST + f"?institution={ids['police']}&sort=-title&page=2")
    assert _titles(page2) == [f"Routine task {n:02d}" for n in range(4, -1, -1)] + [
        "Case follow-up visit"
    ]
    assert re.search(
        r'href="[^"]*institution=\d+[^"]*sort=-title[^"]*page=1', page2.get_data(as_text=True)
    )
    for bad in (
        "page=-1",
        "page=abc",
        "sort=unknown",
        "status=x",
        "institution=abc",
        "institution=99999999999999",
        "due=x",
        "activity=-3",
    ):
        assert client.get(LIST + "?" + bad).status_code == 200, bad


def test_a_member_sees_no_case_action_of_another_institution_and_exports_none(
    app, client, make_user, make_institution, make_meeting, make_agenda_item
) -> None:
    ids = _scene(app, make_user, make_institution, make_meeting, make_agenda_item)
    client.login_user(make_user("member", "PEJ", institution_id=ids["school"]))
    assert "33 actions" in text_of(client.get(LIST))
    assert "Case follow-up visit" not in text_of(client.get(LIST + "?due=next14"))

    coordinator = type(client)(app)
    coordinator.login_user(make_user("coordinator", "PEJ"))
    body = coordinator.get(LIST + "/export.csv?status=all&sort=title").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:2] == ["Action", "Responsible institution"]
    titles = [r[0] for r in rows[1:]]
    assert len(titles) == 34 and "Case follow-up visit" not in titles
    assert titles[0] == "'=cmd|' /C calc'!A0"  # a formula is kept as text
    sheet = load_workbook(
        io.BytesIO(coordinator.get(LIST + "/export.xlsx?status=done").data)
    ).active
    assert [c.value for c in sheet[2]][:2] == ["Finished leaflet", "School directorate"]
    assert sheet.max_row == 2


def test_the_actions_list_costs_the_same_queries_whatever_the_actions(
    app, client, make_user, make_institution, make_meeting, make_agenda_item, count_queries
) -> None:
    client.login_user(make_user("member", "PEJ"))
    with count_queries() as few:
        client.get(LIST + "?sort=institution")
    _scene(app, make_user, make_institution, make_meeting, make_agenda_item)
    with count_queries() as many:
        client.get(LIST + "?sort=institution")
    assert len(many) == len(few)
