"""Linking work to the plan: a meeting action serves a LAP activity chosen among the mechanism's
plans; the activity page lists its linked actions and the indicator values the coordinator
records (audited), and members only read it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.meetings.models import Action, ActionStatus
from mcm.plans.models import IndicatorValue, PlanStatus
from tests.conftest import text_of


@pytest.fixture
def setting(app, make_user, make_institution, make_plan, make_activity, make_held_meeting):
    police = make_institution("PEJ", "police", "Police Station (test)")
    plan, objective = make_plan(title="LAP Peja 2024-2027")
    activity = make_activity(plan, objective, title="Awareness sessions in schools")
    draft, draft_objective = make_plan(status=PlanStatus.DRAFT, title="Draft LAP")
    draft_activity = make_activity(draft, draft_objective, title="Shelter places")
    other_plan, other_objective = make_plan("FER", title="LAP Ferizaj")
    foreign = make_activity(other_plan, other_objective, title="Ferizaj hotline")
    return {
        "coordinator": make_user("coordinator", "PEJ"),
        "member": make_user("member", "PEJ", institution_id=police),
        "police": police,
        "meeting": make_held_meeting(),
        "activity": activity,
        "draft_activity": draft_activity,
        "foreign": foreign,
    }


def _new_action(client, s, **data):
    return client.post(
        f"/m/PEJ/meetings/{s['meeting']}/actions/new",
        {
            "title": "Hold two sessions in the secondary school",
            "institution": str(s["police"]),
            "due_on": (date.today() + timedelta(days=30)).isoformat(),
            **data,
        },
    )


def test_the_action_form_offers_the_mechanisms_activities_grouped_by_objective(client, setting):
    client.login_user(setting["coordinator"])
    html = client.get(f"/m/PEJ/meetings/{setting['meeting']}/actions/new").get_data(as_text=True)
    assert "Plan activity" in html
    assert '<optgroup label="LAP Peja 2024-2027 (2024-2027) · 1 Prevention">' in html
    assert "Awareness sessions in schools" in html
    assert "Shelter places" in html  # draft plans can be linked too
    assert "Ferizaj hotline" not in html


def test_an_action_recorded_with_an_activity_is_linked_and_audited(app, client, setting):
    client.login_user(setting["coordinator"])
    response = _new_action(client, setting, lap_activity=str(setting["activity"]))
    assert response.status_code == 302
    with app.app_context():
        action = db.session.scalars(select(Action)).one()
        assert action.lap_activity_id == setting["activity"]
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "action_created")
        ).one()
        assert entry.details["lap_activity_id"] == setting["activity"]
    page = text_of(client.get(f"/m/PEJ/meetings/actions/{action.id}"))
    assert "Plan activity" in page and "Awareness sessions in schools" in page


def test_the_link_is_optional(app, client, setting):
    client.login_user(setting["coordinator"])
    assert _new_action(client, setting, lap_activity="").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Action)).one().lap_activity_id is None


def test_another_mechanisms_activity_is_refused_and_typing_kept(app, client, setting):
    client.login_user(setting["coordinator"])
    response = _new_action(client, setting, lap_activity=str(setting["foreign"]))
    assert response.status_code == 200
    assert "Hold two sessions in the secondary school" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Action)).all() == []


def test_editing_an_action_links_and_unlinks_it(app, client, setting, make_linked_action):
    action_id = make_linked_action(
        None, meeting_id=setting["meeting"], institution_id=setting["police"]
    )
    client.login_user(setting["coordinator"])

    def edit(activity: str):
        with app.app_context():
            action = db.session.get(Action, action_id)
            data = {
                "version": str(action.version),
                "title": action.title,
                "institution": str(action.responsible_institution_id),
                "due_on": action.due_on.isoformat(),
                "lap_activity": activity,
            }
        return client.post(f"/m/PEJ/meetings/actions/{action_id}/edit", data)

    form = client.get(f"/m/PEJ/meetings/actions/{action_id}/edit").get_data(as_text=True)
    assert "Plan activity" in form
    assert edit(str(setting["activity"])).status_code == 302
    with app.app_context():
        assert db.session.get(Action, action_id).lap_activity_id == setting["activity"]
    assert edit("").status_code == 302
    with app.app_context():
        assert db.session.get(Action, action_id).lap_activity_id is None
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "action_changed")
        ).all()
        assert all("lap_activity_id" in e.details["fields"] for e in entries)


def test_the_activity_page_lists_linked_actions_with_their_status(
    client, setting, make_linked_action
):
    make_linked_action(setting["activity"], ActionStatus.DONE, institution_id=setting["police"])
    make_linked_action(setting["activity"], ActionStatus.OPEN, institution_id=setting["police"])
    make_linked_action(setting["draft_activity"], institution_id=setting["police"])
    client.login_user(setting["member"])
    page = text_of(client.get(f"/m/PEJ/plans/activities/{setting['activity']}"))
    assert "Linked actions" in page
    assert page.count("Organise a session") == 2
    assert "Done" in page and "Open" in page
    assert "From the linked actions: 1 done of 2 not dropped." in page
    assert "Record an indicator value" not in page  # members read


def test_coordinator_records_an_indicator_value_and_progress_moves(app, client, setting):
    client.login_user(setting["coordinator"])
    url = f"/m/PEJ/plans/activities/{setting['activity']}"
    assert "Record an indicator value" in text_of(client.get(url))
    response = client.post(
        f"{url}/values",
        {
            "value": "4,5",
            "reported_on": date.today().isoformat(),
            "source": "School registers",
            "meeting": str(setting["meeting"]),
        },
    )
    assert response.status_code == 302
    page = text_of(client.get(url))
    assert "School registers" in page
    assert "45%" in page  # 4.5 of a target of 10 from a baseline of 0
    with app.app_context():
        value = db.session.scalars(select(IndicatorValue)).one()
        assert value.meeting_id == setting["meeting"]
        assert str(value.value) == "4.50"
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "plan_indicator_value_recorded")
        ).one()
        assert entry.details["activity_id"] == setting["activity"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "many"}, "Enter a number"),
        ({"value": ""}, "Please fill in this field."),
        ({"reported_on": (date.today() + timedelta(days=3)).isoformat()}, "in the future"),
        ({"meeting": "999999"}, "Not a valid choice"),
    ],
)
def test_a_bad_value_is_explained_and_nothing_saved(app, client, setting, data, message):
    client.login_user(setting["coordinator"])
    values = {"value": "3", "reported_on": date.today().isoformat(), "source": "Typed source"}
    response = client.post(f"/m/PEJ/plans/activities/{setting['activity']}/values", values | data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Typed source" in html
    if message != "Not a valid choice":
        assert message in html
    with app.app_context():
        assert db.session.scalars(select(IndicatorValue)).all() == []


def test_members_cannot_record_values_and_other_mechanisms_are_404(client, setting):
    client.login_user(setting["member"])
    url = f"/m/PEJ/plans/activities/{setting['activity']}/values"
    response = client.post(url, {"value": "3", "reported_on": date.today().isoformat()})
    assert response.status_code == 403
    assert client.get(f"/m/PEJ/plans/activities/{setting['foreign']}").status_code == 404


def test_a_case_follow_up_shows_only_to_those_who_may_see_it(
    app, client_factory, make_user, make_institution, setting, make_linked_action
):
    from mcm.meetings.models import AgendaItem, AgendaItemKind

    action_id = make_linked_action(
        setting["activity"], meeting_id=setting["meeting"], institution_id=setting["police"]
    )
    with app.app_context():
        item = AgendaItem(
            meeting_id=setting["meeting"], position=1, kind=AgendaItemKind.CASES, title="Cases"
        )
        db.session.add(item)
        db.session.flush()
        db.session.get(Action, action_id).agenda_item_id = item.id
        db.session.commit()
    other_member = make_user("member", "PEJ", institution_id=make_institution("PEJ", "csw"))
    url = f"/m/PEJ/plans/activities/{setting['activity']}"
    for user, sees in (
        (setting["coordinator"], True),
        (setting["member"], True),  # her institution is responsible
        (other_member, False),
    ):
        client = client_factory()
        client.login_user(user)
        assert ("Organise a session" in text_of(client.get(url))) is sees


def test_the_activity_page_queries_do_not_grow(
    client, setting, make_linked_action, make_value, make_held_meeting, count_queries
):
    client.login_user(setting["coordinator"])
    url = f"/m/PEJ/plans/activities/{setting['activity']}"

    def count() -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    make_linked_action(setting["activity"], institution_id=setting["police"])
    make_value(setting["activity"], 1, meeting_id=setting["meeting"])
    small = count()
    for n in range(5):
        meeting = make_held_meeting(days_ago=40 + n)
        make_linked_action(setting["activity"], meeting_id=meeting)
        make_value(setting["activity"], 2 + n, meeting_id=meeting)
    assert count() == small
