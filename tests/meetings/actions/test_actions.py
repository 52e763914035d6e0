"""Actions decided at meetings: recorded under an agenda item, updated by the responsible
institution (and nobody else), reasons required when not done by the date, carried into the next
meeting's follow-up, and listed with a constant number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.meetings.actions.services import open_actions_before
from mcm.meetings.models import (
    Action,
    ActionProgress,
    ActionStatus,
    Meeting,
    MeetingStatus,
    NotDoneReason,
)
from tests.conftest import text_of
from tests.meetings.minutes.helpers import build_scene


@pytest.fixture
def scene(app, make_user, make_institution, make_meeting, make_agenda_item):
    return build_scene(app, make_user, make_institution, make_meeting, make_agenda_item)


def _action(
    app, scene, *, institution=None, item=None, due=None, status=ActionStatus.OPEN, meeting=None
):
    with app.app_context():
        meeting_id = meeting or scene.meeting
        action = Action(
            mechanism_id=db.session.get(Meeting, meeting_id).mechanism_id,
            meeting_id=meeting_id,
            agenda_item_id=item,
            title=f"Action for {institution or scene.police} due {due}",
            responsible_institution_id=institution or scene.police,
            due_on=due or date.today() + timedelta(days=10),
            status=status,
        )
        db.session.add(action)
        db.session.commit()
        return action.id


def _get(app, action_id) -> Action:
    with app.app_context():
        found = db.session.get(Action, action_id)
        db.session.expunge(found)
        return found


def _update(client, app, action_id, **data):
    version = str(_get(app, action_id).version)
    return client.post(f"/m/PEJ/meetings/actions/{action_id}", {"version": version, **data})


def test_coordinator_records_an_action_under_an_agenda_item(app, client, scene) -> None:
    client.login_user(scene.coordinator)
    url = f"/m/PEJ/meetings/{scene.meeting}/actions/new"
    page = client.get(f"{url}?item={scene.items['topic']}").get_data(as_text=True)
    assert f'<option selected value="{scene.items["topic"]}">' in page
    missing = client.post(url, {"title": "", "institution": "", "due_on": "tomorrow"})
    assert missing.status_code == 200
    assert "Please fill in this field." in text_of(missing)
    assert "Enter the date as day, month and year." in text_of(missing)
    due = (date.today() + timedelta(days=14)).isoformat()
    response = client.post(
        url,
        {
            "agenda_item": str(scene.items["topic"]),
            "title": "Share the referral form with every school",
            "institution": str(scene.csw),
            "due_on": due,
        },
    )
    assert response.status_code == 302
    minutes = text_of(client.get(f"/m/PEJ/meetings/{scene.meeting}/minutes"))
    assert "Share the referral form with every school" in minutes
    listing = text_of(client.get("/m/PEJ/meetings/actions"))
    assert "Share the referral form with every school" in listing and "Open" in listing


def test_an_action_goes_only_to_a_current_member_institution(app, client, scene) -> None:
    client.login_user(scene.coordinator)
    with app.app_context():
        db.session.get(Institution, scene.csw).left_on = date(2025, 1, 1)
        db.session.commit()
    response = client.post(
        f"/m/PEJ/meetings/{scene.meeting}/actions/new",
        {"title": "Something", "institution": str(scene.csw), "due_on": "2026-12-01"},
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Action)) is None
    personal = client.post(
        f"/m/PEJ/meetings/{scene.meeting}/actions/new",
        {"title": "Call the mother on 044 555 012", "institution": str(scene.police)},
    )
    assert "This text contains personal data." in text_of(personal)
    assert "<mark>044 555 012</mark>" in personal.get_data(as_text=True)


def test_members_update_their_own_institutions_actions_only(app, client_factory, scene) -> None:
    own = _action(app, scene, institution=scene.police)
    others = _action(app, scene, institution=scene.csw)
    member = client_factory()
    member.login_user(scene.member)

    assert 'name="note"' in member.get(f"/m/PEJ/meetings/actions/{own}").get_data(as_text=True)
    page = member.get(f"/m/PEJ/meetings/actions/{others}")
    assert page.status_code == 200 and 'name="note"' not in page.get_data(as_text=True)
    refused = _update(member, app, others, status="done", note="Not ours")
    assert refused.status_code == 403
    assert _get(app, others).status is ActionStatus.OPEN
    assert member.get(f"/m/PEJ/meetings/actions/{others}/edit").status_code == 403

    response = _update(member, app, own, status="in_progress", note="Visit planned")
    assert response.status_code == 302
    assert _get(app, own).status is ActionStatus.IN_PROGRESS
    response = _update(member, app, own, status="done", note="Visit made")
    found = _get(app, own)
    assert found.status is ActionStatus.DONE and found.completed_on == date.today()
    page = text_of(member.get(f"/m/PEJ/meetings/actions/{own}"))
    assert "Visit planned" in page and "Visit made" in page
    with app.app_context():
        steps = db.session.scalars(select(ActionProgress.status).order_by(ActionProgress.id)).all()
    assert steps == [ActionStatus.IN_PROGRESS, ActionStatus.DONE]
    nothing = _update(member, app, own, status="done", note="")
    assert "Change the status or write a progress note." in text_of(nothing)


def test_an_overdue_action_not_done_must_say_why(app, client, scene) -> None:
    late = _action(app, scene, due=date.today() - timedelta(days=3))
    client.login_user(scene.member)
    assert "Overdue" in text_of(client.get(f"/m/PEJ/meetings/actions/{late}"))
    refused = _update(client, app, late, status="in_progress", note="Still working on it")
    assert refused.status_code == 200
    assert "The due date has passed: say why the action is not done." in text_of(refused)
    assert "Still working on it" in refused.get_data(as_text=True)  # the note is kept
    assert _get(app, late).status is ActionStatus.OPEN

    accepted = _update(
        client, app, late, status="in_progress", note="Waiting", not_done_reason="waiting_on_other"
    )
    assert accepted.status_code == 302
    found = _get(app, late)
    assert found.status is ActionStatus.IN_PROGRESS
    assert found.not_done_reason is NotDoneReason.WAITING_ON_OTHER
    page = text_of(client.get("/m/PEJ/meetings/actions"))
    assert "Overdue" in page and "Waiting on another institution" in page


def test_dropping_an_action_needs_a_reason(app, client, scene) -> None:
    action = _action(app, scene)
    client.login_user(scene.coordinator)
    refused = _update(client, app, action, status="dropped")
    assert "Say why the action is dropped." in text_of(refused)
    _update(client, app, action, status="dropped", not_done_reason="circumstances_changed")
    assert _get(app, action).status is ActionStatus.DROPPED


def test_a_concurrent_update_is_refused_with_the_note_kept(app, client_factory, scene) -> None:
    action = _action(app, scene)
    first, second = client_factory(), client_factory()
    first.login_user(scene.member)
    second.login_user(scene.coordinator)
    opened = str(_get(app, action).version)
    _update(first, app, action, status="in_progress", note="First")
    refused = second.post(
        f"/m/PEJ/meetings/actions/{action}",
        {"version": opened, "status": "done", "note": "Second's note"},
    )
    assert refused.status_code == 409
    assert "Someone else saved this record" in text_of(refused)
    assert "Second&#39;s note" in refused.get_data(as_text=True)
    assert _get(app, action).status is ActionStatus.IN_PROGRESS


def test_coordinator_corrects_an_action_and_conflicts_are_refused(app, client, scene) -> None:
    action = _action(app, scene)
    client.login_user(scene.coordinator)
    opened = str(_get(app, action).version)
    data = {"title": "Reworded", "institution": str(scene.csw), "due_on": "2027-01-15"}
    assert (
        client.post(
            f"/m/PEJ/meetings/actions/{action}/edit", {"version": opened, **data}
        ).status_code
        == 302
    )
    found = _get(app, action)
    assert (found.title, found.responsible_institution_id) == ("Reworded", scene.csw)
    stale = client.post(
        f"/m/PEJ/meetings/actions/{action}/edit", {"version": opened, **data, "title": "Again"}
    )
    assert "Someone else saved this record" in text_of(stale)
    assert _get(app, action).title == "Reworded"


def test_open_actions_carry_into_the_next_meeting(
    app, client, scene, make_meeting, count_queries
) -> None:
    earlier = make_meeting(
        starts_at=datetime.now(UTC) - timedelta(days=100), status=MeetingStatus.HELD
    )
    kept = [
        _action(app, scene, meeting=earlier, due=date.today() - timedelta(days=40)),
        _action(app, scene, status=ActionStatus.IN_PROGRESS),
        _action(app, scene, institution=scene.csw),
    ]
    _action(app, scene, status=ActionStatus.DONE)
    _action(app, scene, status=ActionStatus.DROPPED)
    _action(app, scene, meeting=scene.later)  # decided at the next meeting itself
    with app.test_request_context():
        meeting = db.session.get(Meeting, scene.later)
        with count_queries() as statements:
            found = open_actions_before(meeting, include_cases=True)
            names = [a.responsible_institution.name for a in found]
            dates = [a.meeting.starts_at for a in found]
        assert len(statements) == 1  # institutions and meetings come with the actions
        assert [a.id for a in found] == sorted(kept, key=lambda i: (_get(app, i).due_on, i))
        assert len(names) == len(dates) == 3
        # The earliest meeting has nothing before it.
        assert open_actions_before(db.session.get(Meeting, earlier), include_cases=True) == []


def test_case_actions_are_seen_only_by_the_full_minutes_and_the_responsible(
    app, client_factory, scene
) -> None:
    case_action = _action(app, scene, institution=scene.csw, item=scene.items["cases"])
    plain = _action(app, scene, institution=scene.csw, item=scene.items["topic"])
    member, responsible, coordinator = client_factory(), client_factory(), client_factory()
    member.login_user(scene.member)
    responsible.login_user(scene.other_member)
    coordinator.login_user(scene.coordinator)
    assert member.get(f"/m/PEJ/meetings/actions/{case_action}").status_code == 404
    assert member.get(f"/m/PEJ/meetings/actions/{plain}").status_code == 200
    assert responsible.get(f"/m/PEJ/meetings/actions/{case_action}").status_code == 200
    assert coordinator.get(f"/m/PEJ/meetings/actions/{case_action}").status_code == 200
    listing = member.get("/m/PEJ/meetings/actions").get_data(as_text=True)
    assert f"/actions/{plain}" in listing and f"/actions/{case_action}" not in listing
    with app.test_request_context():
        from flask_login import login_user

        from mcm.accounts.models import User

        login_user(db.session.get(User, scene.member))
        later = db.session.get(Meeting, scene.later)
        assert [a.id for a in open_actions_before(later)] == [plain]
        assert len(open_actions_before(later, include_cases=True)) == 2


def test_actions_page_issues_a_constant_number_of_queries(
    app, client, scene, count_queries
) -> None:
    client.login_user(scene.member)
    counts = []
    for n in (1, 15):
        for index in range(n):
            _action(
                app,
                scene,
                institution=scene.police if index % 2 else scene.csw,
                item=scene.items["topic"],
                due=date.today() + timedelta(days=index - 5),
            )
        with count_queries() as statements:
            page = client.get("/m/PEJ/meetings/actions")
        assert page.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_a_case_follow_up_is_restricted_like_a_case_item(app, client_factory, scene) -> None:
    from mcm.cases import models as cases

    with app.app_context():
        case = cases.Case(
            mechanism_id=db.session.get(Meeting, scene.meeting).mechanism_id,
            code="PEJ-2026-007",
            year=2026,
            number=7,
            age_band=next(iter(cases.AgeBand)),
            gender=next(iter(cases.Gender)),
            perpetrator_relationship=next(iter(cases.Relationship)),
            risk_level=next(iter(cases.RiskLevel)),
            legal_basis=next(iter(cases.LegalBasis)),
            opened_on=date(2026, 1, 5),
        )
        db.session.add(case)
        db.session.commit()
        case_id = case.id
    follow_up = _action(app, scene, institution=scene.csw, item=scene.items["topic"])
    with app.app_context():
        db.session.get(Action, follow_up).case_id = case_id
        db.session.commit()
    member, responsible = client_factory(), client_factory()
    member.login_user(scene.member)
    responsible.login_user(scene.other_member)
    assert member.get(f"/m/PEJ/meetings/actions/{follow_up}").status_code == 404
    assert responsible.get(f"/m/PEJ/meetings/actions/{follow_up}").status_code == 200
    assert f"/actions/{follow_up}" not in member.get(f"/m/PEJ/meetings/{scene.meeting}").get_data(
        as_text=True
    )
