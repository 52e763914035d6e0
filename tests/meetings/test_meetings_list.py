"""The meetings list over years of use: pages, filters, sort, all kept in the URL; its CSV and
XLSX exports with the same filters and access."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from openpyxl import load_workbook

from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import Attendance, Meeting, MeetingKind, MeetingStatus, Presence
from tests.conftest import text_of

LIST = "/m/PEJ/meetings/"
START = datetime(2020, 1, 6, 9, tzinfo=UTC)


def _meetings(app, count: int, code: str = "PEJ", **values) -> list[int]:
    """`count` meetings a week apart from January 2020, places "Hall 001"…, in one commit."""
    with app.app_context():
        mechanism = mechanism_by_code(code)
        made = [
            Meeting(
                mechanism_id=mechanism.id,
                kind=values.get("kind", MeetingKind.REGULAR),
                status=values.get("status", MeetingStatus.HELD),
                starts_at=values.get("starts_at", START + timedelta(weeks=n)),
                place=values.get("place", f"Hall {n:03d}"),
                ics_uid=f"{uuid4()}@mcm.test",
            )
            for n in range(count)
        ]
        db.session.add_all(made)
        db.session.commit()
        return [m.id for m in made]


def _rows(response) -> list[str]:
    """The places in the list's table, in order."""
    html = response.get_data(as_text=True)
    table = html[html.index('id="all-heading"') :]
    return re.findall(r"<td>(Hall \d+|[^<]*Annex[^<]*)</td>", table)


def test_pages_keep_their_boundaries_and_bad_pages_never_fail(app, client, make_user) -> None:
    _meetings(app, 26)
    client.login_user(make_user("member", "PEJ"))
    first = client.get(LIST)
    assert len(_rows(first)) == 25 and "Page 1 of 2" in text_of(first)
    assert _rows(first)[0] == "Hall 025"  # newest first
    second = client.get(LIST + "?page=2")
    assert _rows(second) == ["Hall 000"]
    for page in ("3", "999999999999", "-1", "abc", "0", ""):
        response = client.get(LIST + "?page=" + page)
        assert response.status_code == 200, page
        assert len(_rows(response)) in (1, 25), page
    assert _rows(client.get(LIST + "?page=3")) == ["Hall 000"]  # past the last: the last
    assert _rows(client.get(LIST + "?page=-1"))[0] == "Hall 025"


def test_each_filter_and_the_sort_are_kept_across_pages(app, client, make_user) -> None:
    _meetings(app, 110)  # 2020 to 2022
    _meetings(
        app,
        2,
        kind=MeetingKind.AD_HOC,
        status=MeetingStatus.CANCELLED,
        starts_at=datetime(2021, 6, 1, 9, tzinfo=UTC),
        place="East Annex",
    )
    client.login_user(make_user("coordinator", "PEJ"))
    year = client.get(LIST + "?year=2021&sort=place")
    assert _rows(year)[0] == "East Annex" and "Hall 051" not in _rows(year)
    assert all("052" <= place[-3:] <= "103" or "Annex" in place for place in _rows(year))
    html = year.get_data(as_text=True)
    assert "page=2" in html and re.search(r'href="[^"]*year=2021[^"]*sort=place[^"]*page=2', html)
    assert _rows(client.get(LIST + "?kind=ad_hoc")) == ["East Annex", "East Annex"]
    assert _rows(client.get(LIST + "?status=cancelled")) == ["East Annex", "East Annex"]
    assert _rows(client.get(LIST + "?status=planned")) == []
    ascending = _rows(client.get(LIST + "?sort=place"))
    descending = _rows(client.get(LIST + "?sort=-place"))
    assert ascending[:2] == ["East Annex", "East Annex"] and descending[0] == "Hall 109"
    for bad in (
        "sort=unknown",
        "sort=-",
        "year=99999",
        "year=abc",
        "kind=x",
        "status=%00x",
        "sort=place;drop",
        "year=-1",
    ):
        response = client.get(LIST + "?" + bad)
        assert response.status_code in (200, 400), bad  # NUL bytes are refused by the app
        if response.status_code == 200:
            assert len(_rows(response)) == 25, bad  # an unknown value is no filter


def test_exports_hold_the_filtered_meetings_and_attendance_formula_safe(
    app, client, make_user, make_institution
) -> None:
    ids = _meetings(app, 3)
    _meetings(
        app,
        1,
        place='=HYPERLINK("http://example.org")',
        starts_at=datetime(2022, 3, 1, 9, tzinfo=UTC),
    )
    _meetings(app, 1, "FER", starts_at=datetime(2020, 3, 1, 9, tzinfo=UTC))
    institution = make_institution("PEJ", name="+Police station")
    with app.app_context():
        db.session.add(
            Attendance(
                meeting_id=ids[0],
                institution_id=institution,
                presence=Presence.PRESENT,
                represented_by="Officer on duty",
            )
        )
        db.session.commit()
    client.login_user(make_user("member", "PEJ"))

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(LIST + "export.csv?year=2020&sort=date")
                .get_data(as_text=True)
                .lstrip("\ufeff")
            )
        )
    )
    assert rows[0][:2] == ["Date", "Starts"]
    assert [r[5] for r in rows[1:]] == ["Hall 000", "Hall 001", "Hall 002"]
    book = load_workbook(io.BytesIO(client.get(LIST + "export.xlsx?year=2022").data))
    sheet = book.active
    assert sheet.max_row == 2
    assert sheet["F2"].value == '\'=HYPERLINK("http://example.org")'  # text, never a formula
    assert sheet["F2"].data_type == "s"

    attendance = client.get(LIST + "attendance/export.csv?year=2020").get_data(as_text=True)
    (header, row) = list(csv.reader(io.StringIO(attendance.lstrip("\ufeff"))))
    assert header[2:5] == ["Institution", "Attendance", "Represented by"]
    assert row[2:5] == ["'+Police station", "Present", "Officer on duty"]
    sheet = load_workbook(io.BytesIO(client.get(LIST + "attendance/export.xlsx").data)).active
    assert sheet.max_row == 2 and sheet["C2"].value == "'+Police station"

    other = type(client)(app)
    other.login_user(make_user("coordinator", "FER"))
    assert other.get(LIST + "export.csv").status_code == 403
    observer = type(client)(app)
    observer.login_user(make_user("observer", None))
    assert observer.get(LIST + "attendance/export.xlsx").status_code == 403


def test_the_list_costs_the_same_queries_whatever_the_meetings(
    app, client, make_user, count_queries
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    _meetings(app, 3)
    with count_queries() as few:
        client.get(LIST + "?sort=kind")
    _meetings(app, 80)
    with count_queries() as many:
        client.get(LIST + "?sort=kind")
    assert len(many) == len(few)
