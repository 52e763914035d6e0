"""Operations on partner organisations and partnerships. Each one checks the rules, flushes and
writes the audit entry; the request commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context, has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from mcm.accounts.models import Role, User
from mcm.core import audit, conflicts
from mcm.core.i18n import day_format
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.partners.models import (
    STAGE_RANK,
    TRANSITIONS,
    NeedsAssessment,
    PartnerMember,
    PartnerOrganisation,
    Partnership,
    PartnershipEvent,
    PartnershipStage,
    Training,
    stage_label,
)
from mcm.partners.policy import visible_partnerships
from mcm.reference.models import Municipality

EARLIEST = date(2000, 1, 1)  # nothing in the product predates the first mechanisms


class PartnerError(Exception):
    """A request the partnership rules refuse; the message is shown to the user."""


def today() -> date:
    """Today in the installation's zone, where the partner works."""
    zone = current_app.config["MCM_TIMEZONE"] if has_app_context() else "UTC"
    return datetime.now(ZoneInfo(zone)).date()


def actor_id() -> int | None:
    """Who records: the signed-in user; nobody for the command line and the demo."""
    if has_request_context() and current_user.is_authenticated:
        return int(current_user.id)
    return None


def check_date(value: date) -> None:
    """Refuse a date in the future, or before the year 2000 (a mistyped year)."""
    if value > today():
        raise PartnerError(_("The date cannot be in the future."))
    if value < EARLIEST:
        raise PartnerError(_("Enter a date from the year 2000 on."))


def check_version(record: Any, version: int | None) -> None:
    """Refuse an edit made on a copy of the record someone else has changed since (None: the
    demo and the command line, which open no form)."""
    if version is not None:
        conflicts.check_version(record, version)


# -- organisations --------------------------------------------------------------------------------


def organisations() -> list[PartnerOrganisation]:
    """Every partner organisation, by name."""
    return list(db.session.scalars(select(PartnerOrganisation).order_by(PartnerOrganisation.name)))


def _name_taken(name: str, but: PartnerOrganisation | None = None) -> bool:
    stmt = select(PartnerOrganisation.id).where(
        func.lower(PartnerOrganisation.name) == name.lower()
    )
    if but is not None:
        stmt = stmt.where(PartnerOrganisation.id != but.id)
    return db.session.scalar(stmt) is not None


def create_organisation(name: str) -> PartnerOrganisation:
    """Register a partner organisation."""
    name = name.strip()
    if _name_taken(name):
        raise PartnerError(_("There is already an organisation with this name."))
    organisation = PartnerOrganisation(name=name)
    db.session.add(organisation)
    db.session.flush()
    audit.record("partner_organisation_created", obj=organisation, name=name)
    return organisation


def rename_organisation(organisation: PartnerOrganisation, name: str, version: int | None) -> None:
    """Correct an organisation's name."""
    check_version(organisation, version)
    name = name.strip()
    if _name_taken(name, but=organisation):
        raise PartnerError(_("There is already an organisation with this name."))
    if name == organisation.name:
        return
    audit.record("partner_organisation_renamed", obj=organisation, old=organisation.name, new=name)
    organisation.name = name
    db.session.flush()


def members_of(organisation: PartnerOrganisation) -> list[PartnerMember]:
    """The observers who work for an organisation."""
    return list(
        db.session.scalars(
            select(PartnerMember)
            .join(PartnerMember.user)
            .options(selectinload(PartnerMember.user))
            .where(PartnerMember.organisation_id == organisation.id)
            .order_by(User.email)
        )
    )


def unassigned_observers() -> list[User]:
    """Active observers who work for no organisation yet."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.role == Role.OBSERVER,
                User.active,
                ~select(PartnerMember.id).where(PartnerMember.user_id == User.id).exists(),
            )
            .order_by(User.email)
        )
    )


def add_member(organisation: PartnerOrganisation, user: User | None) -> PartnerMember:
    """Let an observer record her organisation's partnerships."""
    if user is None or user.role is not Role.OBSERVER:
        raise PartnerError(_("Only observers can work for a partner organisation."))
    current = db.session.scalar(select(PartnerMember).where(PartnerMember.user_id == user.id))
    if current is not None:
        raise PartnerError(
            _(
                "%(email)s already works for %(name)s.",
                email=user.email,
                name=current.organisation.name,
            )
        )
    member = PartnerMember(organisation=organisation, user=user)
    db.session.add(member)
    db.session.flush()
    audit.record("partner_member_added", obj=organisation, user_id=user.id, email=user.email)
    return member


def remove_member(member: PartnerMember) -> None:
    """The observer no longer works for the organisation; her past records stay."""
    audit.record(
        "partner_member_removed",
        obj=member.organisation,
        user_id=member.user_id,
        email=member.user.email,
    )
    db.session.delete(member)
    db.session.flush()


# -- partnerships ---------------------------------------------------------------------------------


def start_partnership(
    organisation: PartnerOrganisation, mechanism: Mechanism | None
) -> Partnership:
    """Open an organisation's pipeline with a municipality; its steps are recorded next."""
    if mechanism is None:
        raise PartnerError(_("Choose a municipality."))
    exists = db.session.scalar(
        select(Partnership.id).where(
            Partnership.organisation_id == organisation.id,
            Partnership.mechanism_id == mechanism.id,
        )
    )
    if exists is not None:
        raise PartnerError(_("Your organisation already has a partnership with this municipality."))
    partnership = Partnership(organisation=organisation, mechanism=mechanism)
    db.session.add(partnership)
    db.session.flush()
    audit.record(
        "partnership_started",
        obj=partnership,
        mechanism_id=mechanism.id,
        organisation=organisation.name,
        municipality=mechanism.code,
    )
    return partnership


def next_stages(partnership: Partnership) -> tuple[PartnershipStage, ...]:
    """The steps that may follow the partnership's current stage."""
    return TRANSITIONS[partnership.stage]


def record_step(
    partnership: Partnership,
    stage: PartnershipStage,
    effective_on: date,
    *,
    note: str = "",
    mayor: bool = False,
    deputy_mayor: bool = False,
    geo: bool = False,
    version: int | None = None,
) -> PartnershipEvent:
    """Append a dated step to the pipeline, refusing steps out of order and dates that go back."""
    check_version(partnership, version)
    if stage not in next_stages(partnership):
        raise PartnerError(
            _(
                "A partnership at the stage “%(current)s” cannot move to “%(next)s”.",
                current=stage_label(partnership.stage),
                next=stage_label(stage),
            )
        )
    check_date(effective_on)
    if partnership.stage_on is not None and effective_on < partnership.stage_on:
        raise PartnerError(
            _(
                "The date cannot be earlier than the previous step (%(date)s).",
                date=day_format(partnership.stage_on),
            )
        )
    briefing = stage is PartnershipStage.BRIEFING_HELD
    if briefing and not (mayor or deputy_mayor or geo):
        raise PartnerError(_("Tick who took part in the briefing session."))
    event = PartnershipEvent(
        partnership_id=partnership.id,
        stage=stage,
        effective_on=effective_on,
        mayor_took_part=briefing and mayor,
        deputy_mayor_took_part=briefing and deputy_mayor,
        geo_took_part=briefing and geo,
        note=note.strip(),
        recorded_by_id=actor_id(),
    )
    db.session.add(event)
    partnership.stage = stage
    partnership.stage_on = effective_on
    db.session.flush()
    audit.record(
        "partnership_step_recorded",
        obj=partnership,
        mechanism_id=partnership.mechanism_id,
        stage=stage.value,
        effective_on=effective_on.isoformat(),
        **({"took_part": event.took_part} if briefing else {}),
    )
    return event


# -- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageOfPartner:
    """One organisation's stage with one municipality, as the overview shows it."""

    partnership_id: int
    organisation: str
    stage: PartnershipStage | None
    stage_on: date | None

    @property
    def rank(self) -> int:
        return STAGE_RANK[self.stage]


def stages_by_mechanism(user: Any) -> dict[int, list[StageOfPartner]]:
    """Per mechanism id, the partnerships the user may read, most advanced first: one query."""
    partnership = visible_partnerships(user).subquery()
    rows = db.session.execute(
        select(
            partnership.c.id,
            partnership.c.mechanism_id,
            partnership.c.stage,
            partnership.c.stage_on,
            PartnerOrganisation.name,
        )
        .join(PartnerOrganisation, PartnerOrganisation.id == partnership.c.organisation_id)
        .order_by(PartnerOrganisation.name)
    )
    result: dict[int, list[StageOfPartner]] = {}
    for row in rows:
        stage = PartnershipStage(row.stage) if row.stage else None
        result.setdefault(row.mechanism_id, []).append(
            StageOfPartner(row.id, row.name, stage, row.stage_on)
        )
    for stages in result.values():
        stages.sort(key=lambda s: -s.rank)
    return result


def partnerships_for(user: Any) -> list[tuple[Partnership, int, date | None]]:
    """The partnerships the user may read, with the number of trainings and the date of the
    latest needs assessment, by organisation and municipality."""
    trainings = (
        select(Training.partnership_id, func.count(Training.id).label("n"))
        .group_by(Training.partnership_id)
        .subquery()
    )
    assessed = (
        select(NeedsAssessment.partnership_id, func.max(NeedsAssessment.assessed_on).label("last"))
        .group_by(NeedsAssessment.partnership_id)
        .subquery()
    )
    rows = db.session.execute(
        visible_partnerships(user)
        .add_columns(func.coalesce(trainings.c.n, 0), assessed.c.last)
        .join(Partnership.organisation)
        .join(Partnership.mechanism)
        .join(Mechanism.municipality)
        .outerjoin(trainings, trainings.c.partnership_id == Partnership.id)
        .outerjoin(assessed, assessed.c.partnership_id == Partnership.id)
        .options(
            contains_eager(Partnership.organisation),
            contains_eager(Partnership.mechanism).contains_eager(Mechanism.municipality),
        )
        .order_by(PartnerOrganisation.name, Municipality.name_en)
    ).all()
    return [(p, n, last) for p, n, last in rows]
