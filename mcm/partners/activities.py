"""What a partner records about a mechanism besides the pipeline: needs assessments, trainings
with participants by type of institution, and follow-up support. Each operation checks its input,
flushes and writes the audit entry on the partnership; the request commits once."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from mcm.core import audit
from mcm.extensions import db
from mcm.partners.models import (
    MAX_SCORE,
    MIN_SCORE,
    AssessmentArea,
    NeedsAssessment,
    NeedsAssessmentScore,
    Partnership,
    SupportEntry,
    Training,
    TrainingParticipants,
)
from mcm.partners.services import (
    PartnerError,
    actor_id,
    check_date,
    check_version,
)
from mcm.reference.models import InstitutionType


def record_assessment(
    partnership: Partnership,
    assessed_on: date,
    areas: dict[AssessmentArea, tuple[int, str]],
    summary: str = "",
) -> NeedsAssessment:
    """Record a needs assessment: a score from 1 to 5 and findings for every area."""
    check_date(assessed_on)
    if set(areas) != set(AssessmentArea):
        raise PartnerError(_("Give a score for every area."))
    if any(not MIN_SCORE <= score <= MAX_SCORE for score, _findings in areas.values()):
        raise PartnerError(_("Scores go from 1 to 5."))
    assessment = NeedsAssessment(
        partnership_id=partnership.id,
        assessed_on=assessed_on,
        summary=summary.strip(),
        recorded_by_id=actor_id(),
        scores=[
            NeedsAssessmentScore(area=area, score=score, findings=findings.strip())
            for area, (score, findings) in sorted(
                areas.items(), key=lambda item: list(AssessmentArea).index(item[0])
            )
        ],
    )
    db.session.add(assessment)
    db.session.flush()
    audit.record(
        "needs_assessment_recorded",
        obj=partnership,
        mechanism_id=partnership.mechanism_id,
        assessment_id=assessment.id,
        assessed_on=assessed_on.isoformat(),
        scores={area.value: score for area, (score, _findings) in areas.items()},
    )
    return assessment


def institution_types() -> list[InstitutionType]:
    """The types of member institution, in their usual order: training participants by type."""
    return list(
        db.session.scalars(
            select(InstitutionType).order_by(InstitutionType.position, InstitutionType.id)
        )
    )


def _set_participants(training: Training, counts: dict[int, int]) -> None:
    if any(n < 0 for n in counts.values()):
        raise PartnerError(_("Participant numbers cannot be negative."))
    known = set(db.session.scalars(select(InstitutionType.id)))
    if not set(counts) <= known:
        raise PartnerError(_("Unknown type of institution."))
    current = {p.institution_type_id: p for p in training.participants}
    for type_id, people in counts.items():
        row = current.get(type_id)
        if people == 0:
            if row is not None:
                training.participants.remove(row)
        elif row is None:
            training.participants.append(
                TrainingParticipants(institution_type_id=type_id, people=people)
            )
        else:
            row.people = people


def _participant_counts(training: Training) -> dict[str, int]:
    codes = dict(db.session.execute(select(InstitutionType.id, InstitutionType.code)).all())
    return {codes[p.institution_type_id]: p.people for p in training.participants}


def record_training(
    partnership: Partnership,
    *,
    held_on: date,
    module: str,
    trainer: str = "",
    note: str = "",
    participants: dict[int, int],
) -> Training:
    """Record a training delivered to the mechanism, with participants by type of institution."""
    check_date(held_on)
    training = Training(
        partnership_id=partnership.id,
        held_on=held_on,
        module=module.strip(),
        trainer=trainer.strip(),
        note=note.strip(),
        recorded_by_id=actor_id(),
    )
    _set_participants(training, participants)
    db.session.add(training)
    db.session.flush()
    audit.record(
        "training_recorded",
        obj=partnership,
        mechanism_id=partnership.mechanism_id,
        training_id=training.id,
        held_on=held_on.isoformat(),
        module=training.module,
        participants=training.participant_total,
    )
    return training


def update_training(
    training: Training,
    partnership: Partnership,
    *,
    version: int | None,
    held_on: date,
    module: str,
    trainer: str = "",
    note: str = "",
    participants: dict[int, int],
) -> None:
    """Correct a training's record; what changed is in the audit trail."""
    check_version(training, version)
    check_date(held_on)
    before = {
        "held_on": training.held_on.isoformat(),
        "module": training.module,
        "trainer": training.trainer,
        "participants": _participant_counts(training),
    }
    old_note = training.note
    training.held_on = held_on
    training.module = module.strip()
    training.trainer = trainer.strip()
    training.note = note.strip()
    _set_participants(training, participants)
    after = {
        "held_on": held_on.isoformat(),
        "module": training.module,
        "trainer": training.trainer,
        "participants": _participant_counts(training),
    }
    changes: dict[str, Any] = {
        k: {"from": before[k], "to": after[k]} for k in before if before[k] != after[k]
    }
    if training.note != old_note:
        changes["note"] = "changed"
    if not changes:
        return
    db.session.flush()
    audit.record(
        "training_updated",
        obj=partnership,
        mechanism_id=partnership.mechanism_id,
        training_id=training.id,
        **changes,
    )


def record_support(partnership: Partnership, given_on: date, description: str) -> SupportEntry:
    """Record follow-up support given to the mechanism."""
    check_date(given_on)
    entry = SupportEntry(
        partnership_id=partnership.id,
        given_on=given_on,
        description=description.strip(),
        recorded_by_id=actor_id(),
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(
        "support_recorded",
        obj=partnership,
        mechanism_id=partnership.mechanism_id,
        support_id=entry.id,
        given_on=given_on.isoformat(),
    )
    return entry


def update_support(
    entry: SupportEntry,
    partnership: Partnership,
    *,
    version: int | None,
    given_on: date,
    description: str,
) -> None:
    """Correct a support entry; what changed is in the audit trail."""
    check_version(entry, version)
    check_date(given_on)
    changes: dict[str, Any] = {}
    if given_on != entry.given_on:
        changes["given_on"] = {"from": entry.given_on.isoformat(), "to": given_on.isoformat()}
    if description.strip() != entry.description:
        changes["description"] = "changed"
    if not changes:
        return
    entry.given_on = given_on
    entry.description = description.strip()
    db.session.flush()
    audit.record(
        "support_updated",
        obj=partnership,
        mechanism_id=partnership.mechanism_id,
        support_id=entry.id,
        **changes,
    )
