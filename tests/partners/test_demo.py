"""The partner demo: the 2025 partnerships at every stage, safe to load twice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from mcm.extensions import db
from mcm.partners.demo import NETWORK, NETWORK_OBSERVER, load_partners_demo
from mcm.partners.models import (
    NeedsAssessment,
    PartnerMember,
    PartnerOrganisation,
    Partnership,
    PartnershipEvent,
    PartnershipStage,
    SupportEntry,
    Training,
)

TABLES = (PartnerOrganisation, Partnership, PartnershipEvent, NeedsAssessment, Training)


def _counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(t)) for t in TABLES]


def test_partner_demo_covers_every_stage_and_is_safe_to_run_twice(app) -> None:
    from mcm.demo import load_demo

    with app.app_context():
        list(load_demo())
        output = list(load_partners_demo())
        assert NETWORK in output[-1]
        counts = _counts()
        list(load_partners_demo())
        assert _counts() == counts

        network = db.session.scalar(
            select(PartnerOrganisation).where(PartnerOrganisation.name == NETWORK)
        )
        rows = db.session.scalars(
            select(Partnership).where(Partnership.organisation_id == network.id)
        ).all()
        stages = {p.mechanism.code: (p.stage, p.stage_on) for p in rows}
        assert set(stages) == {"LIP", "PEJ", "POD", "FER", "FKO"}
        assert stages["FKO"] == (PartnershipStage.MOU_SIGNED, date(2025, 7, 24))
        assert {stage for stage, _ in stages.values()} == {
            PartnershipStage.BRIEFING_HELD,
            PartnershipStage.AGREED_IN_PRINCIPLE,
            PartnershipStage.COLLECTING_SIGNATURES,
            PartnershipStage.MOU_SIGNED,
        }
        briefing = db.session.scalars(
            select(PartnershipEvent)
            .join(Partnership)
            .where(Partnership.organisation_id == network.id)
            .where(PartnershipEvent.stage == PartnershipStage.BRIEFING_HELD)
        ).all()
        assert any(e.took_part == ["mayor", "deputy_mayor", "geo"] for e in briefing)
        for model in (NeedsAssessment, Training, SupportEntry):
            assert db.session.scalar(select(func.count()).select_from(model)) >= 1
        member = db.session.scalars(select(PartnerMember)).one()
        assert member.user.email == NETWORK_OBSERVER and member.organisation_id == network.id
        # Several organisations keep their own pipelines.
        assert db.session.scalar(select(func.count(PartnerOrganisation.id))) == 2


def test_partner_demo_without_the_main_demo_skips_the_observer(app) -> None:
    with app.app_context():
        output = list(load_partners_demo())
        assert any("not found" in line for line in output)
        assert db.session.scalar(select(func.count(Partnership.id))) == 7
        assert db.session.scalar(select(PartnerMember.id)) is None
