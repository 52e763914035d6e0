"""The national overview: all 38 municipalities by region, MoU coverage and the partner pipeline,
sortable, filterable and exported as CSV and XLSX, in a constant number of queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import openpyxl
import pytest

from mcm.extensions import db
from mcm.mechanisms.models import MouEvent, MouStatus, Representative
from mcm.partners.models import PartnershipStage
from mcm.reference.data import municipalities
from tests.conftest import text_of

NAMES = {row["code"]: row["name_en"] for row in municipalities()}


def _sign(app, institution_id: int, status: MouStatus = MouStatus.SIGNED) -> None:
    with app.app_context():
        db.session.add(
            MouEvent(institution_id=institution_id, status=status, effective_on=date(2025, 7, 1))
        )
        db.session.commit()


@pytest.fixture
def ministry(client, make_partner_observer) -> int:
    user_id = make_partner_observer(None)
    client.login_user(user_id)
    return user_id


@pytest.fixture
def pipelines(make_organisation, make_partnership) -> dict[str, int]:
    """Two organisations; in Peja the centre is further along than the network."""
    network = make_organisation("Network")
    centre = make_organisation("Centre")
    make_partnership(network, "FKO", PartnershipStage.MOU_SIGNED)
    make_partnership(network, "PEJ", PartnershipStage.BRIEFING_HELD)
    make_partnership(centre, "PEJ", PartnershipStage.COLLECTING_SIGNATURES)
    make_partnership(network, "LIP")  # started, no step yet
    return {"network": network, "centre": centre}


def _rows(page: str) -> list[str]:
    """The municipality names in the order the page lists them."""
    return re.findall(r'<th scope="row">([^<]+)</th>', page)


def test_all_38_municipalities_by_region_in_constant_queries(
    app, client, ministry, make_institution, make_organisation, make_partnership, count_queries
) -> None:
    client.get("/overview/")
    network = make_organisation("Network")
    make_partnership(network, "FER", PartnershipStage.BRIEFING_HELD)
    institution = make_institution("FER", "police", "Station Ferizaj")
    _sign(app, institution)
    with count_queries() as few:
        first = client.get("/overview/")
    for code in ("PEJ", "FER", "PRZ", "GJI", "MIJ", "FKO"):
        for n in range(4):
            institution = make_institution(code, "police", f"Station {code} {n}")
            _sign(app, institution, MouStatus.AGREED_IN_PRINCIPLE)
            _sign(app, institution, MouStatus.SIGNED if n % 2 else MouStatus.WITHDRAWN)
            with app.app_context():
                db.session.add(
                    Representative(
                        institution_id=institution, name="Officer", from_date=date(2025, 1, 1)
                    )
                )
                db.session.commit()
    for n, code in enumerate(("PEJ", "PRZ", "GJI", "MIJ", "FKO")):
        make_partnership(make_organisation(), code, list(PartnershipStage)[n % 4])
    with count_queries() as many:
        after = client.get("/overview/")
    assert len(many) == len(few)
    assert sorted(_rows(first.text)) == sorted(NAMES.values())
    assert len(_rows(after.text)) == 38
    page = text_of(after)
    assert page.count("Region of") == 7
    assert "Ferizaj Not established 5 3 / 5 —" in page  # members, MoUs signed / members, no meeting


def test_an_organisations_observer_sees_her_own_pipeline(
    client, make_partner_observer, pipelines
) -> None:
    client.login_user(make_partner_observer(pipelines["network"]))
    page = text_of(client.get("/overview/"))
    assert "how far the partnership of Network" in page
    page = page.split("municipalities shown.", 1)[1]  # the table, not the filter's choices
    assert "Peja Not established 0 — — Briefing session held May 1, 2025" in page
    assert "MoU signatures being collected" not in page  # the centre's stage is not hers
    assert "Centre" not in page
    assert "Fushë Kosovë Not established 0 — — MoU signed May 22, 2025" in page
    assert "Lipjan Not established 0 — — Not started" in page


def test_the_ministry_sees_the_most_advanced_stage_with_each_organisation(
    client, ministry, pipelines
) -> None:
    page = text_of(client.get("/overview/"))
    assert "the most advanced stage any partner organisation has reached" in page
    assert (
        "Peja Not established 0 — — MoU signatures being collected May 15, 2025"
        " Centre : MoU signatures being collected Network : Briefing session held"
    ) in page


def test_filters_and_sorting(app, client, ministry, pipelines, make_institution) -> None:
    peja = client.get("/overview/?region=Peja")
    assert _rows(peja.text) == ["Istog", "Klina", "Peja"]
    assert "3 municipalities shown." in text_of(peja)
    signed = client.get("/overview/?stage=mou_signed")
    assert _rows(signed.text) == ["Fushë Kosovë"]
    none = _rows(client.get("/overview/?stage=none").text)
    assert len(none) == 36 and "Lipjan" in none and "Peja" not in none
    with app.app_context():
        from mcm.mechanisms.services import mechanism_by_code

        mechanism_by_code("KLI").status = "active"
        db.session.commit()
    assert _rows(client.get("/overview/?status=active").text) == ["Klina"]
    # Odd values are ignored, never an error.
    odd = client.get("/overview/?region=XX&status=king&stage=x&sort=evil&dir=up")
    assert odd.status_code == 200 and len(_rows(odd.text)) == 38
    for n in range(3):
        make_institution("IST", "police", f"Station {n}")
    make_institution("PEJ", "police", "Station Peja")
    by_members = client.get("/overview/?region=Peja&sort=members&dir=desc")
    assert _rows(by_members.text) == ["Istog", "Peja", "Klina"]
    assert 'aria-sort="descending"' in by_members.text
    by_stage = client.get("/overview/?region=Pristina&sort=stage&dir=desc")
    assert _rows(by_stage.text)[0] == "Fushë Kosovë"
    nothing = client.get("/overview/?region=Peja&stage=mou_signed")
    assert "No municipality matches these filters." in text_of(nothing)


def test_sorting_follows_the_language(client, ministry) -> None:
    client.post("/language", {"language": "sr", "next": "/"})
    rows = _rows(client.get("/overview/?region=Gjakova").text)
    assert rows == ["Dečani", "Đakovica", "Junik", "Orahovac"]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_csv_export_has_38_rows_with_the_pages_values(app, client, ministry, pipelines) -> None:
    response = client.get("/overview/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.match(
        r'attachment; filename="mcm-overview-\d{4}-\d\d-\d\d\.csv"',
        response.headers["Content-Disposition"],
    )
    header, *rows = _csv(response)
    assert header == [
        "Region",
        "Code",
        "Municipality",
        "Mechanism status",
        "Member institutions",
        "MoUs signed",
        "Last meeting held",
        "Partner pipeline stage",
        "Stage date",
        "Partner organisations",
    ]
    assert len(rows) == 38
    assert {row[1] for row in rows} == set(NAMES)
    by_code = {row[1]: row for row in rows}
    assert by_code["FKO"] == [
        "Pristina",
        "FKO",
        "Fushë Kosovë",
        "Not established",
        "0",
        "0",
        "",
        "MoU signed",
        "2025-05-22",
        "Network: MoU signed (2025-05-22)",
    ]
    assert by_code["PEJ"][7:] == [
        "MoU signatures being collected",
        "2025-05-15",
        "Centre: MoU signatures being collected (2025-05-15); "
        "Network: Briefing session held (2025-05-01)",
    ]
    assert by_code["PRI"][6:] == ["", "Not started", "", ""]
    filtered = _csv(client.get("/overview/export.csv?region=Peja&sort=stage&dir=desc"))
    assert [row[1] for row in filtered[1:]] == ["PEJ", "IST", "KLI"]


def test_xlsx_export_has_38_rows_with_numbers_and_dates(
    app, client, ministry, pipelines, make_institution
) -> None:
    _sign(app, make_institution("FKO", "police", "Station"))
    make_institution("FKO", "csw", "Centre for Social Work")
    response = client.get("/overview/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Region", "Code", "Municipality")
    assert len(rows) == 39
    fko = next(row for row in rows if row[1] == "FKO")
    assert fko[2:8] == ("Fushë Kosovë", "Not established", 2, 1, None, "MoU signed")
    assert fko[8].date() == date(2025, 5, 22)
    assert sheet["H1"].font.b is True and sheet.freeze_panes == "A2"


def test_exports_follow_the_language_and_neutralise_formulas(
    client, make_organisation, make_partnership, ministry
) -> None:
    make_partnership(make_organisation("=HYPERLINK(1)"), "PEJ", PartnershipStage.BRIEFING_HELD)
    rows = _csv(client.get("/overview/export.csv"))
    peja = next(row for row in rows if row[1] == "PEJ")
    assert peja[9].startswith("'=HYPERLINK(1)")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/overview/export.xlsx").data)).active
    cell = next(row[9] for row in sheet.iter_rows() if row[1].value == "PEJ")
    assert cell.data_type == "s" and cell.value.startswith("'=")
    client.post("/language", {"language": "sq", "next": "/"})
    rows = _csv(client.get("/overview/export.csv"))
    assert {"Pejë", "Prishtinë", "Fushë Kosovë"} <= {row[2] for row in rows}
    assert "Pejë" in {row[0] for row in rows}  # the region, too


def test_the_overview_shows_when_each_mechanism_last_met(app, client, ministry, count_queries):
    from datetime import UTC, datetime

    from mcm.meetings.models import Meeting, MeetingKind, MeetingStatus
    from tests.conftest import mechanism_id

    with count_queries() as few:
        client.get("/overview/")
    with app.app_context():
        for n, (status, day) in enumerate(
            [(MeetingStatus.HELD, 3), (MeetingStatus.HELD, 20), (MeetingStatus.PLANNED, 28)]
        ):
            db.session.add(
                Meeting(
                    mechanism_id=mechanism_id(app, "PRZ"),
                    kind=MeetingKind.REGULAR,
                    status=status,
                    starts_at=datetime(2026, 9, day, 8, tzinfo=UTC),
                    ics_uid=f"overview-{n}@test",
                )
            )
        db.session.commit()
    with count_queries() as many:
        page = text_of(client.get("/overview/"))
    assert len(many) == len(few)
    assert "Prizren Not established 0 — Sep 20, 2026" in page  # held, not the planned one
    rows = _csv(client.get("/overview/export.csv?sort=last_meeting&dir=desc"))
    prizren = [row for row in rows[1:] if row[0] == "Prizren"]  # sorted within each region
    assert prizren[0][1] == "PRZ" and prizren[0][6] == "2026-09-20"
