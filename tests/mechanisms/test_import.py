"""Importing a member list: template, preview of every row, nothing saved before confirming."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from mcm.extensions import db
from mcm.mechanisms.institutions.services import current_mou
from mcm.mechanisms.models import Institution
from tests.conftest import text_of

ROWS = [
    ["type", "name", "address", "member_since", "mou_status", "mou_date", "signatory"],
    [
        "police",
        "Police Station Peja",
        "Institutions Street 2",
        "2024-03-01",
        "signed",
        "24.07.2025",
        "Commander",
    ],
    ["Centre for Social Work", "CSW Peja", "", "", "invited", "2025-01-10", ""],
    ["spaceship", "Bad type", "", "", "", "", ""],
    ["csw", "", "", "", "", "", ""],
    ["court", "Basic Court", "", "31.02.2024", "signed", "2025-01-01", ""],
]


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Institution.id)))


def _upload(client, content: bytes, name: str):
    return client.post(
        "/m/PEJ/institutions/import",
        {"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_templates_have_the_columns(client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    text = client.get("/m/PEJ/institutions/import/template.csv").get_data(as_text=True)
    assert next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[:2] == ["type", "name"]
    data = client.get("/m/PEJ/institutions/import/template.xlsx").data
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]][:2] == ["type", "name"]


def test_preview_reports_each_bad_row_and_saves_nothing(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    for content, name in ((_csv(ROWS), "members.csv"), (_xlsx(ROWS), "members.xlsx")):
        response = _upload(client, content, name)
        page = text_of(response)
        assert "2 rows can be added; 3 rows have problems" in page
        assert "unknown type “spaceship”" in page
        assert "the name is missing" in page
        assert "“31.02.2024” is not a date" in page and "a signed MoU needs the signatory" in page
        assert _count(app) == 0


def test_confirm_adds_the_good_rows_with_their_mou(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    html = _upload(client, _csv(ROWS), "members.csv").get_data(as_text=True)
    payload = re.search(r'name="payload" value="([^"]+)"', html)[1]
    response = client.post("/m/PEJ/institutions/import/confirm", {"payload": payload})
    assert response.status_code == 302
    with app.app_context():
        institutions = {i.name: i for i in db.session.scalars(select(Institution))}
        assert set(institutions) == {"Police Station Peja", "CSW Peja"}
        assert current_mou(institutions["Police Station Peja"].id).signatory == "Commander"
        assert institutions["Police Station Peja"].joined_on.isoformat() == "2024-03-01"


def test_tampered_or_foreign_payload_is_refused(app, client, client_factory, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    html = _upload(client, _csv(ROWS), "members.csv").get_data(as_text=True)
    payload = re.search(r'name="payload" value="([^"]+)"', html)[1]
    response = client.post("/m/PEJ/institutions/import/confirm", {"payload": payload[:-2] + "xx"})
    assert response.headers["Location"] == "/m/PEJ/institutions/import"
    other = client_factory()
    other.login_user(make_user("coordinator", "FER"))
    assert other.post("/m/FER/institutions/import/confirm", {"payload": payload}).status_code == 400
    assert _count(app) == 0


def test_unreadable_files_are_explained(client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    assert "could not be read" in text_of(_upload(client, b"PK\x03\x04broken", "x.xlsx"))
    assert "UTF-8" in text_of(
        _upload(client, "type,name\npolice,Stacion\xe9".encode("latin-1"), "x.csv")
    )
    assert "missing: type" in text_of(_upload(client, b"kind,name\nx,y\n", "x.csv"))
