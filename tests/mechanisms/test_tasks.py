"""The MoU renewal reminder, through a real SMTP server."""

from __future__ import annotations

from datetime import date, timedelta

from mcm.core import outbox_service
from mcm.extensions import db
from mcm.mechanisms.models import Institution, MouEvent, MouStatus
from mcm.mechanisms.tasks import mou_renewal_reminders

TODAY = date(2026, 5, 1)


def _signed(app, institution_id: int, renewal_in_days: int, signed_on=date(2024, 5, 1)) -> None:
    with app.app_context():
        db.session.add(
            MouEvent(
                institution_id=institution_id,
                status=MouStatus.SIGNED,
                effective_on=signed_on,
                signatory="Director",
                renewal_on=TODAY + timedelta(days=renewal_in_days),
            )
        )
        db.session.commit()


def test_coordinators_hear_of_mous_due_within_60_days_once(app, make_user, make_institution, inbox):
    make_user("coordinator", "PEJ", email="geo.pej@test.example.org", language="sq")
    make_user("coordinator", "FER", email="geo.fer@test.example.org")
    due = make_institution("PEJ", "police", "Police Station Peja")
    later = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    _signed(app, due, 45)
    _signed(app, later, 90)
    with app.app_context():
        assert mou_renewal_reminders(TODAY) == 1
        assert mou_renewal_reminders(TODAY + timedelta(days=1)) == 0  # not repeated
    (body,) = inbox.bodies_to("geo.pej@test.example.org")
    assert "Police Station Peja" in body and "Centre for Social Work Peja" not in body
    assert "60" in body  # written in Albanian for her, with the notice period
    assert inbox.bodies_to("geo.fer@test.example.org") == []


def test_withdrawn_or_departed_members_are_not_reminded(app, make_user, make_institution, inbox):
    make_user("coordinator", "PEJ", email="geo.pej@test.example.org")
    withdrawn = make_institution("PEJ", "police")
    departed = make_institution("PEJ", "csw")
    _signed(app, withdrawn, 30)
    _signed(app, departed, 30)
    with app.app_context():
        db.session.add(
            MouEvent(
                institution_id=withdrawn, status=MouStatus.WITHDRAWN, effective_on=date(2025, 1, 1)
            )
        )
        db.session.get(Institution, departed).left_on = date(2025, 1, 1)
        db.session.commit()
        assert mou_renewal_reminders(TODAY) == 0
    assert inbox.messages == []


def test_reminder_is_retried_when_the_mail_server_is_down(
    app, make_user, make_institution, monkeypatch
):
    make_user("coordinator", "PEJ", email="geo.pej@test.example.org")
    _signed(app, make_institution("PEJ"), 20)
    from tests.mail import free_port, start_smtp

    port = free_port()
    monkeypatch.setitem(app.config, "MCM_MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MCM_MAIL_PORT", port)
    with app.app_context():
        assert mou_renewal_reminders(TODAY) == 1  # queued; nothing listens on the port yet
    controller, inbox = start_smtp(port)
    try:
        with app.app_context():
            assert mou_renewal_reminders(TODAY) == 0  # already in the outbox
            outbox_service.retry_now()
            db.session.commit()
            assert outbox_service.deliver_pending() == 1
    finally:
        controller.stop()
    assert len(inbox.bodies_to("geo.pej@test.example.org")) == 1
