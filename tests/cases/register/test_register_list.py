"""The case register over years: a year filter and sortable columns, kept across pages; a sort
by a fact lists a member only the cases her institution is involved in."""

from __future__ import annotations

import re
from datetime import date

from mcm.cases.models import RiskLevel

LIST = "/m/PEJ/cases/"


def _codes(response) -> list[str]:
    return re.findall(r'/cases/\d+">(PEJ-\d{4}-\d{3})</a>', response.get_data(as_text=True))


def test_year_filter_sort_and_pages(client, make_user, make_case) -> None:
    for n in range(1, 52):
        make_case(number=n, opened_on=date(2024, 1, 1 + n % 28), risk_level=RiskLevel.STANDARD)
    make_case(number=1, opened_on=date(2025, 5, 5), risk_level=RiskLevel.HIGH)
    client.login_user(make_user("coordinator", "PEJ"))
    assert _codes(client.get(LIST + "?year=2025")) == ["PEJ-2025-001"]
    assert len(_codes(client.get(LIST + "?year=2024"))) == 50
    assert _codes(client.get(LIST + "?year=2024&page=2")) == ["PEJ-2024-001"]
    assert _codes(client.get(LIST + "?sort=-risk"))[0] == "PEJ-2025-001"
    assert _codes(client.get(LIST + "?sort=code"))[0] == "PEJ-2024-001"
    html = client.get(LIST + "?year=2024&sort=code").get_data(as_text=True)
    assert re.search(r'href="[^"]*year=2024[^"]*sort=code[^"]*page=2', html)
    for bad in ("year=99999", "sort=unknown", "page=-1", "page=abc", "risk=x", "year=20x4"):
        response = client.get(LIST + "?" + bad)
        assert response.status_code == 200, bad
        assert len(_codes(response)) == 50, bad


def test_a_member_sorts_only_the_cases_her_institution_is_involved_in(
    client, make_user, make_case, make_institution, involve
) -> None:
    school = make_institution("PEJ", name="School directorate")
    mine = make_case(number=1, risk_level=RiskLevel.HIGH)
    involve(mine, school)
    make_case(number=2)
    client.login_user(make_user("member", "PEJ", institution_id=school))
    for sort in ("-risk", "opened", "code", "unknown"):
        assert len(_codes(client.get(LIST + "?sort=" + sort))) == 1, sort
