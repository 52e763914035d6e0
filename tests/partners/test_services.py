"""Partner organisations, their observers, and the activities recorded on a partnership."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from mcm.accounts.models import User
from mcm.core.audit import AuditEntry
from mcm.core.conflicts import ConflictError
from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.partners import activities
from mcm.partners import services as partners
from mcm.partners.models import (
    AssessmentArea,
    PartnerMember,
    PartnerOrganisation,
    Partnership,
    SupportEntry,
    Training,
)
from mcm.reference.models import InstitutionType

DAY = date(2025, 9, 1)


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture
def partnership(ctx) -> Partnership:
    organisation = partners.create_organisation("Network")
    return partners.start_partnership(organisation, mechanism_by_code("FKO"))


def _types() -> dict[str, int]:
    return {t.code: t.id for t in db.session.scalars(select(InstitutionType))}


def test_organisation_names_are_unique_whatever_the_case(ctx) -> None:
    organisation = partners.create_organisation("  Women's Network ")
    assert organisation.name == "Women's Network"
    with pytest.raises(partners.PartnerError, match="already an organisation"):
        partners.create_organisation("WOMEN'S NETWORK")
    other = partners.create_organisation("Centre")
    with pytest.raises(partners.PartnerError, match="already an organisation"):
        partners.rename_organisation(other, "women's network", other.version)
    partners.rename_organisation(other, "Centre for Rights", other.version)
    assert _actions() == [
        "partner_organisation_created",
        "partner_organisation_created",
        "partner_organisation_renamed",
    ]


def test_renaming_from_an_outdated_page_is_refused(ctx) -> None:
    organisation = partners.create_organisation("Centre")
    opened_on = organisation.version
    partners.rename_organisation(organisation, "Centre A", opened_on)
    with pytest.raises(ConflictError):
        partners.rename_organisation(organisation, "Centre B", opened_on)
    assert organisation.name == "Centre A"


def test_only_observers_work_for_an_organisation_and_only_for_one(ctx, make_user) -> None:
    network = partners.create_organisation("Network")
    centre = partners.create_organisation("Centre")
    observer = db.session.get(User, make_user("observer", None, email="obs@test.example.org"))
    coordinator = db.session.get(User, make_user("coordinator", "PEJ"))
    with pytest.raises(partners.PartnerError, match="Only observers"):
        partners.add_member(network, coordinator)
    with pytest.raises(partners.PartnerError, match="Only observers"):
        partners.add_member(network, None)
    member = partners.add_member(network, observer)
    with pytest.raises(partners.PartnerError, match="already works for Network"):
        partners.add_member(centre, observer)
    assert partners.unassigned_observers() == []
    assert [m.user.email for m in partners.members_of(network)] == ["obs@test.example.org"]
    partners.remove_member(member)
    assert db.session.scalar(select(PartnerMember.id)) is None
    assert partners.unassigned_observers() == [observer]
    assert _actions()[-2:] == ["partner_member_added", "partner_member_removed"]


def test_an_organisation_has_one_partnership_per_municipality(ctx) -> None:
    network = partners.create_organisation("Network")
    centre = partners.create_organisation("Centre")
    partners.start_partnership(network, mechanism_by_code("PEJ"))
    with pytest.raises(partners.PartnerError, match="already has a partnership"):
        partners.start_partnership(network, mechanism_by_code("PEJ"))
    with pytest.raises(partners.PartnerError, match="Choose a municipality"):
        partners.start_partnership(network, None)
    # Several organisations each keep their own pipeline with the same municipality.
    partners.start_partnership(centre, mechanism_by_code("PEJ"))
    assert len(db.session.scalars(select(Partnership)).all()) == 2


def test_needs_assessment_scores_every_area_from_1_to_5(partnership) -> None:
    areas = {area: (3, f"Findings on {area.value}") for area in AssessmentArea}
    incomplete = dict(list(areas.items())[:-1])
    with pytest.raises(partners.PartnerError, match="every area"):
        activities.record_assessment(partnership, DAY, incomplete)
    with pytest.raises(partners.PartnerError, match="from 1 to 5"):
        activities.record_assessment(
            partnership, DAY, {**areas, AssessmentArea.CASE_MANAGEMENT: (6, "")}
        )
    assessment = activities.record_assessment(
        partnership,
        DAY,
        {**areas, AssessmentArea.TECHNOLOGY_FACILITATED_VIOLENCE: (1, "No training yet")},
    )
    assert [s.area for s in assessment.scores] == list(AssessmentArea)
    online = assessment.scores[-1]
    assert (online.score, online.findings) == (1, "No training yet")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("needs%"))).one()
    assert entry.details["scores"]["technology_facilitated_violence"] == 1


def test_training_counts_participants_by_type_of_institution(partnership) -> None:
    types = _types()
    training = activities.record_training(
        partnership,
        held_on=DAY,
        module=" Online violence ",
        trainer="Training team",
        participants={types["police"]: 4, types["csw"]: 3, types["court"]: 0},
    )
    assert training.module == "Online violence"
    assert training.participant_total == 7
    assert {p.institution_type_id for p in training.participants} == {
        types["police"],
        types["csw"],
    }
    with pytest.raises(partners.PartnerError, match="negative"):
        activities.record_training(
            partnership, held_on=DAY, module="M", participants={types["police"]: -1}
        )
    with pytest.raises(partners.PartnerError, match="Unknown type"):
        activities.record_training(partnership, held_on=DAY, module="M", participants={99999: 1})


def test_correcting_a_training_is_audited_with_what_changed(partnership) -> None:
    types = _types()
    training = activities.record_training(
        partnership, held_on=DAY, module="Module A", participants={types["police"]: 4}
    )
    activities.update_training(
        training,
        partnership,
        version=training.version,
        held_on=DAY,
        module="Module B",
        note="Fixed the title",
        participants={types["police"]: 5, types["csw"]: 2},
    )
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "training_updated")
    ).one()
    assert entry.details["module"] == {"from": "Module A", "to": "Module B"}
    assert entry.details["participants"] == {
        "from": {"police": 4},
        "to": {"police": 5, "csw": 2},
    }
    assert entry.details["note"] == "changed"
    assert "held_on" not in entry.details
    # Saving the same values again changes nothing and records nothing.
    activities.update_training(
        training,
        partnership,
        version=training.version,
        held_on=DAY,
        module="Module B",
        note="Fixed the title",
        participants={types["police"]: 5, types["csw"]: 2},
    )
    assert _actions().count("training_updated") == 1


def test_a_training_corrected_meanwhile_is_not_overwritten(partnership) -> None:
    training = activities.record_training(partnership, held_on=DAY, module="A", participants={})
    opened_on = training.version
    activities.update_training(
        training, partnership, version=opened_on, held_on=DAY, module="B", participants={}
    )
    db.session.commit()
    with pytest.raises(ConflictError):
        activities.update_training(
            training, partnership, version=opened_on, held_on=DAY, module="C", participants={}
        )
    db.session.rollback()
    assert db.session.scalar(select(Training.module)) == "B"


def test_follow_up_support_is_recorded_and_corrected(partnership) -> None:
    entry = activities.record_support(partnership, DAY, " Call with the coordinator ")
    assert entry.description == "Call with the coordinator"
    opened_on = entry.version
    activities.update_support(
        entry, partnership, version=opened_on, given_on=date(2025, 9, 2), description="Call"
    )
    db.session.commit()
    with pytest.raises(ConflictError):
        activities.update_support(
            entry, partnership, version=opened_on, given_on=DAY, description="Other"
        )
    db.session.rollback()
    stored = db.session.scalars(select(SupportEntry)).one()
    assert (stored.given_on, stored.description) == (date(2025, 9, 2), "Call")
    updated = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "support_updated")
    ).one()
    assert updated.details == {
        "support_id": stored.id,
        "given_on": {"from": "2025-09-01", "to": "2025-09-02"},
        "description": "changed",
    }


def test_activities_cannot_be_dated_in_the_future(partnership) -> None:
    later = date(2999, 1, 1)
    with pytest.raises(partners.PartnerError, match="future"):
        activities.record_support(partnership, later, "x")
    with pytest.raises(partners.PartnerError, match="future"):
        activities.record_training(partnership, held_on=later, module="x", participants={})
    with pytest.raises(partners.PartnerError, match="future"):
        activities.record_assessment(partnership, later, {a: (3, "") for a in AssessmentArea})


def test_stages_by_mechanism_lists_the_most_advanced_first(ctx, make_user) -> None:
    from mcm.partners.models import PartnershipStage

    network = partners.create_organisation("Network")
    centre = partners.create_organisation("Centre")
    mechanism = mechanism_by_code("PEJ")
    behind = partners.start_partnership(network, mechanism)
    partners.record_step(behind, PartnershipStage.BRIEFING_HELD, DAY, geo=True)
    ahead = partners.start_partnership(centre, mechanism)
    for stage in (PartnershipStage.BRIEFING_HELD, PartnershipStage.AGREED_IN_PRINCIPLE):
        partners.record_step(ahead, stage, DAY, geo=True)
    ministry = db.session.get(User, make_user("observer", None))
    staff = db.session.get(User, make_user("observer", None))
    partners.add_member(network, staff)
    db.session.commit()
    seen = partners.stages_by_mechanism(ministry)[mechanism.id]
    assert [(s.organisation, s.stage) for s in seen] == [
        ("Centre", PartnershipStage.AGREED_IN_PRINCIPLE),
        ("Network", PartnershipStage.BRIEFING_HELD),
    ]
    from flask import g

    g.pop("partner_organisation_ids", None)
    own = partners.stages_by_mechanism(staff)[mechanism.id]
    assert [s.organisation for s in own] == ["Network"]
    assert db.session.get(PartnerOrganisation, network.id) is not None
