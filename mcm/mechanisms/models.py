"""A municipality's coordination mechanism and its member institutions."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mcm.core.db import utcnow
from mcm.extensions import db
from mcm.reference.models import InstitutionType, Municipality


class MechanismStatus(enum.StrEnum):
    NOT_ESTABLISHED = "not_established"
    ESTABLISHED = "established"
    ACTIVE = "active"
    INACTIVE = "inactive"
    REEMPOWERING = "reempowering"


def enum_column(enum_class: type[enum.Enum], length: int = 30) -> Enum:
    """A portable enum column: a checked VARCHAR holding the member's value."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
        create_constraint=True,
        name=enum_class.__name__.lower(),
    )


class Mechanism(db.Model):
    __tablename__ = "mechanisms"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), unique=True)
    status: Mapped[MechanismStatus] = mapped_column(
        enum_column(MechanismStatus), default=MechanismStatus.NOT_ESTABLISHED
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship(lazy="joined", innerjoin=True)

    @property
    def code(self) -> str:
        return self.municipality.code


class Institution(db.Model):
    """A member institution of one mechanism (its local office: police station, CSW …)."""

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    institution_type_id: Mapped[int] = mapped_column(ForeignKey("institution_types.id"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    mechanism: Mapped[Mechanism] = relationship()
    institution_type: Mapped[InstitutionType] = relationship()
