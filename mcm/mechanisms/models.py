"""A municipality's coordination mechanism, its member institutions, their representatives and
MoUs. Nothing here is ever deleted: leaving, ending and every status change are dated events."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mcm.core.db import enum_column, utcnow
from mcm.extensions import db
from mcm.reference.models import InstitutionType, Municipality


class MechanismStatus(enum.StrEnum):
    NOT_ESTABLISHED = "not_established"
    ESTABLISHED = "established"
    ACTIVE = "active"
    INACTIVE = "inactive"
    REEMPOWERING = "reempowering"


class MouStatus(enum.StrEnum):
    INVITED = "invited"
    AGREED_IN_PRINCIPLE = "agreed_in_principle"
    COLLECTING_SIGNATURES = "collecting_signatures"
    SIGNED = "signed"
    WITHDRAWN = "withdrawn"
    RENEWAL_DUE = "renewal_due"


class DocumentKind(enum.StrEnum):
    MOU = "mou"
    FOUNDING_AGREEMENT = "founding_agreement"


class Document(db.Model):
    """An uploaded scan, stored outside static/ under a random name."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, 30))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Mechanism(db.Model):
    __tablename__ = "mechanisms"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), unique=True)
    status: Mapped[MechanismStatus] = mapped_column(
        enum_column(MechanismStatus), default=MechanismStatus.NOT_ESTABLISHED
    )
    founded_on: Mapped[date | None]
    founding_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    municipality: Mapped[Municipality] = relationship(lazy="joined", innerjoin=True)
    founding_document: Mapped[Document | None] = relationship(foreign_keys=[founding_document_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def code(self) -> str:
        return self.municipality.code


class MechanismStatusChange(db.Model):
    """One dated step of a mechanism's lifecycle, with the coordinator's note."""

    __tablename__ = "mechanism_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    status: Mapped[MechanismStatus] = mapped_column(enum_column(MechanismStatus))
    effective_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Institution(db.Model):
    """A member institution of one mechanism (its local office: police station, CSW …)."""

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    institution_type_id: Mapped[int] = mapped_column(ForeignKey("institution_types.id"))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    joined_on: Mapped[date | None]
    left_on: Mapped[date | None]
    left_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    mechanism: Mapped[Mechanism] = relationship()
    institution_type: Mapped[InstitutionType] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class Representative(db.Model):
    """A person an institution names to the mechanism, for a period; history is kept."""

    __tablename__ = "representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    is_deputy: Mapped[bool] = mapped_column(default=False)
    from_date: Mapped[date]
    to_date: Mapped[date | None]
    commitment_signed_on: Mapped[date | None]
    confidentiality_signed_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)

    institution: Mapped[Institution] = relationship()

    __mapper_args__ = {"version_id_col": version}


class MouEvent(db.Model):
    """One dated step of an institution's Memorandum of Understanding; the latest is current."""

    __tablename__ = "mou_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    status: Mapped[MouStatus] = mapped_column(enum_column(MouStatus))
    effective_on: Mapped[date]
    signatory: Mapped[str] = mapped_column(String(200), default="")
    renewal_on: Mapped[date | None]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    institution: Mapped[Institution] = relationship()
    document: Mapped[Document | None] = relationship()
