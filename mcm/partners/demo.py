"""Synthetic partner demo: the 2025 partnerships of the women's-rights network (DOMAIN.md) at
every stage of the pipeline, with a needs assessment, trainings and follow-up support. No real
person appears anywhere; participants are counted, office holders named only by office."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select

from mcm.accounts.models import Role, User
from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.partners import activities
from mcm.partners import services as partners
from mcm.partners.models import (
    AssessmentArea,
    PartnerMember,
    PartnerOrganisation,
    Partnership,
    PartnershipStage,
)
from mcm.reference.models import InstitutionType

NETWORK = "Kosovo Women's Network"
NETWORK_OBSERVER = "observer.network@demo.example.org"
# A second, invented organisation, so the ministry sees several pipelines side by side.
CENTRE = "Qendra Demo për të Drejtat e Grave"

Step = tuple[PartnershipStage, date, tuple[str, ...], str]
BRIEFING = PartnershipStage.BRIEFING_HELD
AGREED = PartnershipStage.AGREED_IN_PRINCIPLE
COLLECTING = PartnershipStage.COLLECTING_SIGNATURES
SIGNED = PartnershipStage.MOU_SIGNED
ALL_THREE = ("mayor", "deputy_mayor", "geo")

PIPELINES: dict[str, dict[str, list[Step]]] = {
    NETWORK: {
        "FKO": [
            (BRIEFING, date(2025, 5, 20), ALL_THREE, "Initiative presented to the municipality."),
            (AGREED, date(2025, 6, 3), (), ""),
            (COLLECTING, date(2025, 6, 17), (), "Draft MoU sent to the municipality."),
            (SIGNED, date(2025, 7, 24), (), "MoU signed by the municipality and the network."),
        ],
        "LIP": [
            (BRIEFING, date(2025, 5, 14), ("deputy_mayor", "geo"), ""),
            (AGREED, date(2025, 6, 2), (), ""),
            (COLLECTING, date(2025, 6, 20), (), ""),
        ],
        "PEJ": [
            (BRIEFING, date(2025, 5, 22), ("mayor", "geo"), ""),
            (AGREED, date(2025, 6, 10), (), ""),
            (COLLECTING, date(2025, 7, 1), (), "Waiting for the mayor's office."),
        ],
        "POD": [
            (BRIEFING, date(2025, 5, 27), ("deputy_mayor", "geo"), ""),
            (AGREED, date(2025, 6, 12), (), ""),
        ],
        "FER": [
            (BRIEFING, date(2025, 6, 5), ALL_THREE, "Follow-up meeting to be scheduled."),
        ],
    },
    CENTRE: {
        "PEJ": [(BRIEFING, date(2025, 9, 9), ("geo",), "")],
        "GJI": [
            (BRIEFING, date(2025, 9, 16), ("geo",), ""),
            (AGREED, date(2025, 10, 1), (), ""),
        ],
    },
}

ASSESSMENT = {
    AssessmentArea.COORDINATION_REFERRAL: (3, "Referrals between police and CSW work by phone."),
    AssessmentArea.CASE_MANAGEMENT: (2, "No shared case follow-up between meetings."),
    AssessmentArea.VICTIM_SERVICES: (3, "No shelter in the municipality; one in the region."),
    AssessmentArea.PREVENTION_AWARENESS: (4, "Yearly campaign with schools."),
    AssessmentArea.DATA_REPORTING: (2, "Members count cases differently."),
    AssessmentArea.TECHNOLOGY_FACILITATED_VIOLENCE: (1, "No member has had training on it."),
}

TRAININGS = [
    (
        date(2025, 10, 14),
        "Technology-facilitated gender-based violence: recognising it and responding",
        {"police": 4, "csw": 3, "victim_advocate": 1, "education": 2, "cso": 2},
    ),
    (
        date(2025, 11, 4),
        "Case management and referral under the Regulation",
        {"municipality": 1, "police": 3, "csw": 3, "health_centre": 2, "prosecution": 1},
    ),
]

SUPPORT = [
    (date(2025, 11, 18), "Reviewed the draft referral pathway with the coordinator."),
    (date(2025, 12, 2), "Shared a template for recording online abuse reported to members."),
]


def _organisation(name: str) -> PartnerOrganisation:
    existing = db.session.scalar(
        select(PartnerOrganisation).where(PartnerOrganisation.name == name)
    )
    return existing or partners.create_organisation(name)


def _pipeline(organisation: PartnerOrganisation, code: str, steps: list[Step]) -> bool:
    """Create the partnership and its steps unless the organisation already has it."""
    mechanism = mechanism_by_code(code)
    if mechanism is None:
        return False
    exists = db.session.scalar(
        select(Partnership.id).where(
            Partnership.organisation_id == organisation.id,
            Partnership.mechanism_id == mechanism.id,
        )
    )
    if exists is not None:
        return False
    partnership = partners.start_partnership(organisation, mechanism)
    for stage, on, took_part, note in steps:
        present = set(took_part)
        partners.record_step(
            partnership,
            stage,
            on,
            note=note,
            mayor="mayor" in present,
            deputy_mayor="deputy_mayor" in present,
            geo="geo" in present,
        )
    if code == "FKO" and organisation.name == NETWORK:
        _activities(partnership)
    return True


def _activities(partnership: Partnership) -> None:
    activities.record_assessment(
        partnership,
        date(2025, 8, 26),
        ASSESSMENT,
        "Strong will to cooperate; online abuse is the largest gap.",
    )
    types = {t.code: t.id for t in db.session.scalars(select(InstitutionType))}
    for held_on, module, counts in TRAININGS:
        activities.record_training(
            partnership,
            held_on=held_on,
            module=module,
            trainer="Network training team",
            participants={types[code]: n for code, n in counts.items() if code in types},
        )
    for given_on, description in SUPPORT:
        activities.record_support(partnership, given_on, description)


def load_partners_demo() -> Iterator[str]:
    """Create the demo partner organisations and partnerships (safe to run twice)."""
    created = 0
    for name, pipelines in PIPELINES.items():
        organisation = _organisation(name)
        for code, steps in pipelines.items():
            created += _pipeline(organisation, code, steps)
    network = _organisation(NETWORK)
    observer = db.session.scalar(select(User).where(User.email == NETWORK_OBSERVER))
    if observer is None or observer.role is not Role.OBSERVER:
        yield f"partner demo: {NETWORK_OBSERVER} not found; run the main demo first to link it"
    elif db.session.scalar(select(PartnerMember).where(PartnerMember.user_id == observer.id)):
        pass
    else:
        partners.add_member(network, observer)
    db.session.commit()
    yield f"partner demo ready: {created} new partnerships; {NETWORK_OBSERVER} works for {NETWORK}"
