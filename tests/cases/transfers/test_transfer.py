"""Transfers between mechanisms when the victim moves: asked for by the sending coordinator,
accepted or declined by the receiving one; both registers show it; the history follows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mcm.cases.models import Case, CaseStatus, CaseTransfer, TransferStatus
from mcm.core.audit import AuditEntry
from mcm.extensions import db
from tests.conftest import Client, text_of

TODAY = date.today()
REASON = "The victim moved to Ferizaj and will be supported there."


@pytest.fixture
def moving(app, make_user, make_case, case_meeting, discuss, make_institution):
    case_id = make_case("PEJ", risk_level="high", forms_of_violence=["economic", "threats"])
    meeting_id, item_id = case_meeting("PEJ")
    discuss(
        case_id,
        meeting_id,
        item_id,
        summary="Earlier discussion in Peja.",
        discussed_on=TODAY - timedelta(days=20),
    )
    sender, receiver = Client(app), Client(app)
    sender.login_user(make_user("coordinator", "PEJ"))
    receiver.login_user(make_user("coordinator", "FER"))
    with app.app_context():
        code = db.session.get(Case, case_id).code
    return {"case": case_id, "code": code, "sender": sender, "receiver": receiver}


def _ask(app, moving) -> int:
    from tests.conftest import mechanism_id

    response = moving["sender"].post(
        f"/m/PEJ/cases/{moving['case']}/transfer",
        {"to_mechanism": mechanism_id(app, "FER"), "reason": REASON},
    )
    assert response.status_code == 302, text_of(response)
    with app.app_context():
        return db.session.scalar(select(CaseTransfer.id))


def test_accepted_transfer_creates_a_new_case_and_both_registers_show_it(app, moving) -> None:
    transfer_id = _ask(app, moving)
    sender, receiver = moving["sender"], moving["receiver"]
    assert "awaiting an answer" in text_of(sender.get("/m/PEJ/cases/"))
    incoming = text_of(receiver.get("/m/FER/cases/"))
    assert "Transfers awaiting your answer" in incoming and moving["code"] in incoming
    assert REASON in incoming
    accepted = receiver.post(f"/m/FER/cases/transfers/{transfer_id}/accept")
    assert accepted.status_code == 302
    with app.app_context():
        old = db.session.get(Case, moving["case"])
        new = db.session.scalar(select(Case).where(Case.id != old.id))
        assert old.status is CaseStatus.TRANSFERRED
        assert new.code == f"FER-{TODAY.year}-001" and new.status is CaseStatus.OPEN
        assert new.forms_of_violence == ["economic", "threats"] and new.risk_level.value == "high"
        assert new.legal_basis == old.legal_basis
        new_id = new.id
        transfer = db.session.get(CaseTransfer, transfer_id)
        assert transfer.status is TransferStatus.ACCEPTED and transfer.new_case_id == new_id
        actions = {
            (e.action, e.object_id)
            for e in db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "cases"))
        }
    assert {
        ("case_transfer_requested", old.id),
        ("case_transfer_accepted", old.id),
        ("case_received", new_id),
    } <= actions
    assert "Transferred to Ferizaj" in text_of(sender.get("/m/PEJ/cases/"))
    assert "Received from Peja" in text_of(receiver.get("/m/FER/cases/"))
    # The old case stays readable in Peja, read-only.
    old_page = text_of(sender.get(f"/m/PEJ/cases/{moving['case']}"))
    assert "kept here read-only" in old_page
    assert "Transfer from Peja to Ferizaj: Accepted" in old_page
    assert sender.get(f"/m/PEJ/cases/{moving['case']}/edit").status_code == 403
    # The history follows: Ferizaj's coordinator reads Peja's discussions, without editing them.
    new_page = receiver.get(f"/m/FER/cases/{new_id}")
    text = text_of(new_page)
    assert "Earlier discussion in Peja." in text and f"case {moving['code']}" in text
    assert "Correct this discussion" not in text
    # …and Ferizaj's coordinator still cannot open Peja's register.
    assert receiver.get(f"/m/PEJ/cases/{moving['case']}").status_code == 403


def test_a_repeat_counts_from_the_last_discussion_before_the_transfer(app, moving) -> None:
    transfer_id = _ask(app, moving)
    moving["receiver"].post(f"/m/FER/cases/transfers/{transfer_id}/accept")
    with app.app_context():
        new_id = db.session.scalar(select(Case.id).where(Case.id != moving["case"]))
    moving["receiver"].post(
        f"/m/FER/cases/{new_id}/incidents/new", {"reported_on": TODAY.isoformat()}
    )
    assert "Repeat" in text_of(moving["receiver"].get("/m/FER/cases/"))


def test_a_declined_transfer_leaves_the_case_open_where_it_was(app, moving) -> None:
    transfer_id = _ask(app, moving)
    assert (
        moving["receiver"].post(f"/m/FER/cases/transfers/{transfer_id}/decline").status_code == 302
    )
    with app.app_context():
        assert db.session.get(Case, moving["case"]).status is CaseStatus.OPEN
        assert db.session.get(CaseTransfer, transfer_id).status is TransferStatus.DECLINED
        assert db.session.scalar(select(Case.id).where(Case.id != moving["case"])) is None
    assert "Transfers awaiting your answer" not in text_of(moving["receiver"].get("/m/FER/cases/"))
    # Answered once: a second answer changes nothing.
    moving["receiver"].post(f"/m/FER/cases/transfers/{transfer_id}/accept")
    with app.app_context():
        assert db.session.scalar(select(Case.id).where(Case.id != moving["case"])) is None


def test_only_the_receiving_coordinator_answers(app, moving, make_user) -> None:
    transfer_id = _ask(app, moving)
    # The sender cannot accept her own request, nor can a third mechanism.
    assert moving["sender"].post(f"/m/PEJ/cases/transfers/{transfer_id}/accept").status_code == 404
    third = Client(app)
    third.login_user(make_user("coordinator", "GJI"))
    assert third.post(f"/m/GJI/cases/transfers/{transfer_id}/accept").status_code == 404
    member = Client(app)
    member.login_user(make_user("member", "FER"))
    assert member.post(f"/m/FER/cases/transfers/{transfer_id}/accept").status_code == 403
    assert "Transfers awaiting" not in text_of(member.get("/m/FER/cases/"))


def test_one_pending_transfer_at_a_time_and_never_to_itself(app, moving) -> None:
    from tests.conftest import mechanism_id

    own = moving["sender"].post(
        f"/m/PEJ/cases/{moving['case']}/transfer",
        {"to_mechanism": mechanism_id(app, "PEJ"), "reason": REASON},
    )
    assert "Choose one of the options." in text_of(own)
    _ask(app, moving)
    again = moving["sender"].post(
        f"/m/PEJ/cases/{moving['case']}/transfer",
        {"to_mechanism": mechanism_id(app, "GJI"), "reason": REASON},
    )
    assert "awaiting an answer" in text_of(again)
    with app.app_context():
        assert len(db.session.scalars(select(CaseTransfer)).all()) == 1
