"""The national matrix: observers and administrators see which municipalities' adopted plans
cover which national objectives and how far they are, gaps marked; exports parse back; the
number of queries does not grow with the plans."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from mcm.meetings.models import ActionStatus
from mcm.plans.models import PlanStatus
from tests.conftest import text_of


@pytest.fixture
def scene(make_strategy, make_plan, make_activity, make_value, make_linked_action):
    make_strategy(code="TEMPLATE-X", is_template=True, starts_year=2030)
    strategy, ids = make_strategy(name_en="Strategy 2022-2026")
    plan, objective = make_plan("PEJ", strategy, title='=HYPERLINK("x")')
    # Aligned to a specific objective: covers its strategic objective 1.1.
    measured = make_activity(plan, objective, aligned_to=(ids["1.1.1"],))
    make_value(measured, 5, date(2025, 5, 1))
    by_actions = make_activity(plan, objective, target=None, aligned_to=(ids["1.1"],))
    make_linked_action(by_actions, ActionStatus.DONE)
    # A draft does not count.
    draft, draft_objective = make_plan("FER", strategy, status=PlanStatus.DRAFT)
    make_activity(draft, draft_objective, aligned_to=(ids["2.1"],))
    return {"strategy": strategy, "ids": ids, "plan": plan}


@pytest.mark.parametrize("role", ["observer", "administrator"])
def test_observers_and_administrators_see_the_matrix(client, make_user, scene, role):
    client.login_user(make_user(role, None))
    response = client.get("/plans/matrix")
    assert response.status_code == 200
    page = text_of(response)
    assert "Strategy 2022-2026" in page
    assert "Peja" in page and "Ferizaj" in page
    # PEJ covers 1.1 at (50% + 100%) / 2 = 75%; 2.1 is a gap; FER's draft covers nothing.
    assert "75%" in page
    assert "not covered" in page
    assert "covered by 1 municipality" in page
    assert "covered by 0 municipalities" in page


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_mechanism_users_are_refused(client, make_user, role):
    client.login_user(make_user(role, "PEJ"))
    for url in ("/plans/matrix", "/plans/matrix.csv", "/plans/matrix.xlsx"):
        assert client.get(url).status_code == 403


def test_the_template_is_the_default_only_without_another_strategy(
    client, make_user, make_strategy
):
    make_strategy(name_en="The template", is_template=True)
    client.login_user(make_user("observer", None))
    assert "The template" in text_of(client.get("/plans/matrix"))


def test_csv_parses_back_with_gaps_empty_and_formulas_neutralised(client, make_user, scene):
    client.login_user(make_user("observer", None))
    response = client.get(f"/plans/matrix.csv?strategy={scene['strategy']}&level=strategic")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Region", "Code", "Municipality", "Action plans"]
    assert header[4:6] == ["1.1 Change attitudes", "2.1 Coordinated response"]
    assert len(body) == 38
    peja = next(r for r in body if r[1] == "PEJ")
    assert peja[3].startswith("'=HYPERLINK")
    assert peja[4:] == ["75", "", "1"]
    ferizaj = next(r for r in body if r[1] == "FER")
    assert ferizaj[3:] == ["", "", "", "2"]


def test_xlsx_parses_back_by_pillar(client, make_user, scene):
    client.login_user(make_user("administrator", None))
    response = client.get(f"/plans/matrix.xlsx?strategy={scene['strategy']}&level=pillar")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4:] == ("1 Prevention", "2 Protection", "Objectives not covered")
    peja = next(r for r in rows[1:] if r[1] == "PEJ")
    assert peja[4:] == (75, None, 1)
    assert len(rows) == 39


def test_the_matrix_uses_a_constant_number_of_queries(
    client,
    make_user,
    make_strategy,
    make_plan,
    make_activity,
    make_value,
    make_linked_action,
    count_queries,
):
    strategy, ids = make_strategy()
    client.login_user(make_user("observer", None))

    def count() -> int:
        with count_queries() as statements:
            assert client.get("/plans/matrix").status_code == 200
        return len(statements)

    plan, objective = make_plan("PEJ", strategy)
    make_activity(plan, objective, aligned_to=(ids["1.1.1"],))
    small = count()
    for code in ("FER", "LIP", "PRZ"):
        plan, objective = make_plan(code, strategy)
        for aligned in ("1.1", "2.1.1"):
            activity = make_activity(plan, objective, aligned_to=(ids[aligned],))
            make_value(activity, 3)
            make_linked_action(activity, ActionStatus.DONE, mechanism_code=code)
    assert count() == small
