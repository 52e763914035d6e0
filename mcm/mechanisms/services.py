"""Queries and operations on mechanisms."""

from __future__ import annotations

import re
from datetime import date

from flask import g, has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager

from mcm.core import audit, pii
from mcm.core.i18n import day_format
from mcm.core.labels import status_label
from mcm.extensions import db
from mcm.mechanisms.models import (
    Document,
    Institution,
    Mechanism,
    MechanismStatus,
    MechanismStatusChange,
    MouEvent,
    MouStatus,
    Representative,
)
from mcm.reference.models import Municipality


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


MUNICIPALITY_CODE = re.compile(r"[A-Za-z]{2,8}")


def mechanism_by_code(code: str) -> Mechanism | None:
    """The mechanism of the municipality with this code; None for anything not a code."""
    code = code.strip()
    if not MUNICIPALITY_CODE.fullmatch(code):
        return None
    # The region comes along: every mechanism page's header names it, in no further query.
    return db.session.scalar(
        select(Mechanism)
        .join(Mechanism.municipality)
        .join(Municipality.region)
        .options(contains_eager(Mechanism.municipality).contains_eager(Municipality.region))
        .where(Municipality.code == code.upper())
    )


def latest_mou_events(mechanism_id: int | None = None) -> Select[tuple[int, MouStatus]]:
    """(institution_id, status) of each institution's current MoU step: its latest event; of one
    mechanism's institutions only when given, which are filtered before the ranking so that a
    mechanism's page does not rank every MoU event of the country."""
    ranked = select(
        MouEvent.institution_id,
        MouEvent.status,
        func.row_number()
        .over(
            partition_by=MouEvent.institution_id,
            order_by=(MouEvent.effective_on.desc(), MouEvent.id.desc()),
        )
        .label("rank"),
    )
    if mechanism_id is not None:
        ranked = ranked.where(
            MouEvent.institution_id.in_(
                select(Institution.id).where(Institution.mechanism_id == mechanism_id)
            )
        )
    subquery = ranked.subquery()
    return select(subquery.c.institution_id, subquery.c.status).where(subquery.c.rank == 1)


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


# -- lifecycles -----------------------------------------------------------------------------------

MECHANISM_TRANSITIONS: dict[MechanismStatus, set[MechanismStatus]] = {
    MechanismStatus.NOT_ESTABLISHED: {MechanismStatus.ESTABLISHED},
    MechanismStatus.ESTABLISHED: {MechanismStatus.ACTIVE, MechanismStatus.INACTIVE},
    MechanismStatus.ACTIVE: {MechanismStatus.INACTIVE},
    MechanismStatus.INACTIVE: {MechanismStatus.REEMPOWERING, MechanismStatus.ACTIVE},
    MechanismStatus.REEMPOWERING: {MechanismStatus.ACTIVE, MechanismStatus.INACTIVE},
}


class TransitionError(Exception):
    """A step the lifecycle does not allow; the message is for the user."""


def status_history(mechanism: Mechanism) -> list[MechanismStatusChange]:
    return list(
        db.session.scalars(
            select(MechanismStatusChange)
            .where(MechanismStatusChange.mechanism_id == mechanism.id)
            .order_by(MechanismStatusChange.effective_on.desc(), MechanismStatusChange.id.desc())
        )
    )


def change_status(
    mechanism: Mechanism, status: MechanismStatus, effective_on: date, note: str
) -> MechanismStatusChange:
    """Move the mechanism to a new lifecycle status, dated and explained."""
    if status not in MECHANISM_TRANSITIONS[mechanism.status]:
        raise TransitionError(
            _(
                "A mechanism that is “%(current)s” cannot become “%(new)s”.",
                current=status_label(mechanism.status),
                new=status_label(status),
            )
        )
    history = status_history(mechanism)
    if history and effective_on < history[0].effective_on:
        raise TransitionError(
            _(
                "The date cannot be before the previous change (%(date)s).",
                date=day_format(history[0].effective_on),
            )
        )
    change = MechanismStatusChange(
        mechanism_id=mechanism.id,
        status=status,
        effective_on=effective_on,
        note=note,
        recorded_by_id=actor_id(),
    )
    db.session.add(change)
    audit.record(
        "mechanism_status_changed",
        obj=mechanism,
        mechanism_id=mechanism.id,
        before=mechanism.status.value,
        after=status.value,
        effective_on=effective_on.isoformat(),
    )
    mechanism.status = status
    db.session.flush()
    return change


def actor_id() -> int | None:
    return current_user.id if has_request_context() and current_user.is_authenticated else None


def set_founding(mechanism: Mechanism, founded_on: date | None, document: Document | None) -> None:
    """Record the founding agreement's date and, if given, a new scan of it."""
    mechanism.founded_on = founded_on
    if document is not None:
        mechanism.founding_document_id = document.id
    audit.record(
        "founding_agreement_saved",
        obj=mechanism,
        mechanism_id=mechanism.id,
        founded_on=founded_on.isoformat() if founded_on else None,
        document=document is not None,
    )
    db.session.flush()


def mechanism_names(mechanism_id: int | None, today: date | None = None) -> list[str]:
    """Names of the mechanism's current representatives (of every mechanism when None):
    mentioning them is not a finding."""
    today = today or date.today()
    query = select(Representative.name).where(
        or_(Representative.to_date.is_(None), Representative.to_date >= today)
    )
    if mechanism_id is not None:
        query = query.join(Institution, Institution.id == Representative.institution_id).where(
            Institution.mechanism_id == mechanism_id
        )
    return list(db.session.scalars(query))


def _names_here() -> list[str]:
    """For the privacy guard: the representatives of the mechanism in the URL; outside a
    request (the demo, scheduled tasks), those of every mechanism."""
    if not has_request_context():
        return mechanism_names(None)
    mechanism = g.get("mechanism")
    return mechanism_names(mechanism.id) if mechanism is not None else []


pii.register_allowed_names(_names_here)
