"""What the case views share: loading a case of the mechanism in the URL, turning the case form
into facts and back, choices of institutions, and showing a refusal on the right field."""

from __future__ import annotations

from typing import Any

from flask import abort, flash
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from mcm.cases.models import (
    AgeBand,
    Case,
    Gender,
    LegalBasis,
    ProtectionOrder,
    Relationship,
    RiskLevel,
    Shelter,
)
from mcm.cases.policy import can_edit_case
from mcm.cases.register.services import CaseError
from mcm.core.access import get_or_404
from mcm.core.db import parse_id
from mcm.extensions import db
from mcm.mechanisms.models import Institution


def load_case(case_id: int) -> Case:
    """A case of the mechanism in the URL; another mechanism's case is a 404."""
    case: Case = get_or_404(Case, case_id)
    return case


def editable_case(case_id: int) -> Case:
    """A case the coordinator may change now; a closed or transferred one is refused (403)."""
    case = load_case(case_id)
    if not can_edit_case(current_user, case):
        abort(403)
    return case


def current_institutions(mechanism_id: int) -> list[Institution]:
    """The mechanism's current members, types loaded, by name."""
    return list(
        db.session.scalars(
            select(Institution)
            .options(joinedload(Institution.institution_type))
            .where(Institution.mechanism_id == mechanism_id, Institution.left_on.is_(None))
            .order_by(Institution.name)
        )
    )


def institution_choices(mechanism_id: int, keep: Institution | None = None) -> list[Any]:
    """("", "—") then the current members; keep adds a stored choice that is no longer one."""
    members = current_institutions(mechanism_id)
    choices = [SelectChoice("", "—")] + [SelectChoice(str(i.id), i.name) for i in members]
    if keep is not None and all(i.id != keep.id for i in members):
        choices.append(SelectChoice(str(keep.id), keep.name))
    return choices


def facts_from(form: Any) -> dict[str, Any]:
    """The case form's values as model values."""
    return {
        "opened_on": form.opened_on.data,
        "age_band": AgeBand(form.age_band.data),
        "gender": Gender(form.gender.data),
        "perpetrator_relationship": Relationship(form.perpetrator_relationship.data),
        "forms_of_violence": _ordered(form.forms_of_violence),
        "risk_level": RiskLevel(form.risk_level.data),
        "children_count": form.children_count.data or 0,
        "children_age_bands": _ordered(form.children_age_bands),
        "vulnerabilities": _ordered(form.vulnerabilities),
        "protection_order": ProtectionOrder(form.protection_order.data),
        "shelter": Shelter(form.shelter.data),
        "legal_basis": LegalBasis(form.legal_basis.data),
        "consent_on": form.consent_on.data,
        "consent_institution_id": parse_id(form.consent_institution.data),
        "consent_reason": form.consent_reason.data or "",
    }


def _ordered(field: Any) -> list[str]:
    """Ticked codes in the order the form offers them (stable for comparisons)."""
    ticked = set(field.data or ())
    return [choice.value for choice in field.choices if choice.value in ticked]


def form_data_of(case: Case) -> dict[str, Any]:
    """A stored case as the form's initial values."""
    return {
        "opened_on": case.opened_on,
        "age_band": case.age_band.value,
        "gender": case.gender.value,
        "perpetrator_relationship": case.perpetrator_relationship.value,
        "forms_of_violence": list(case.forms_of_violence),
        "risk_level": case.risk_level.value,
        "children_count": case.children_count,
        "children_age_bands": list(case.children_age_bands),
        "vulnerabilities": list(case.vulnerabilities),
        "protection_order": case.protection_order.value,
        "shelter": case.shelter.value,
        "legal_basis": case.legal_basis.value,
        "consent_on": case.consent_on,
        "consent_institution": str(case.consent_institution_id or ""),
        "consent_reason": case.consent_reason,
        "version": str(case.version),
    }


def show_error(form: Any, error: CaseError, fields: dict[str, str] | None = None) -> None:
    """Put the refusal on its field (or above the form when it concerns no single field)."""
    name = (fields or {}).get(error.field or "", error.field)
    target = _field(form, name) if name else None
    if target is None:
        flash(str(error), "error")
        return
    target.errors = [*target.errors, str(error)]


def _field(form: Any, name: str) -> Any:
    current = form
    for part in name.replace("-", ".").split("."):
        try:
            current = current[int(part)] if part.isdigit() else current[part]
        except (KeyError, IndexError, TypeError):
            return None
    return current
