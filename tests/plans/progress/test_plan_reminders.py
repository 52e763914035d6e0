"""Weekly reminders to coordinators, in their language, through a real SMTP server: activities
ended without reaching their target, and indicators unreported for two quarters."""

from __future__ import annotations

from datetime import date

from mcm.core import outbox_service
from mcm.plans import tasks
from mcm.plans.models import PlanStatus
from mcm.plans.progress.reminders import two_quarters_before
from tests.meetings.invitations.helpers import subject_of, text_of_mail, to

TODAY = date(2026, 3, 2)  # a Monday in the first quarter of 2026


def test_two_quarters_before():
    assert two_quarters_before(date(2026, 3, 2)) == date(2025, 7, 1)
    assert two_quarters_before(date(2026, 8, 20)) == date(2026, 1, 1)
    assert two_quarters_before(date(2026, 12, 31)) == date(2026, 4, 1)


def test_coordinators_hear_of_overdue_and_unreported_activities_weekly(
    app, make_user, make_plan, make_activity, make_value, inbox
):
    make_user("coordinator", "PEJ", email="geo.pej@test.example.org")
    make_user("coordinator", "PEJ", email="geo2.pej@test.example.org", language="sr")
    make_user("coordinator", "FER", email="geo.fer@test.example.org")
    plan, objective = make_plan("PEJ")
    overdue = make_activity(plan, objective, title="Shelter agreement")
    make_value(overdue, 3, date(2025, 12, 1))
    reached = make_activity(plan, objective, title="Hotline leaflets")
    make_value(reached, 10, date(2025, 12, 1))
    stale = make_activity(plan, objective, title="School sessions", end_year=2027)
    make_value(stale, 2, date(2025, 6, 1))
    fresh = make_activity(plan, objective, title="Police trainings", end_year=2027)
    make_value(fresh, 2, date(2026, 1, 15))
    make_activity(plan, objective, title="New campaign", start_year=2026, end_year=2027)
    draft, draft_objective = make_plan("FER", status=PlanStatus.DRAFT)
    make_activity(draft, draft_objective, title="Draft activity")
    with app.app_context():
        assert tasks.plan_reminders(TODAY) == 2
        assert tasks.plan_reminders(TODAY) == 0  # once a week
        assert outbox_service.deliver_pending() == 2
    assert sorted(m["To"] for m in inbox.messages) == [
        "geo.pej@test.example.org",
        "geo2.pej@test.example.org",
    ]
    (english,) = to(inbox, "geo.pej@test.example.org")
    assert "Peja" in subject_of(english)
    body = text_of_mail(english)
    assert "Shelter agreement" in body and "School sessions" in body
    assert f"/m/PEJ/plans/activities/{overdue}" in body
    for quiet in ("Hotline leaflets", "Police trainings", "New campaign"):
        assert quiet not in body
    ended, unreported = body.split("No indicator value has been reported")
    assert "Shelter agreement" in ended and "School sessions" in unreported
    (serbian,) = to(inbox, "geo2.pej@test.example.org")
    assert "Peć" in subject_of(serbian)


def test_the_next_week_reminds_again(app, make_user, make_plan, make_activity):
    make_user("coordinator", "PEJ")
    plan, objective = make_plan("PEJ")
    make_activity(plan, objective)
    with app.app_context():
        assert tasks.plan_reminders(TODAY) == 1
        assert tasks.plan_reminders(date(2026, 3, 9)) == 1
