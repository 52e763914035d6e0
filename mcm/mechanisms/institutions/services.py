"""Member institutions, their representatives and their MoUs: the operations and queries of
the mechanism record below the mechanism itself."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from mcm.core import audit
from mcm.core.conflicts import check_version
from mcm.core.i18n import day_format
from mcm.core.labels import mou_label
from mcm.extensions import db
from mcm.mechanisms.models import (
    Document,
    Institution,
    Mechanism,
    MouEvent,
    MouStatus,
    Representative,
)
from mcm.mechanisms.services import TransitionError, actor_id, latest_mou_events
from mcm.reference.models import InstitutionType

# A signed MoU never returns to "invited" in one step: it lapses or is withdrawn first, each a
# dated event of its own.
MOU_TRANSITIONS: dict[MouStatus | None, set[MouStatus]] = {
    None: {
        MouStatus.INVITED,
        MouStatus.AGREED_IN_PRINCIPLE,
        MouStatus.COLLECTING_SIGNATURES,
        MouStatus.SIGNED,
    },
    MouStatus.INVITED: {
        MouStatus.AGREED_IN_PRINCIPLE,
        MouStatus.COLLECTING_SIGNATURES,
        MouStatus.WITHDRAWN,
    },
    MouStatus.AGREED_IN_PRINCIPLE: {MouStatus.COLLECTING_SIGNATURES, MouStatus.WITHDRAWN},
    MouStatus.COLLECTING_SIGNATURES: {MouStatus.SIGNED, MouStatus.WITHDRAWN},
    MouStatus.SIGNED: {MouStatus.RENEWAL_DUE, MouStatus.WITHDRAWN},
    MouStatus.RENEWAL_DUE: {MouStatus.SIGNED, MouStatus.COLLECTING_SIGNATURES, MouStatus.WITHDRAWN},
    MouStatus.WITHDRAWN: {MouStatus.INVITED},
}


def current_mou(institution_id: int) -> MouEvent | None:
    return db.session.scalar(
        select(MouEvent)
        .where(MouEvent.institution_id == institution_id)
        .order_by(MouEvent.effective_on.desc(), MouEvent.id.desc())
        .limit(1)
    )


def record_mou_event(
    institution: Institution,
    status: MouStatus,
    effective_on: date,
    *,
    note: str = "",
    signatory: str = "",
    renewal_on: date | None = None,
    document: Document | None = None,
) -> MouEvent:
    """Add the next dated step of an institution's MoU, if the lifecycle allows it."""
    previous = current_mou(institution.id)
    previous_status = previous.status if previous else None
    if status not in MOU_TRANSITIONS[previous_status]:
        if previous_status is None:
            raise TransitionError(
                _("The first step of an MoU cannot be “%(new)s”.", new=mou_label(status))
            )
        raise TransitionError(
            _(
                "An MoU that is “%(current)s” cannot become “%(new)s”. Record the step between "
                "them first, with its own date.",
                current=mou_label(previous_status),
                new=mou_label(status),
            )
        )
    if previous is not None and effective_on < previous.effective_on:
        raise TransitionError(
            _(
                "The date cannot be before the previous step (%(date)s).",
                date=day_format(previous.effective_on),
            )
        )
    if status is MouStatus.SIGNED and not signatory.strip():
        raise TransitionError(_("A signed MoU needs the name of who signed it."))
    if renewal_on is not None and renewal_on <= effective_on:
        raise TransitionError(_("The renewal date must be after the date of signature."))
    event = MouEvent(
        institution_id=institution.id,
        status=status,
        effective_on=effective_on,
        signatory=signatory.strip(),
        renewal_on=renewal_on if status is MouStatus.SIGNED else None,
        document_id=document.id if document else None,
        note=note,
        recorded_by_id=actor_id(),
    )
    db.session.add(event)
    db.session.flush()
    audit.record(
        "mou_status_changed",
        obj=institution,
        mechanism_id=institution.mechanism_id,
        before=previous_status.value if previous_status else None,
        after=status.value,
        effective_on=effective_on.isoformat(),
    )
    return event


def mou_history(institution: Institution) -> list[MouEvent]:
    return list(
        db.session.scalars(
            select(MouEvent)
            .options(joinedload(MouEvent.document))
            .where(MouEvent.institution_id == institution.id)
            .order_by(MouEvent.effective_on.desc(), MouEvent.id.desc())
        )
    )


# -- members and representatives ------------------------------------------------------------------


def add_institution(
    mechanism: Mechanism,
    institution_type: InstitutionType,
    name: str,
    address: str = "",
    joined_on: date | None = None,
) -> Institution:
    """Add a member institution to the mechanism."""
    institution = Institution(
        mechanism=mechanism,
        institution_type=institution_type,
        name=name.strip(),
        address=address.strip(),
        joined_on=joined_on,
    )
    db.session.add(institution)
    db.session.flush()
    audit.record("institution_added", obj=institution, mechanism_id=mechanism.id, name=name)
    return institution


def update_institution(institution: Institution, version: object, **fields: object) -> None:
    """Change an institution's details, unless someone changed them meanwhile."""
    check_version(institution, version)
    changed = {k: v for k, v in fields.items() if getattr(institution, k) != v}
    for key, value in changed.items():
        setattr(institution, key, value)
    if changed:
        audit.record(
            "institution_updated",
            obj=institution,
            mechanism_id=institution.mechanism_id,
            fields=sorted(changed),
        )
    db.session.flush()


def leave_institution(institution: Institution, left_on: date, reason: str) -> None:
    """An institution leaves the mechanism on a date; its history stays."""
    if institution.left_on is not None:
        raise TransitionError(_("This institution has already left the mechanism."))
    if institution.joined_on and left_on < institution.joined_on:
        raise TransitionError(
            _(
                "It cannot leave before it joined (%(date)s).",
                date=day_format(institution.joined_on),
            )
        )
    institution.left_on = left_on
    institution.left_reason = reason
    for representative in current_representatives(institution):
        representative.to_date = left_on
    audit.record(
        "institution_left",
        obj=institution,
        mechanism_id=institution.mechanism_id,
        left_on=left_on.isoformat(),
    )
    db.session.flush()


def current_representatives(institution: Institution) -> list[Representative]:
    return list(
        db.session.scalars(
            select(Representative).where(
                Representative.institution_id == institution.id,
                Representative.to_date.is_(None),
            )
        )
    )


def representatives_of(institution: Institution) -> list[Representative]:
    """Everyone who has represented the institution, current ones first."""
    return list(
        db.session.scalars(
            select(Representative)
            .where(Representative.institution_id == institution.id)
            .order_by(
                Representative.to_date.is_not(None),
                Representative.is_deputy,
                Representative.from_date.desc(),
            )
        )
    )


REPRESENTATIVE_FIELDS = (
    "name",
    "position",
    "email",
    "phone",
    "is_deputy",
    "from_date",
    "to_date",
    "commitment_signed_on",
    "confidentiality_signed_on",
)


def _check_dates(fields: dict[str, object]) -> None:
    start, end = fields.get("from_date"), fields.get("to_date")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        raise TransitionError(_("The end date cannot be before the start date."))


def add_representative(institution: Institution, **fields: object) -> Representative:
    """Name a representative (or deputy) of an institution."""
    _check_dates(fields)
    representative = Representative(institution_id=institution.id, **fields)
    db.session.add(representative)
    db.session.flush()
    audit.record(
        "representative_added",
        obj=institution,
        mechanism_id=institution.mechanism_id,
        representative_id=representative.id,
    )
    return representative


def update_representative(
    representative: Representative, version: object, **fields: object
) -> None:
    """Change a representative's details, unless someone changed them meanwhile."""
    check_version(representative, version)
    _check_dates({**{k: getattr(representative, k) for k in REPRESENTATIVE_FIELDS}, **fields})
    changed = {k: v for k, v in fields.items() if getattr(representative, k) != v}
    for key, value in changed.items():
        setattr(representative, key, value)
    if changed:
        audit.record(
            "representative_updated",
            obj=representative.institution,
            mechanism_id=representative.institution.mechanism_id,
            representative_id=representative.id,
            fields=sorted(changed),
        )
    db.session.flush()


def member_overview(mechanism: Mechanism) -> list[tuple[Institution, MouStatus | None, int]]:
    """Each member institution with its current MoU step and number of current representatives,
    in a constant number of queries."""
    current = latest_mou_events(mechanism.id).subquery()
    reps = (
        select(Representative.institution_id, func.count(Representative.id).label("n"))
        .join(Institution, Institution.id == Representative.institution_id)
        .where(Representative.to_date.is_(None), Institution.mechanism_id == mechanism.id)
        .group_by(Representative.institution_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Institution, current.c.status, func.coalesce(reps.c.n, 0))
        .join(InstitutionType)
        .outerjoin(current, current.c.institution_id == Institution.id)
        .outerjoin(reps, reps.c.institution_id == Institution.id)
        .options(contains_eager(Institution.institution_type))
        .where(Institution.mechanism_id == mechanism.id)
        .order_by(Institution.left_on.is_not(None), InstitutionType.position, Institution.name)
    )
    return [(institution, status, count) for institution, status, count in rows]
