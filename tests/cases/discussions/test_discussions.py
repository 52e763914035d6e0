"""Case discussions at meetings: the confidentiality gate, due dates suggested from the
standards, follow-up actions per institution, corrections, and the case's timeline."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from mcm.cases.models import CaseDiscussion
from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.meetings.models import Action, ActionStatus
from tests.conftest import text_of

TODAY = date.today()


def _setup(make_user, make_institution, make_case, case_meeting, involve, **case):
    police = make_institution("PEJ", "police", "Police Station Peja")
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    case_id = make_case("PEJ", **case)
    meeting_id, item_id = case_meeting("PEJ", (police, csw))
    coordinator = make_user("coordinator", "PEJ")
    return coordinator, police, csw, case_id, meeting_id, item_id


def test_due_dates_are_suggested_from_the_standards(
    client, make_user, make_institution, make_case, case_meeting, involve
) -> None:
    coordinator, police, csw, case_id, meeting_id, _item = _setup(
        make_user,
        make_institution,
        make_case,
        case_meeting,
        involve,
        risk_level="high",
        protection_order="in_force",
        shelter="placed",
    )
    involve(case_id, csw, services_needed=["custody_measures"])
    client.login_user(coordinator)
    response = client.get(f"/m/PEJ/cases/meetings/{meeting_id}/discuss?case={case_id}")
    html = response.get_data(as_text=True)
    page = text_of(response)
    assert "High risk: immediate action (standard 1.8)." in page
    assert "monitoring visits at least weekly" in page
    assert "48-hour reflection period" in page and "up to 72 hours" in page
    for days in (0, 7, 2, 3):
        assert f'value="{(TODAY + timedelta(days=days)).isoformat()}"' in html
    # The immediate action goes to the police, the others to the centre for social work.
    assert f'<option selected value="{police}">' in html
    assert f'<option selected value="{csw}">' in html


def test_coordinator_records_a_discussion_with_follow_ups(
    app, client, make_user, make_institution, make_case, case_meeting, involve
) -> None:
    coordinator, police, csw, case_id, meeting_id, item_id = _setup(
        make_user, make_institution, make_case, case_meeting, involve, risk_level="high"
    )
    client.login_user(coordinator)
    due = TODAY + timedelta(days=5)
    response = client.post(
        f"/m/PEJ/cases/meetings/{meeting_id}/discuss?case={case_id}",
        {
            "agenda_item": item_id,
            "summary": "The CSW presented the risk assessment; the victim agreed to a safety plan.",
            "decisions": "Police patrols near the home; CSW visits weekly.",
            "actions-0-title": "Patrol near the home",
            "actions-0-institution": police,
            "actions-0-due_on": TODAY.isoformat(),
            "actions-1-title": "Monitoring visit",
            "actions-1-institution": csw,
            "actions-1-due_on": due.isoformat(),
            "actions-2-title": "",
        },
    )
    assert response.status_code == 302, text_of(response)
    with app.app_context():
        discussion = db.session.scalar(select(CaseDiscussion))
        assert discussion.case_id == case_id and discussion.agenda_item_id == item_id
        actions = db.session.scalars(select(Action).order_by(Action.id)).all()
        assert [
            (a.case_id, a.meeting_id, a.agenda_item_id, a.responsible_institution_id, a.due_on)
            for a in actions
        ] == [
            (case_id, meeting_id, item_id, police, TODAY),
            (case_id, meeting_id, item_id, csw, due),
        ]
        logged = db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "cases")
        ).all()
    assert {"case_discussed", "case_follow_up_assigned"} <= {e.action for e in logged}
    for entry in logged:  # ids and field names only, never the text
        assert "safety plan" not in str(entry.details) and "Patrol" not in str(entry.details)
    page = text_of(client.get(f"/m/PEJ/cases/{case_id}"))
    assert "the victim agreed to a safety plan" in page and "CSW visits weekly" in page
    assert "Patrol near the home" in page and "Open" in page


def test_an_incomplete_follow_up_is_refused_and_everything_is_kept(
    app, client, make_user, make_institution, make_case, case_meeting, involve
) -> None:
    coordinator, _police, _csw, case_id, meeting_id, item_id = _setup(
        make_user, make_institution, make_case, case_meeting, involve
    )
    client.login_user(coordinator)
    response = client.post(
        f"/m/PEJ/cases/meetings/{meeting_id}/discuss?case={case_id}",
        {
            "agenda_item": item_id,
            "summary": "Reviewed the services.",
            "actions-0-title": "Arrange legal aid",
            "actions-0-institution": "",
            "actions-0-due_on": "",
        },
    )
    page = text_of(response)
    assert "Choose the institution." in page and "Give the due date." in page
    assert 'value="Arrange legal aid"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(CaseDiscussion.id)) is None


def test_cases_stay_closed_until_every_attendee_present_acknowledged_confidentiality(
    app, client, make_user, make_institution, make_case, case_meeting
) -> None:
    police = make_institution("PEJ", "police")
    case_id = make_case("PEJ")
    meeting_id, item_id = case_meeting("PEJ", (police,), acknowledged=False)
    client.login_user(make_user("coordinator", "PEJ"))
    page = text_of(client.get(f"/m/PEJ/cases/meetings/{meeting_id}/discuss?case={case_id}"))
    assert "open once every attendee present has acknowledged" in page
    assert "What was discussed" not in page
    client.post(
        f"/m/PEJ/cases/meetings/{meeting_id}/discuss?case={case_id}",
        {"agenda_item": item_id, "summary": "Should not be saved."},
    )
    with app.app_context():
        assert db.session.scalar(select(CaseDiscussion.id)) is None


def test_a_stale_correction_is_refused_with_both_texts(
    app, client, make_user, make_case, case_meeting, discuss
) -> None:
    case_id = make_case("PEJ")
    meeting_id, item_id = case_meeting("PEJ")
    discussion_id = discuss(case_id, meeting_id, item_id, summary="First text.")
    client.login_user(make_user("coordinator", "PEJ"))
    url = f"/m/PEJ/cases/discussions/{discussion_id}/edit"
    assert client.post(url, {"version": "1", "summary": "Second text."}).status_code == 302
    stale = client.post(url, {"version": "1", "summary": "My third text."})
    page = text_of(stale)
    assert "Someone else saved this record" in page
    assert "Second text." in page and "My third text." in page


def test_the_timeline_shows_the_cases_history_in_constant_queries(
    app, client, make_user, make_institution, make_case, case_meeting, discuss, count_queries
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja")
    case_id = make_case("PEJ", opened_on=TODAY - timedelta(days=90))
    client.login_user(make_user("coordinator", "PEJ"))

    def add_meeting(n: int) -> None:
        meeting_id, item_id = case_meeting("PEJ")
        discuss(case_id, meeting_id, item_id, summary=f"Discussion number {n}.")
        with app.app_context():
            db.session.add(
                Action(
                    mechanism_id=_mid(app),
                    meeting_id=meeting_id,
                    agenda_item_id=item_id,
                    title=f"Follow-up {n}",
                    responsible_institution_id=police,
                    due_on=TODAY - timedelta(days=1),
                    status=ActionStatus.OPEN,
                    case_id=case_id,
                )
            )
            db.session.commit()

    def measure() -> int:
        with count_queries() as statements:
            assert client.get(f"/m/PEJ/cases/{case_id}").status_code == 200
        return len(statements)

    add_meeting(1)
    few = measure()
    for n in range(2, 12):
        add_meeting(n)
    assert measure() == few
    page = text_of(client.get(f"/m/PEJ/cases/{case_id}"))
    assert "Discussion number 1." in page and "Discussion number 11." in page
    assert "Follow-up 11" in page and "Overdue" in page


def _mid(app) -> int:
    from tests.conftest import mechanism_id

    return mechanism_id(app, "PEJ")
