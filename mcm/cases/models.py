"""A case is known only by its code and structured, non-identifying facts (DOMAIN.md): never a
name, number, address or birth date of anyone involved. Free text is checked by mcm.privacy."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mcm.core.db import enum_column, utcnow
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism


class AgeBand(enum.StrEnum):
    UNDER_18 = "0-17"
    FROM_18 = "18-24"
    FROM_25 = "25-34"
    FROM_35 = "35-44"
    FROM_45 = "45-54"
    FROM_55 = "55-64"
    OVER_65 = "65+"


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Relationship(enum.StrEnum):
    SPOUSE = "spouse"
    FORMER_SPOUSE = "former_spouse"
    PARTNER = "partner"
    FORMER_PARTNER = "former_partner"
    PARENT = "parent"
    CHILD = "child"
    SIBLING = "sibling"
    IN_LAW = "in_law"
    OTHER_FAMILY = "other_family"
    OTHER = "other"


# Multi-valued facts are stored as lists of these codes (JSON), to keep one row per case.
FORMS_OF_VIOLENCE = (
    "physical",
    "psychological",
    "sexual",
    "economic",
    "threats",
    "stalking",
    "forced_marriage",
    "digital",
)
VULNERABILITIES = (
    "rae_community",
    "disability",
    "over_65",
    "under_18",
    "rural_isolation",
    "lgbt",
    "addiction",
    "mental_health",
    "trafficking",
    "refugee_migrant",
)
CHILD_AGE_BANDS = ("0-5", "6-11", "12-17")
SERVICES = (
    "shelter",
    "legal_aid",
    "psychosocial_support",
    "health_care",
    "financial_support",
    "housing",
    "employment",
    "education",
    "police_protection",
    "monitoring_visits",
    "custody_measures",
)


class RiskLevel(enum.StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class ProtectionOrder(enum.StrEnum):
    NONE = "none"
    REQUESTED = "requested"
    EMERGENCY = "emergency"  # emergency protection order in force
    IN_FORCE = "in_force"
    EXPIRED = "expired"


class Shelter(enum.StrEnum):
    NONE = "none"
    PLACED = "placed"
    LEFT = "left"


class LegalBasis(enum.StrEnum):
    CONSENT = "consent"  # informed consent, with date and the institution that obtained it
    CHILD_VICTIM = "child_victim"
    LACKING_CAPACITY = "lacking_capacity"


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    TRANSFERRED = "transferred"  # moved to another mechanism; kept here read-only


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    number: Mapped[int]
    age_band: Mapped[AgeBand] = mapped_column(enum_column(AgeBand, 10))
    gender: Mapped[Gender] = mapped_column(enum_column(Gender, 10))
    perpetrator_relationship: Mapped[Relationship] = mapped_column(enum_column(Relationship, 20))
    forms_of_violence: Mapped[list[str]] = mapped_column(JSON, default=list)
    risk_level: Mapped[RiskLevel] = mapped_column(enum_column(RiskLevel, 10))
    children_count: Mapped[int] = mapped_column(default=0)
    children_age_bands: Mapped[list[str]] = mapped_column(JSON, default=list)
    vulnerabilities: Mapped[list[str]] = mapped_column(JSON, default=list)
    protection_order: Mapped[ProtectionOrder] = mapped_column(
        enum_column(ProtectionOrder, 20), default=ProtectionOrder.NONE
    )
    shelter: Mapped[Shelter] = mapped_column(enum_column(Shelter, 10), default=Shelter.NONE)
    legal_basis: Mapped[LegalBasis] = mapped_column(enum_column(LegalBasis, 20))
    consent_on: Mapped[date | None]
    consent_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    # Why the consent is dated long before the case was opened ("" when it is not).
    consent_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus, 20), default=CaseStatus.OPEN)
    closed_on: Mapped[date | None]
    close_reason: Mapped[str] = mapped_column(Text, default="")
    opened_on: Mapped[date]
    purged_at: Mapped[datetime | None]  # discussion text removed under the retention rule
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    mechanism: Mapped[Mechanism] = relationship()
    consent_institution: Mapped[Institution | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class CaseInstitution(db.Model):
    """An institution the coordinator involved in a case (need to know), with its services."""

    __tablename__ = "case_institutions"
    __table_args__ = (UniqueConstraint("case_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    services_provided: Mapped[list[str]] = mapped_column(JSON, default=list)
    services_needed: Mapped[list[str]] = mapped_column(JSON, default=list)
    involved_on: Mapped[date]

    institution: Mapped[Institution] = relationship()


class CaseDiscussion(db.Model):
    """What a meeting discussed and decided about a case (an agenda item of kind "cases")."""

    __tablename__ = "case_discussions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    discussed_on: Mapped[date] = mapped_column(index=True)  # the years with statistics
    summary: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    purged_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class CaseIncident(db.Model):
    """A new incident reported on a case; a repeat when within 12 months of the last discussion."""

    __tablename__ = "case_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reported_on: Mapped[date]
    is_repeat: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class TransferStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class CaseTransfer(db.Model):
    """A case handed to another municipality's mechanism when the victim moves."""

    __tablename__ = "case_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    from_mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    to_mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[TransferStatus] = mapped_column(
        enum_column(TransferStatus, 20), default=TransferStatus.PENDING
    )
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    new_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))

    # Relationships only (no schema change): the case, its successor and both mechanisms.
    case: Mapped[Case] = relationship(foreign_keys=[case_id])
    new_case: Mapped[Case | None] = relationship(foreign_keys=[new_case_id])
    from_mechanism: Mapped[Mechanism] = relationship(foreign_keys=[from_mechanism_id])
    to_mechanism: Mapped[Mechanism] = relationship(foreign_keys=[to_mechanism_id])


class ExceptionalAccess(db.Model):
    """An administrator's recorded, justified access to one case's details."""

    __tablename__ = "exceptional_accesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class CaseFigure(db.Model):
    """One count of the case statistics before suppression, kept on write
    (mcm.cases.statistics.aggregates): cases of a mechanism, or of a region, in a year by one
    category of one breakdown."""

    __tablename__ = "case_figures"
    __table_args__ = (UniqueConstraint("unit", "year", "unit_id", "dimension", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit: Mapped[str] = mapped_column(String(10))  # "mechanism" or "region"
    year: Mapped[int]
    unit_id: Mapped[int]
    dimension: Mapped[str] = mapped_column(String(30))
    code: Mapped[str] = mapped_column(String(30))
    cases: Mapped[int]
