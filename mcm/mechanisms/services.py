"""Queries and operations on mechanisms."""

from __future__ import annotations

import re

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, joinedload

from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism, MouEvent, MouStatus
from mcm.reference.models import InstitutionType, Municipality


def ensure_mechanisms() -> int:
    """Give every municipality its mechanism record; returns how many were created."""
    missing = db.session.scalars(
        select(Municipality.id).where(
            ~select(Mechanism.id).where(Mechanism.municipality_id == Municipality.id).exists()
        )
    ).all()
    for municipality_id in missing:
        db.session.add(Mechanism(municipality_id=municipality_id))
    db.session.flush()
    return len(missing)


def institutions_of(mechanism: Mechanism) -> list[Institution]:
    """The member institutions of a mechanism, in the usual order of types."""
    return list(
        db.session.scalars(
            select(Institution)
            .join(InstitutionType)
            .options(joinedload(Institution.institution_type))
            .where(Institution.mechanism_id == mechanism.id)
            .order_by(InstitutionType.position, Institution.name)
        )
    )


MUNICIPALITY_CODE = re.compile(r"[A-Za-z]{2,8}")


def mechanism_by_code(code: str) -> Mechanism | None:
    """The mechanism of the municipality with this code; None for anything not a code."""
    code = code.strip()
    if not MUNICIPALITY_CODE.fullmatch(code):
        return None
    return db.session.scalar(
        select(Mechanism)
        .join(Mechanism.municipality)
        .options(contains_eager(Mechanism.municipality))
        .where(Municipality.code == code.upper())
    )


def latest_mou_events() -> Select[tuple[int, MouStatus]]:
    """(institution_id, status) of each institution's current MoU step: its latest event."""
    ranked = select(
        MouEvent.institution_id,
        MouEvent.status,
        func.row_number()
        .over(
            partition_by=MouEvent.institution_id,
            order_by=(MouEvent.effective_on.desc(), MouEvent.id.desc()),
        )
        .label("rank"),
    ).subquery()
    return select(ranked.c.institution_id, ranked.c.status).where(ranked.c.rank == 1)


def mou_coverage() -> dict[int, tuple[int, int]]:
    """Per mechanism id: (current members whose MoU is signed, current members), in one query."""
    current = latest_mou_events().subquery()
    rows = db.session.execute(
        select(
            Institution.mechanism_id,
            func.count(Institution.id),
            func.count(current.c.institution_id).filter(current.c.status == MouStatus.SIGNED),
        )
        .outerjoin(current, current.c.institution_id == Institution.id)
        .where(Institution.left_on.is_(None))
        .group_by(Institution.mechanism_id)
    )
    return {mechanism_id: (signed, total) for mechanism_id, total, signed in rows}
