"""The mechanism home page and the national overview: right content, constant queries."""

from __future__ import annotations

from tests.conftest import text_of


def test_home_lists_member_institutions_and_coordinators(
    client, make_user, make_institution
) -> None:
    make_institution("PEJ", "csw", "Centre for Social Work Peja")
    make_institution("FER", "csw", "Centre for Social Work Ferizaj")
    coordinator = make_user("coordinator", "PEJ", email="geo.pej@test.example.org")
    client.login_user(coordinator)
    page = text_of(client.get("/m/PEJ/"))
    assert "Centre for Social Work Peja" in page
    assert "Centre for Social Work Ferizaj" not in page
    assert "geo.pej@test.example.org" in page


def test_home_uses_a_constant_number_of_queries(
    client, make_user, make_institution, count_queries
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    client.get("/m/PEJ/")
    with count_queries() as few:
        client.get("/m/PEJ/")
    from datetime import date

    from mcm.extensions import db
    from mcm.mechanisms.models import MouEvent, MouStatus, Representative

    for n in range(12):
        institution = make_institution("PEJ", "cso", f"Organisation {n}")
        make_user("member", "PEJ")
        make_user("coordinator", "PEJ")
        with client.app.app_context():
            db.session.add_all(
                [
                    MouEvent(
                        institution_id=institution,
                        status=MouStatus.INVITED,
                        effective_on=date(2025, 1, 1),
                    ),
                    MouEvent(
                        institution_id=institution,
                        status=MouStatus.SIGNED,
                        effective_on=date(2025, 2, 1),
                        signatory="Director",
                    ),
                    Representative(
                        institution_id=institution, name=f"Rep {n}", from_date=date(2025, 1, 1)
                    ),
                ]
            )
            db.session.commit()
    with count_queries() as many:
        page = text_of(client.get("/m/PEJ/"))
    assert "Organisation 11" in page and "Signed" in page
    assert len(many) == len(few)


def test_overview_shows_all_municipalities_with_constant_queries(
    client, make_user, make_institution, count_queries
) -> None:
    client.login_user(make_user("observer", None))
    with count_queries() as few:
        page = text_of(client.get("/overview/"))
    for code in ("PEJ", "FER", "PRZ", "GJI", "MIJ"):
        for n in range(3):
            make_institution(code, "police", f"Station {code} {n}")
    with count_queries() as many:
        after = text_of(client.get("/overview/"))
    assert len(many) == len(few)
    from mcm.reference.data import municipalities

    names = [row["name_en"] for row in municipalities()]
    assert len(names) == 38
    assert all(name in page for name in names)
    assert "Peja Not established 0" in page
    assert "Peja Not established 3" in after
