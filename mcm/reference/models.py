"""Reference data models. Several countries fit: nothing assumes Kosovo is the only one."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mcm.core.i18n import localized
from mcm.extensions import db


class LocalizedName:
    name_sq: Mapped[str]
    name_sr: Mapped[str]
    name_en: Mapped[str]

    @property
    def name(self) -> str:
        return localized(self)


class Country(LocalizedName, db.Model):
    __tablename__ = "countries"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)
    name_sq: Mapped[str] = mapped_column(String(120))
    name_sr: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))


class Region(LocalizedName, db.Model):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"))
    code: Mapped[str] = mapped_column(String(20))
    name_sq: Mapped[str] = mapped_column(String(120))
    name_sr: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    country: Mapped[Country] = relationship()


class Municipality(LocalizedName, db.Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    name_sq: Mapped[str] = mapped_column(String(120))
    name_sr: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    region: Mapped[Region] = relationship()


class InstitutionType(LocalizedName, db.Model):
    __tablename__ = "institution_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    name_sq: Mapped[str] = mapped_column(String(200))
    name_sr: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
