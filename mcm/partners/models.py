"""Partner organisations, the observers who work for them, and each organisation's partnership
with a municipality's mechanism. The pipeline is a list of dated steps that is only ever appended
to; trainings and support entries are edited in place, audited, with a version check."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mcm.accounts.models import User
from mcm.core.db import enum_column, utcnow
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.reference.models import InstitutionType


class PartnershipStage(enum.StrEnum):
    BRIEFING_HELD = "briefing_held"
    AGREED_IN_PRINCIPLE = "agreed_in_principle"
    COLLECTING_SIGNATURES = "collecting_signatures"
    MOU_SIGNED = "mou_signed"
    WITHDRAWN = "withdrawn"


STAGE_LABELS = {
    None: _l("Not started"),
    PartnershipStage.BRIEFING_HELD: _l("Briefing session held"),
    PartnershipStage.AGREED_IN_PRINCIPLE: _l("Agreed in principle"),
    PartnershipStage.COLLECTING_SIGNATURES: _l("MoU signatures being collected"),
    PartnershipStage.MOU_SIGNED: _l("MoU signed"),
    PartnershipStage.WITHDRAWN: _l("Withdrawn"),
}

# The pipeline, as data: from each stage (None: nothing recorded yet), the steps that may follow.
# A second briefing may follow the first (the mayor is often briefed after the GEO); a withdrawn
# partnership starts again with a new briefing; stages are never skipped.
TRANSITIONS: dict[PartnershipStage | None, tuple[PartnershipStage, ...]] = {
    None: (PartnershipStage.BRIEFING_HELD,),
    PartnershipStage.BRIEFING_HELD: (
        PartnershipStage.BRIEFING_HELD,
        PartnershipStage.AGREED_IN_PRINCIPLE,
        PartnershipStage.WITHDRAWN,
    ),
    PartnershipStage.AGREED_IN_PRINCIPLE: (
        PartnershipStage.COLLECTING_SIGNATURES,
        PartnershipStage.WITHDRAWN,
    ),
    PartnershipStage.COLLECTING_SIGNATURES: (
        PartnershipStage.MOU_SIGNED,
        PartnershipStage.WITHDRAWN,
    ),
    PartnershipStage.MOU_SIGNED: (PartnershipStage.WITHDRAWN,),
    PartnershipStage.WITHDRAWN: (PartnershipStage.BRIEFING_HELD,),
}

# How far a partnership has come, to pick the most advanced one of a municipality.
STAGE_RANK: dict[PartnershipStage | None, int] = {
    None: 0,
    PartnershipStage.WITHDRAWN: 1,
    PartnershipStage.BRIEFING_HELD: 2,
    PartnershipStage.AGREED_IN_PRINCIPLE: 3,
    PartnershipStage.COLLECTING_SIGNATURES: 4,
    PartnershipStage.MOU_SIGNED: 5,
}


def stage_label(stage: object) -> str:
    """The pipeline stage in the user's language."""
    return str(STAGE_LABELS[PartnershipStage(stage) if stage else None])


# Who may take part in a briefing session, as recorded on the step (office holders, not names).
BRIEFING_PARTICIPANTS = {
    "mayor": _l("Mayor"),
    "deputy_mayor": _l("Deputy mayor"),
    "geo": _l("Gender Equality Officer"),
}


def participant_label(code: str) -> str:
    """An office holder who took part in a briefing, in the user's language."""
    label = BRIEFING_PARTICIPANTS.get(code)
    return str(label) if label is not None else code


class AssessmentArea(enum.StrEnum):
    COORDINATION_REFERRAL = "coordination_referral"
    CASE_MANAGEMENT = "case_management"
    VICTIM_SERVICES = "victim_services"
    PREVENTION_AWARENESS = "prevention_awareness"
    DATA_REPORTING = "data_reporting"
    TECHNOLOGY_FACILITATED_VIOLENCE = "technology_facilitated_violence"


AREA_LABELS = {
    AssessmentArea.COORDINATION_REFERRAL: _l("Coordination and referral"),
    AssessmentArea.CASE_MANAGEMENT: _l("Case management"),
    AssessmentArea.VICTIM_SERVICES: _l("Services for victims"),
    AssessmentArea.PREVENTION_AWARENESS: _l("Prevention and awareness"),
    AssessmentArea.DATA_REPORTING: _l("Data and reporting"),
    AssessmentArea.TECHNOLOGY_FACILITATED_VIOLENCE: _l("Technology-facilitated violence"),
}
MIN_SCORE, MAX_SCORE = 1, 5


def area_label(area: object) -> str:
    """The needs-assessment area in the user's language."""
    return str(AREA_LABELS[AssessmentArea(area)])


class PartnerOrganisation(db.Model):
    """An organisation that partners with mechanisms, e.g. a national women's-rights network."""

    __tablename__ = "partner_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class PartnerMember(db.Model):
    """An observer who works for a partner organisation; observers without one (the ministry)
    read every organisation's pipeline."""

    __tablename__ = "partner_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[PartnerOrganisation] = relationship()
    user: Mapped[User] = relationship()


class Partnership(db.Model):
    """One organisation's partnership with one municipality's mechanism. Its stage is the stage
    of its latest step, kept here by the one service that appends steps."""

    __tablename__ = "partnerships"
    __table_args__ = (UniqueConstraint("organisation_id", "mechanism_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisations.id"))
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    stage: Mapped[PartnershipStage | None] = mapped_column(enum_column(PartnershipStage))
    stage_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[PartnerOrganisation] = relationship()
    mechanism: Mapped[Mechanism] = relationship()

    __mapper_args__ = {"version_id_col": version}


class PartnershipEvent(db.Model):
    """One dated step of the pipeline. A briefing records which office holders took part."""

    __tablename__ = "partnership_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    stage: Mapped[PartnershipStage] = mapped_column(enum_column(PartnershipStage))
    effective_on: Mapped[date]
    mayor_took_part: Mapped[bool] = mapped_column(default=False)
    deputy_mayor_took_part: Mapped[bool] = mapped_column(default=False)
    geo_took_part: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by: Mapped[User | None] = relationship()

    @property
    def took_part(self) -> list[str]:
        """The office holders who took part in a briefing: codes of BRIEFING_PARTICIPANTS."""
        present = (self.mayor_took_part, self.deputy_mayor_took_part, self.geo_took_part)
        return [code for code, here in zip(BRIEFING_PARTICIPANTS, present, strict=True) if here]


class NeedsAssessment(db.Model):
    """The mechanism's capacities and gaps as the partner found them on a date; a later
    assessment does not replace an earlier one, both are kept."""

    __tablename__ = "needs_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    assessed_on: Mapped[date]
    summary: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    scores: Mapped[list[NeedsAssessmentScore]] = relationship(
        back_populates="assessment", order_by="NeedsAssessmentScore.id"
    )


class NeedsAssessmentScore(db.Model):
    """One area of an assessment: a score from 1 (major gaps) to 5 (strong) and the findings."""

    __tablename__ = "needs_assessment_scores"
    __table_args__ = (
        UniqueConstraint("assessment_id", "area"),
        CheckConstraint(f"score BETWEEN {MIN_SCORE} AND {MAX_SCORE}", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("needs_assessments.id"))
    area: Mapped[AssessmentArea] = mapped_column(enum_column(AssessmentArea, 40))
    score: Mapped[int]
    findings: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[NeedsAssessment] = relationship(back_populates="scores")


class Training(db.Model):
    """A training module delivered to the mechanism's members."""

    __tablename__ = "trainings"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    held_on: Mapped[date]
    module: Mapped[str] = mapped_column(String(200))
    trainer: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    participants: Mapped[list[TrainingParticipants]] = relationship(
        back_populates="training", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def participant_total(self) -> int:
        return sum(p.people for p in self.participants)


class TrainingParticipants(db.Model):
    """How many people of one type of institution took part in a training."""

    __tablename__ = "training_participants"
    __table_args__ = (
        UniqueConstraint("training_id", "institution_type_id"),
        CheckConstraint("people >= 0", name="people_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id"))
    institution_type_id: Mapped[int] = mapped_column(ForeignKey("institution_types.id"))
    people: Mapped[int]

    training: Mapped[Training] = relationship(back_populates="participants")
    institution_type: Mapped[InstitutionType] = relationship()


class SupportEntry(db.Model):
    """Follow-up support the partner gave the mechanism after its trainings."""

    __tablename__ = "support_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    given_on: Mapped[date]
    description: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
