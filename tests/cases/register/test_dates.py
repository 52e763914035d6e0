"""Case dates are plausible: a follow-up is not due before the meeting that decided it, and a
consent dated long before the case was opened needs the reason, which is kept and shown."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from mcm.cases.models import Case
from mcm.extensions import db
from mcm.meetings.models import Action
from tests.cases.register.test_register import case_form
from tests.conftest import text_of

TODAY = date.today()
REASON = "Consent was given for an earlier referral that the mechanism took up later."


def test_a_follow_up_due_before_its_meeting_is_refused_and_everything_is_kept(
    app, client, make_user, make_institution, make_case, case_meeting
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja (test)")
    case_id = make_case("PEJ")
    held = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    meeting_id, item_id = case_meeting("PEJ", (police,), starts_at=held - timedelta(days=2))
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.post(
        f"/m/PEJ/cases/meetings/{meeting_id}/discuss?case={case_id}",
        {
            "agenda_item": item_id,
            "summary": "Reviewed the safety plan.",
            "actions-0-title": "Patrol near the home",
            "actions-0-institution": police,
            "actions-0-due_on": (TODAY - timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "cannot be before the meeting that decided the action" in text_of(response)
    assert 'id="actions-0-due_on-error"' in response.get_data(as_text=True)
    assert "Reviewed the safety plan." in response.get_data(as_text=True)  # the text is kept
    with app.app_context():
        assert db.session.scalar(select(func.count(Action.id))) == 0


def _stored_case(app) -> Case | None:
    with app.app_context():
        found = db.session.scalar(select(Case).order_by(Case.id.desc()))
        db.session.expunge_all()
        return found


def test_a_consent_long_before_the_case_needs_a_reason(
    app, client, make_user, make_institution
) -> None:
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja (test)")
    client.login_user(make_user("coordinator", "PEJ"))
    years_before = (TODAY - timedelta(days=3 * 365)).isoformat()
    form = case_form(legal_basis="consent", consent_on=years_before, consent_institution=csw)
    refused = client.post("/m/PEJ/cases/new", form)
    assert refused.status_code == 200
    assert "more than three months before the case was opened" in text_of(refused)
    assert 'id="consent_reason-error"' in refused.get_data(as_text=True)
    assert _stored_case(app) is None

    accepted = client.post("/m/PEJ/cases/new", {**form, "consent_reason": REASON})
    assert accepted.status_code == 302
    case = _stored_case(app)
    assert case.consent_reason == REASON and case.consent_on.isoformat() == years_before
    assert REASON in text_of(client.get(accepted.headers["Location"]))


def test_a_consent_of_the_cases_own_period_needs_no_reason(
    app, client, make_user, make_institution
) -> None:
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja (test)")
    client.login_user(make_user("coordinator", "PEJ"))
    recent = (TODAY - timedelta(days=20)).isoformat()
    form = case_form(
        legal_basis="consent", consent_on=recent, consent_institution=csw, consent_reason=REASON
    )
    assert client.post("/m/PEJ/cases/new", form).status_code == 302
    assert _stored_case(app).consent_reason == ""  # a reason for nothing is not kept
