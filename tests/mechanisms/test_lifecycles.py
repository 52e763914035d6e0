"""Every allowed and every forbidden step of the mechanism and MoU lifecycles."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from mcm.extensions import db
from mcm.mechanisms import services
from mcm.mechanisms.institutions import services as services_members
from mcm.mechanisms.institutions.services import MOU_TRANSITIONS
from mcm.mechanisms.models import Institution, Mechanism, MechanismStatus, MouStatus
from mcm.mechanisms.services import MECHANISM_TRANSITIONS, TransitionError

ALLOWED_MECHANISM = {
    ("not_established", "established"),
    ("established", "active"),
    ("established", "inactive"),
    ("active", "inactive"),
    ("inactive", "reempowering"),
    ("inactive", "active"),
    ("reempowering", "active"),
    ("reempowering", "inactive"),
}


def test_mechanism_transition_table_is_the_documented_one() -> None:
    table = {(a.value, b.value) for a, targets in MECHANISM_TRANSITIONS.items() for b in targets}
    assert table == ALLOWED_MECHANISM


@pytest.mark.parametrize(("start", "end"), list(product(MechanismStatus, MechanismStatus)))
def test_mechanism_status_change(ctx, start, end) -> None:
    mechanism = services.mechanism_by_code("PEJ")
    mechanism.status = start
    db.session.flush()
    if (start.value, end.value) in ALLOWED_MECHANISM:
        services.change_status(mechanism, end, date(2025, 5, 1), "decision 4/2025")
        assert mechanism.status is end
        assert services.status_history(mechanism)[0].note == "decision 4/2025"
    else:
        with pytest.raises(TransitionError):
            services.change_status(mechanism, end, date(2025, 5, 1), "")
        assert mechanism.status is start
    db.session.rollback()


def test_status_change_cannot_be_dated_before_the_previous(ctx) -> None:
    mechanism = services.mechanism_by_code("PEJ")
    services.change_status(mechanism, MechanismStatus.ESTABLISHED, date(2025, 5, 1), "")
    with pytest.raises(TransitionError, match="before the previous change"):
        services.change_status(mechanism, MechanismStatus.ACTIVE, date(2025, 4, 30), "")
    db.session.rollback()


ALLOWED_MOU = {
    (None, "invited"),
    (None, "agreed_in_principle"),
    (None, "collecting_signatures"),
    (None, "signed"),
    ("invited", "agreed_in_principle"),
    ("invited", "collecting_signatures"),
    ("invited", "withdrawn"),
    ("agreed_in_principle", "collecting_signatures"),
    ("agreed_in_principle", "withdrawn"),
    ("collecting_signatures", "signed"),
    ("collecting_signatures", "withdrawn"),
    ("signed", "renewal_due"),
    ("signed", "withdrawn"),
    ("renewal_due", "signed"),
    ("renewal_due", "collecting_signatures"),
    ("renewal_due", "withdrawn"),
    ("withdrawn", "invited"),
}


# How an institution reaches each starting step, one dated event at a time.
PATH_TO = {
    MouStatus.INVITED: [MouStatus.INVITED],
    MouStatus.AGREED_IN_PRINCIPLE: [MouStatus.AGREED_IN_PRINCIPLE],
    MouStatus.COLLECTING_SIGNATURES: [MouStatus.COLLECTING_SIGNATURES],
    MouStatus.SIGNED: [MouStatus.SIGNED],
    MouStatus.WITHDRAWN: [MouStatus.INVITED, MouStatus.WITHDRAWN],
    MouStatus.RENEWAL_DUE: [MouStatus.SIGNED, MouStatus.RENEWAL_DUE],
}


def _institution(mechanism: Mechanism) -> Institution:
    from mcm.reference.models import InstitutionType

    kind = db.session.scalar(db.select(InstitutionType).where(InstitutionType.code == "csw"))
    return services_members.add_institution(mechanism, kind, "Centre for Social Work")


@pytest.mark.parametrize(("start", "end"), list(product([None, *MouStatus], MouStatus)))
def test_mou_step(ctx, start, end) -> None:
    institution = _institution(services.mechanism_by_code("PEJ"))
    for day, step in enumerate(PATH_TO.get(start, []), start=1):
        services_members.record_mou_event(
            institution, step, date(2025, 1, day), signatory="Director"
        )
    allowed = (start.value if start else None, end.value) in ALLOWED_MOU
    assert (end in MOU_TRANSITIONS[start]) == allowed
    if allowed:
        services_members.record_mou_event(institution, end, date(2025, 2, 10), signatory="Director")
        assert services_members.current_mou(institution.id).status is end
    else:
        with pytest.raises(TransitionError):
            services_members.record_mou_event(
                institution, end, date(2025, 2, 10), signatory="Director"
            )
    db.session.rollback()


def test_signed_mou_cannot_go_back_to_invited_without_a_dated_step_between(ctx) -> None:
    institution = _institution(services.mechanism_by_code("PEJ"))
    services_members.record_mou_event(
        institution, MouStatus.SIGNED, date(2025, 7, 24), signatory="Mayor"
    )
    with pytest.raises(TransitionError, match="Record the step between them first"):
        services_members.record_mou_event(institution, MouStatus.INVITED, date(2025, 8, 1))
    services_members.record_mou_event(institution, MouStatus.WITHDRAWN, date(2025, 8, 1))
    services_members.record_mou_event(institution, MouStatus.INVITED, date(2025, 9, 1))
    assert [e.status for e in services_members.mou_history(institution)] == [
        MouStatus.INVITED,
        MouStatus.WITHDRAWN,
        MouStatus.SIGNED,
    ]
    db.session.rollback()


def test_mou_rules_on_dates_and_signatory(ctx) -> None:
    institution = _institution(services.mechanism_by_code("PEJ"))
    with pytest.raises(TransitionError, match="who signed"):
        services_members.record_mou_event(institution, MouStatus.SIGNED, date(2025, 7, 24))
    services_members.record_mou_event(institution, MouStatus.INVITED, date(2025, 3, 1))
    with pytest.raises(TransitionError, match="before the previous step"):
        services_members.record_mou_event(
            institution, MouStatus.AGREED_IN_PRINCIPLE, date(2025, 2, 1)
        )
    db.session.rollback()


def test_mou_coverage_counts_current_members_by_their_latest_step(app, make_institution) -> None:
    from mcm.mechanisms.models import MouEvent
    from tests.conftest import mechanism_id

    signed, withdrawn, former = (make_institution("PEJ") for _ in range(3))
    with app.app_context():
        db.session.add_all(
            [
                MouEvent(
                    institution_id=signed, status=MouStatus.INVITED, effective_on=date(2025, 1, 1)
                ),
                MouEvent(
                    institution_id=signed, status=MouStatus.SIGNED, effective_on=date(2025, 3, 1)
                ),
                MouEvent(
                    institution_id=withdrawn, status=MouStatus.SIGNED, effective_on=date(2025, 1, 1)
                ),
                MouEvent(
                    institution_id=withdrawn,
                    status=MouStatus.WITHDRAWN,
                    effective_on=date(2025, 6, 1),
                ),
                MouEvent(
                    institution_id=former, status=MouStatus.SIGNED, effective_on=date(2025, 1, 1)
                ),
            ]
        )
        db.session.get(Institution, former).left_on = date(2025, 9, 1)
        db.session.commit()
        assert services.mou_coverage()[mechanism_id(app, "PEJ")] == (1, 2)
