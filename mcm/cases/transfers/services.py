"""Transfers: when a victim moves, the case passes to the mechanism of her new municipality. The
receiving coordinator accepts (a new case, with a new code and the same structured facts, and
the old case's history readable to her) or declines; the old case is then kept read-only."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from mcm.cases.models import Case, CaseStatus, CaseTransfer, TransferStatus
from mcm.cases.register.services import FACTS, CaseError, actor_id, create_case, record
from mcm.core.db import utcnow
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.reference.models import Municipality


def target_mechanisms(mechanism_id: int) -> list[Mechanism]:
    """Every other municipality's mechanism, by name: where a case can be transferred."""
    return list(
        db.session.scalars(
            select(Mechanism)
            .join(Municipality, Municipality.id == Mechanism.municipality_id)
            .where(Mechanism.id != mechanism_id)
            .order_by(Municipality.name_en)
        )
    )


def pending_transfer(case: Case) -> CaseTransfer | None:
    return db.session.scalar(
        select(CaseTransfer).where(
            CaseTransfer.case_id == case.id, CaseTransfer.status == TransferStatus.PENDING
        )
    )


def request_transfer(case: Case, to_mechanism: Mechanism | None, reason: str) -> CaseTransfer:
    """The sending coordinator asks another mechanism to take the case over."""
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("Only an open case can be transferred."))
    if to_mechanism is None or to_mechanism.id == case.mechanism_id:
        raise CaseError(_("Choose the mechanism of the municipality she moved to."), "to_mechanism")
    if pending_transfer(case) is not None:
        raise CaseError(_("A transfer of this case is already awaiting an answer."))
    transfer = CaseTransfer(
        case_id=case.id,
        from_mechanism_id=case.mechanism_id,
        to_mechanism_id=to_mechanism.id,
        reason=reason.strip(),
        requested_by_id=actor_id(),
    )
    db.session.add(transfer)
    db.session.flush()
    record(
        "case_transfer_requested", case, transfer_id=transfer.id, to_mechanism_id=to_mechanism.id
    )
    return transfer


def _decidable(transfer: CaseTransfer) -> Case:
    if transfer.status is not TransferStatus.PENDING:
        raise CaseError(_("This transfer has already been answered."))
    case = transfer.case
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("The case is no longer open in the sending mechanism."))
    return case


def accept_transfer(transfer: CaseTransfer, today: date | None = None) -> Case:
    """The receiving coordinator takes the case over: a new case in her register with a new code
    and the structured facts; the old one becomes "transferred" (read-only)."""
    old = _decidable(transfer)
    facts = {key: getattr(old, key) for key in FACTS}
    facts["opened_on"] = today or date.today()
    facts["forms_of_violence"] = list(old.forms_of_violence)
    facts["children_age_bands"] = list(old.children_age_bands)
    facts["vulnerabilities"] = list(old.vulnerabilities)
    new = create_case(
        transfer.to_mechanism,
        facts,
        audit_action="case_received",
        keep_institution=old.consent_institution_id,
        consent_accepted=True,  # checked against the case's first opening, kept with its reason
        transfer_id=transfer.id,
        from_case_id=old.id,
    )
    old.status = CaseStatus.TRANSFERRED
    transfer.status = TransferStatus.ACCEPTED
    transfer.decided_at = utcnow()
    transfer.decided_by_id = actor_id()
    transfer.new_case_id = new.id
    record("case_transfer_accepted", old, transfer_id=transfer.id, new_case_id=new.id)
    db.session.flush()
    return new


def decline_transfer(transfer: CaseTransfer) -> None:
    """The receiving coordinator declines: the case stays open where it was."""
    old = _decidable(transfer)
    transfer.status = TransferStatus.DECLINED
    transfer.decided_at = utcnow()
    transfer.decided_by_id = actor_id()
    record("case_transfer_declined", old, transfer_id=transfer.id)
    db.session.flush()
