"""Local action plans: the coordinator writes and adopts them, members read, versions freeze the
plan, concurrent edits are refused, and the plan page's queries do not grow with the plan."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from mcm.extensions import db
from mcm.plans.models import (
    ActionPlan,
    ActionPlanVersion,
    ActivityAlignment,
    ActivitySupport,
    ObjectiveLevel,
    PlanActivity,
    PlanStatus,
    StrategyObjective,
)
from tests.conftest import text_of


def _activity_data(objective_id: int, aligned: list[int], **overrides) -> dict:
    data = {
        "objective": str(objective_id),
        "code": "1.1",
        "title": "Awareness sessions in secondary schools",
        "indicator": "Sessions held",
        "baseline": "0",
        "target": "12",
        "unit": "sessions",
        "responsible": "",
        "start_year": "2025",
        "start_quarter": "1",
        "end_year": "2025",
        "end_quarter": "4",
        "budget_eur": "1500.50",
        "funding_source": "municipal",
        "aligned": [str(i) for i in aligned],
        "version": "",
    }
    data.update(overrides)
    return data


def _specific_objective() -> int:
    return db.session.scalar(
        select(StrategyObjective.id).where(StrategyObjective.level == ObjectiveLevel.SPECIFIC)
    )


def _plan_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(ActionPlan.id).order_by(ActionPlan.id.desc()))


def test_coordinator_writes_a_plan_aligned_to_the_strategy(
    app, client, make_user, make_strategy, make_institution
) -> None:
    strategy_id, codes = make_strategy()
    police = make_institution("PEJ", "police", "Police Station Alpha")
    centre = make_institution("PEJ", "csw", "Social Work Centre Beta")
    client.login_user(make_user("coordinator", "PEJ"))
    assert "Change attitudes" not in text_of(client.get("/m/PEJ/plans/new"))
    response = client.post(
        "/m/PEJ/plans/new",
        {"title": "Plan 2025-2027", "strategy": str(strategy_id), "starts_year": "2025",
         "ends_year": "2027", "version": ""},
    )  # fmt: skip
    assert response.status_code == 302
    plan_id = _plan_id(app)
    client.post(f"/m/PEJ/plans/{plan_id}/objectives/new", {"code": "1", "title": "Prevention"})
    with app.app_context():
        objective_id = db.session.scalar(
            select(db.text("id")).select_from(db.table("plan_objectives"))
        )
    form = client.get(f"/m/PEJ/plans/{plan_id}/activities/new?objective={objective_id}")
    html = form.get_data(as_text=True)
    assert '<optgroup label="1 Prevention">' in html and "1.1.1 Awareness campaigns" in html
    assert "Police Station Alpha" in html
    data = _activity_data(
        objective_id, [codes["1.1.1"], codes["2.1"]], responsible=str(police),
        supporting=[str(centre)],
    )  # fmt: skip
    assert client.post(f"/m/PEJ/plans/{plan_id}/activities/new", data).status_code == 302
    text = text_of(client.get(f"/m/PEJ/plans/{plan_id}"))
    for expected in ("Awareness sessions", "Police Station Alpha", "Social Work Centre Beta",
                     "National objectives 1.1.1 , 2.1", "1500.50 EUR", "Draft"):  # fmt: skip
        assert expected in text, expected
    with app.app_context():
        assert db.session.scalar(select(db.func.count(ActivityAlignment.id))) == 2
        assert db.session.scalar(select(db.func.count(ActivitySupport.id))) == 1


def test_bad_activity_input_is_explained(app, client, make_user, make_plan) -> None:
    plan_id, objective_id = make_plan(status=PlanStatus.DRAFT)
    client.login_user(make_user("coordinator", "PEJ"))
    url = f"/m/PEJ/plans/{plan_id}/activities/new"
    text = text_of(client.post(url, _activity_data(objective_id, [], target="many")))
    assert "Enter a number" in text and "Please fill in this field" in text
    with app.app_context():
        aligned = _specific_objective()
    ends_early = _activity_data(objective_id, [aligned], end_year="2024", start_year="2025")
    assert "ends before it starts" in text_of(client.post(url, ends_early))
    outside = _activity_data(objective_id, [aligned], end_year="2030")
    assert "within the plan" in text_of(client.post(url, outside))
    assert "Awareness sessions in secondary schools" in text_of(client.post(url, outside))
    with app.app_context():
        assert db.session.scalar(select(db.func.count(PlanActivity.id))) == 0


def test_stale_saves_are_refused_showing_both_versions(
    app, client, make_user, make_plan, make_activity
) -> None:
    plan_id, objective_id = make_plan(status=PlanStatus.DRAFT)
    activity_id = make_activity(plan_id, objective_id, title="Original title")
    client.login_user(make_user("coordinator", "PEJ"))
    url = f"/m/PEJ/plans/{plan_id}/activities/{activity_id}/edit"
    with app.app_context():
        aligned = _specific_objective()
    first = _activity_data(objective_id, [aligned], title="Saved by a colleague", version="1")
    assert client.post(url, first).status_code == 302
    mine = _activity_data(objective_id, [aligned], title="My stale edit", version="1")
    text = text_of(client.post(url, mine))
    assert "Someone else saved this record" in text
    assert "Saved by a colleague" in text and "My stale edit" in text
    stale_plan = {"title": "Renamed", "strategy": "", "starts_year": "2024", "ends_year": "2027",
                  "version": "0"}  # fmt: skip
    with app.app_context():
        stale_plan["strategy"] = str(db.session.get(ActionPlan, plan_id).strategy_id)
    assert "Someone else saved" in text_of(client.post(f"/m/PEJ/plans/{plan_id}/edit", stale_plan))


def test_adopt_revise_and_adopt_again_keeps_every_version(
    app, client, make_user, make_plan, make_activity
) -> None:
    plan_id, objective_id = make_plan(status=PlanStatus.DRAFT, title="First wording")
    activity_id = make_activity(plan_id, objective_id)
    client.login_user(make_user("coordinator", "PEJ"))
    version = lambda: str(db.session.get(ActionPlan, plan_id).version)  # noqa: E731
    with app.app_context():
        v = version()
    adopt = {"adopted_on": "2025-02-01", "decision_reference": "Decision 01-016/25", "version": v}
    assert client.post(f"/m/PEJ/plans/{plan_id}/adopt", adopt).status_code == 302
    page = text_of(client.get(f"/m/PEJ/plans/{plan_id}"))
    assert "Adopted" in page and "Version 1" in page and "Start a revision" in page
    # An adopted plan cannot be edited directly.
    edit = client.get(f"/m/PEJ/plans/{plan_id}/activities/{activity_id}/edit")
    assert edit.status_code == 302
    with app.app_context():
        v = version()
    assert "Adopt the plan" not in page
    client.post(f"/m/PEJ/plans/{plan_id}/revise", {"reason": "New shelter opened", "version": v})
    with app.app_context():
        plan = db.session.get(ActionPlan, plan_id)
        assert plan.status is PlanStatus.UNDER_REVISION
        plan.title = "Second wording"
        db.session.commit()
        v = version()
    adopt = {"adopted_on": "2026-02-01", "decision_reference": "Decision 02/26", "version": v}
    client.post(f"/m/PEJ/plans/{plan_id}/adopt", adopt)
    with app.app_context():
        frozen = db.session.scalars(
            select(ActionPlanVersion).order_by(ActionPlanVersion.number)
        ).all()
        assert [f.number for f in frozen] == [1, 2]
        assert frozen[1].reason == "New shelter opened"
        assert frozen[0].snapshot["objectives"][0]["activities"][0]["target"] == "10.00"
    old = text_of(client.get(f"/m/PEJ/plans/{plan_id}/versions/1"))
    assert "First wording" in old and "Decision 01-016/25" in old
    assert "New shelter opened" in text_of(client.get(f"/m/PEJ/plans/{plan_id}/versions/2"))
    assert client.get(f"/m/PEJ/plans/{plan_id}/versions/3").status_code == 404


@pytest.mark.parametrize(
    ("role", "mechanism", "page", "edit"),
    [
        ("coordinator", "PEJ", 200, 200),
        ("member", "PEJ", 200, 403),
        ("coordinator", "FER", 403, 403),
        ("observer", None, 403, 403),
        ("administrator", None, 403, 403),
    ],
)
def test_access_for_each_role(client, make_user, make_plan, role, mechanism, page, edit) -> None:
    plan_id, _objective = make_plan(status=PlanStatus.DRAFT)
    client.login_user(make_user(role, mechanism))
    assert client.get("/m/PEJ/plans/").status_code == page
    assert client.get(f"/m/PEJ/plans/{plan_id}").status_code == page
    assert client.get(f"/m/PEJ/plans/{plan_id}/edit").status_code == edit
    assert client.get(f"/m/PEJ/plans/{plan_id}/activities/new").status_code == edit
    if page == 200:
        assert "Edit the plan" in text_of(client.get(f"/m/PEJ/plans/{plan_id}")) or edit == 403


def test_member_sees_no_edit_links(client, make_user, make_plan) -> None:
    plan_id, _objective = make_plan(status=PlanStatus.DRAFT)
    client.login_user(make_user("member", "PEJ"))
    html = client.get(f"/m/PEJ/plans/{plan_id}").get_data(as_text=True)
    assert not re.search(r"/edit|/adopt|/objectives/new", html)


def test_plan_page_queries_do_not_grow(
    app, client, make_user, make_plan, make_objective, make_activity, make_strategy,
    make_institution, count_queries,
) -> None:  # fmt: skip
    strategy_id, codes = make_strategy()
    client.login_user(make_user("coordinator", "PEJ"))

    def build(objectives: int, activities: int) -> int:
        plan_id, first = make_plan(strategy_id=strategy_id, status=PlanStatus.DRAFT)
        objective_ids = [first] + [
            make_objective(plan_id, position=i + 2) for i in range(objectives - 1)
        ]
        for objective_id in objective_ids:
            for _ in range(activities):
                activity_id = make_activity(
                    plan_id, objective_id, aligned_to=(codes["1.1"], codes["2.1.1"]),
                    responsible_institution_id=make_institution("PEJ"),
                )  # fmt: skip
                with app.app_context():
                    db.session.add(
                        ActivitySupport(
                            activity_id=activity_id, institution_id=make_institution("PEJ")
                        )
                    )
                    db.session.commit()
        return plan_id

    small, large = build(1, 1), build(3, 4)
    counts = []
    for plan_id in (small, large):
        with count_queries() as statements:
            assert client.get(f"/m/PEJ/plans/{plan_id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
