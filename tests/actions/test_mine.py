"""My institution's actions: a member sees what her institution must do, across every meeting and
mechanism; a coordinator sees her mechanisms' actions by institution; nobody else has the page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mcm.accounts.models import Membership
from mcm.extensions import db
from mcm.meetings.models import Action, ActionStatus, Meeting
from tests.conftest import mechanism_id, text_of


def _action(app, meeting_id: int, institution_id: int, title: str, **overrides) -> int:
    with app.app_context():
        action = Action(
            mechanism_id=db.session.get(Meeting, meeting_id).mechanism_id,
            meeting_id=meeting_id,
            title=title,
            responsible_institution_id=institution_id,
            due_on=overrides.pop("due_on", date.today() + timedelta(days=7)),
            **overrides,
        )
        db.session.add(action)
        db.session.commit()
        return action.id


@pytest.fixture
def two_mechanisms(app, make_institution, make_meeting):
    """A police station's offices in Peja and Ferizaj, a CSW in Peja, a meeting in each."""
    return {
        "police_pej": make_institution("PEJ", "police", "Police Peja (test)"),
        "police_fer": make_institution("FER", "police", "Police Ferizaj (test)"),
        "csw_pej": make_institution("PEJ", "csw", "CSW Peja (test)"),
        "pej": make_meeting("PEJ"),
        "fer": make_meeting("FER"),
    }


def test_a_member_sees_her_institutions_actions_across_mechanisms(
    app, client, make_user, two_mechanisms
) -> None:
    t = two_mechanisms
    member = make_user("member", "PEJ", institution_id=t["police_pej"])
    with app.app_context():
        db.session.add(
            Membership(
                user_id=member,
                mechanism_id=mechanism_id(app, "FER"),
                institution_id=t["police_fer"],
            )
        )
        db.session.commit()
    _action(app, t["pej"], t["police_pej"], "Patrol plan for the school area")
    _action(app, t["fer"], t["police_fer"], "Risk assessment training")
    _action(app, t["pej"], t["csw_pej"], "Home visit schedule")
    _action(
        app,
        t["pej"],
        t["police_pej"],
        "Overdue report",
        due_on=date.today() - timedelta(days=2),
    )
    _action(app, t["pej"], t["police_pej"], "Finished task", status=ActionStatus.DONE)
    client.login_user(member)
    page = text_of(client.get("/actions/mine"))
    assert "My institution's actions" in page.replace("&#39;", "'")
    assert "Patrol plan for the school area" in page and "Risk assessment training" in page
    assert "Home visit schedule" not in page  # another institution's
    assert "Overdue" in page
    assert "Finished task" not in page
    assert "Finished task" in text_of(client.get("/actions/mine?show=all"))
    html = client.get("/actions/mine").get_data(as_text=True)
    assert "/m/FER/meetings/actions/" in html and "/m/PEJ/meetings/actions/" in html


def test_a_coordinator_sees_her_mechanisms_actions_by_institution(
    app, client, make_user, two_mechanisms
) -> None:
    t = two_mechanisms
    _action(app, t["pej"], t["police_pej"], "Patrol plan for the school area")
    _action(app, t["pej"], t["csw_pej"], "Home visit schedule")
    _action(app, t["fer"], t["police_fer"], "Risk assessment training")
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.get("/actions/mine")
    page = text_of(response)
    assert "Patrol plan for the school area" in page and "Home visit schedule" in page
    assert "Risk assessment training" not in page
    html = response.get_data(as_text=True)
    assert "<h2" in html and "CSW Peja (test)" in html and "Police Peja (test)" in html


@pytest.mark.parametrize("role", ["observer", "administrator"])
def test_others_have_no_actions_page(client, make_user, role) -> None:
    client.login_user(make_user(role, None))
    assert client.get("/actions/mine").status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_the_navigation_offers_actions(client, make_user, role) -> None:
    client.login_user(make_user(role, "PEJ"))
    assert 'href="/actions/mine"' in client.get("/account").get_data(as_text=True)


def test_the_page_issues_a_constant_number_of_queries(
    app, client, make_user, two_mechanisms, count_queries
) -> None:
    t = two_mechanisms
    client.login_user(make_user("coordinator", "PEJ"))
    counts = []
    for n in (1, 20):
        for index in range(n):
            institution = t["police_pej"] if index % 2 else t["csw_pej"]
            _action(app, t["pej"], institution, f"Action {index}")
        with count_queries() as statements:
            assert client.get("/actions/mine").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
