"""The words users see for a case's structured facts, in their language (one place, shared by
the register, the case page, the extract and the statistics)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

AGE_BAND_LABELS = {
    "0-17": _l("0-17 (child)"),
    "18-24": _l("18-24"),
    "25-34": _l("25-34"),
    "35-44": _l("35-44"),
    "45-54": _l("45-54"),
    "55-64": _l("55-64"),
    "65+": _l("65 or older"),
}

GENDER_LABELS = {"female": _l("Female"), "male": _l("Male"), "other": _l("Other")}

RELATIONSHIP_LABELS = {
    "spouse": _l("Spouse"),
    "former_spouse": _l("Former spouse"),
    "partner": _l("Partner"),
    "former_partner": _l("Former partner"),
    "parent": _l("Parent"),
    "child": _l("Son or daughter"),
    "sibling": _l("Brother or sister"),
    "in_law": _l("In-law"),
    "other_family": _l("Other family member"),
    "other": _l("Other"),
}

FORM_OF_VIOLENCE_LABELS = {
    "physical": _l("Physical"),
    "psychological": _l("Psychological"),
    "sexual": _l("Sexual"),
    "economic": _l("Economic"),
    "threats": _l("Threats"),
    "stalking": _l("Stalking"),
    "forced_marriage": _l("Forced marriage"),
    "digital": _l("Digital / technology-facilitated"),
}

VULNERABILITY_LABELS = {
    "rae_community": _l("Roma, Ashkali or Egyptian community"),
    "disability": _l("Disability"),
    "over_65": _l("Over 65"),
    "under_18": _l("Under 18"),
    "rural_isolation": _l("Rural isolation"),
    "lgbt": _l("LGBT"),
    "addiction": _l("Addiction"),
    "mental_health": _l("Mental health"),
    "trafficking": _l("Trafficking"),
    "refugee_migrant": _l("Refugee or migrant status"),
}

CHILD_AGE_BAND_LABELS = {"0-5": _l("0-5"), "6-11": _l("6-11"), "12-17": _l("12-17")}

SERVICE_LABELS = {
    "shelter": _l("Shelter"),
    "legal_aid": _l("Legal aid"),
    "psychosocial_support": _l("Psychosocial support"),
    "health_care": _l("Health care"),
    "financial_support": _l("Financial support"),
    "housing": _l("Housing"),
    "employment": _l("Employment"),
    "education": _l("Education"),
    "police_protection": _l("Police protection"),
    "monitoring_visits": _l("Monitoring visits"),
    "custody_measures": _l("Custody measures (child removal)"),
}

RISK_LABELS = {"standard": _l("Standard"), "medium": _l("Medium"), "high": _l("High")}

PROTECTION_ORDER_LABELS = {
    "none": _l("None"),
    "requested": _l("Requested"),
    "emergency": _l("Emergency protection order in force"),
    "in_force": _l("Protection order in force"),
    "expired": _l("Expired"),
}

SHELTER_LABELS = {"none": _l("Not in a shelter"), "placed": _l("Placed"), "left": _l("Left")}

LEGAL_BASIS_LABELS = {
    "consent": _l("Informed consent"),
    "child_victim": _l("Child victim (no consent required)"),
    "lacking_capacity": _l("Person lacking legal capacity (no consent required)"),
}

CASE_STATUS_LABELS = {"open": _l("Open"), "closed": _l("Closed"), "transferred": _l("Transferred")}

TRANSFER_STATUS_LABELS = {
    "pending": _l("Awaiting the receiving mechanism"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}

LABELS = {
    "age_band": AGE_BAND_LABELS,
    "gender": GENDER_LABELS,
    "relationship": RELATIONSHIP_LABELS,
    "form_of_violence": FORM_OF_VIOLENCE_LABELS,
    "vulnerability": VULNERABILITY_LABELS,
    "child_age_band": CHILD_AGE_BAND_LABELS,
    "service": SERVICE_LABELS,
    "risk": RISK_LABELS,
    "protection_order": PROTECTION_ORDER_LABELS,
    "shelter": SHELTER_LABELS,
    "legal_basis": LEGAL_BASIS_LABELS,
    "case_status": CASE_STATUS_LABELS,
    "transfer_status": TRANSFER_STATUS_LABELS,
}


def case_label(kind: str, value: object) -> str:
    """One fact's value (an enum member or its code) in the user's language."""
    code = str(getattr(value, "value", value))
    label = LABELS[kind].get(code)
    return str(label) if label is not None else code


def case_labels(kind: str, values: Iterable[object]) -> str:
    """A list of codes as words, comma-separated; an em dash for none."""
    words = [case_label(kind, value) for value in values]
    return ", ".join(words) if words else "—"
