"""Progress is derived from indicator values and linked actions, rolled up per objective and
plan, with overdue activities and activities without linked work found in a fixed number of
queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mcm.extensions import db
from mcm.meetings.models import ActionStatus
from mcm.plans.models import ActionPlan
from mcm.plans.progress.queries import Measures, derive, plan_progress, quarter_end
from tests.conftest import text_of


def _derive(baseline, target, measures, end=(2025, 4), today=date(2025, 6, 1)):
    return derive(
        activity_id=1,
        baseline=baseline,
        target=target,
        end_year=end[0],
        end_quarter=end[1],
        measures=measures,
        today=today,
    )


def test_indicator_progress_is_latest_value_between_baseline_and_target():
    found = _derive(Decimal(2), Decimal(12), Measures(latest_value=Decimal(7), values=1))
    assert found.basis == "indicator"
    assert found.progress == 0.5
    assert not found.reached


def test_indicator_progress_is_clamped():
    above = _derive(0, 10, Measures(latest_value=Decimal(15), values=1))
    below = _derive(5, 10, Measures(latest_value=Decimal(1), values=1))
    assert above.progress == 1.0 and above.reached
    assert below.progress == 0.0


def test_a_falling_target_counts_down():
    # Fewer repeat incidents: baseline 20, target 10, now 15 is half way.
    assert _derive(20, 10, Measures(latest_value=Decimal(15), values=1)).progress == 0.5


def test_without_target_progress_comes_from_actions_not_dropped():
    found = _derive(None, None, Measures(done=1, counted=2, linked=3))
    assert found.basis == "actions"
    assert found.progress == 0.5


def test_the_indicator_wins_over_actions():
    found = _derive(0, 10, Measures(latest_value=Decimal(2), values=1, done=3, counted=3, linked=3))
    assert found.basis == "indicator" and found.progress == 0.2


def test_nothing_reported_is_unlinked_and_unmeasured():
    found = _derive(0, 10, Measures())
    assert found.progress is None and found.unlinked and found.basis == "none"


def test_overdue_when_end_quarter_passed_without_target():
    late = _derive(0, 10, Measures(latest_value=Decimal(5), values=1), end=(2025, 1))
    done = _derive(0, 10, Measures(latest_value=Decimal(10), values=1), end=(2025, 1))
    running = _derive(0, 10, Measures(latest_value=Decimal(5), values=1), end=(2025, 2))
    assert late.overdue and not done.overdue and not running.overdue
    assert quarter_end(2025, 1) == date(2025, 3, 31)


def test_plan_progress_rolls_up_from_the_database(
    app, make_plan, make_objective, make_activity, make_value, make_linked_action
):
    plan_id, first = make_plan()
    second = make_objective(plan_id)
    by_value = make_activity(plan_id, first)
    make_value(by_value, 2, date(2025, 3, 1))
    make_value(by_value, 6, date(2025, 6, 1))  # the latest counts
    make_value(by_value, 4, date(2025, 5, 1))
    by_actions = make_activity(plan_id, first, target=None)
    make_linked_action(by_actions, ActionStatus.DONE)
    make_linked_action(by_actions, ActionStatus.OPEN)
    make_linked_action(by_actions, ActionStatus.DROPPED)
    idle = make_activity(plan_id, second, end_year=2024)
    with app.app_context():
        found = plan_progress(db.session.get(ActionPlan, plan_id), today=date(2025, 7, 1))
        per = {a.id: p for a, p in found.activities}
        assert per[by_value].progress == 0.6
        assert per[by_value].measures.values == 3
        assert per[by_actions].progress == 0.5
        assert per[idle].progress is None
        assert [o.percent for o in found.objectives] == [55, 0]
        assert found.percent == round((0.6 + 0.5 + 0) / 3 * 100)
        assert [a.id for a, _p in found.overdue] == [idle]
        assert [a.id for a, _p in found.unlinked] == [idle]


def test_plan_progress_queries_do_not_grow(
    app, make_plan, make_objective, make_activity, make_value, make_linked_action, count_queries
):
    plan_id, objective = make_plan()

    def count() -> int:
        with app.app_context():
            plan = db.session.get(ActionPlan, plan_id)
            with count_queries() as statements:
                plan_progress(plan)
            return len(statements)

    activity = make_activity(plan_id, objective)
    make_value(activity, 3)
    small = count()
    for _ in range(4):
        more = make_activity(plan_id, make_objective(plan_id))
        make_value(more, 1)
        make_value(more, 2)
        make_linked_action(more, ActionStatus.DONE)
    assert count() == small <= 4


def test_the_plan_page_shows_progress_bars_overdue_and_unlinked_activities(
    client, make_user, make_plan, make_activity, make_value
):
    plan_id, objective = make_plan()
    measured = make_activity(plan_id, objective, title="Awareness sessions", end_year=2099)
    make_value(measured, 4)
    make_activity(plan_id, objective, title="Shelter agreement", end_year=2020)
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.get(f"/m/PEJ/plans/{plan_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<progress max="100" value="20" aria-label="Progress of objective 1">' in html
    page = text_of(response)
    assert "Overdue activities" in page and "Activities with no linked work" in page
    assert "Shelter agreement — ended in Q4 2020, 0%" in page
    assert "How progress is worked out" in page
    activity_page = text_of(client.get(f"/m/PEJ/plans/activities/{measured}"))
    assert "40%" in activity_page and "From the latest indicator value." in activity_page


def test_the_plan_progress_downloads_parse_back(
    client, make_user, make_plan, make_activity, make_value
):
    import csv
    import io

    from openpyxl import load_workbook

    plan_id, objective = make_plan()
    activity = make_activity(plan_id, objective, title="=SUM(A1)", end_year=2099)
    make_value(activity, 4, date(2025, 5, 1))
    client.login_user(make_user("member", "PEJ"))
    response = client.get(f"/m/PEJ/plans/{plan_id}/progress.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:2] == ["Objective", "Activity"]
    assert rows[1][1].startswith("1.") and "'=SUM(A1)" not in rows[1][1]  # code first: safe
    assert rows[1][5:10] == ["4.00", "2025-05-01", "0", "0", "40"]
    sheet = load_workbook(io.BytesIO(client.get(f"/m/PEJ/plans/{plan_id}/progress.xlsx").data))
    values = list(sheet.active.iter_rows(values_only=True))
    assert values[1][9] == 40 and values[1][5] == 4.0
    other, _objective = make_plan("FER")
    assert client.get(f"/m/PEJ/plans/{other}/progress.csv").status_code == 404
