"""The case register: registering a case under a generated code, editing its structured facts,
closing and reopening it, the institutions involved, new incidents (repeats), and the audit
entries of every view and export. Audit details hold ids and field names, never case text."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mcm.cases.models import (
    SERVICES,
    AgeBand,
    Case,
    CaseDiscussion,
    CaseIncident,
    CaseInstitution,
    CaseStatus,
    LegalBasis,
)
from mcm.cases.register.queries import lineage_ids
from mcm.core import audit
from mcm.core.conflicts import check_version
from mcm.core.i18n import day_format
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism

# Structured facts a coordinator records and edits (besides the legal basis).
FACTS = (
    "age_band",
    "gender",
    "perpetrator_relationship",
    "forms_of_violence",
    "risk_level",
    "children_count",
    "children_age_bands",
    "vulnerabilities",
    "protection_order",
    "shelter",
    "legal_basis",
    "consent_on",
    "consent_institution_id",
    "consent_reason",
    "opened_on",
)
# Consent is obtained when the violence is first reported, which may be some time before the
# mechanism opens the case; a consent dated earlier than this must say why.
CONSENT_LEAD_DAYS = 90
CODE_ATTEMPTS = 5  # a concurrent registration took the number: take the next one


class CaseError(Exception):
    """A change the register refuses; the message is for the user, field names the input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def actor_id() -> int | None:
    """The signed-in user, if any (none in the demo and scheduled jobs)."""
    return current_user.id if has_request_context() and current_user.is_authenticated else None


def record(action: str, case: Case, **details: Any) -> None:
    """An audit entry on the case (object_type "cases"): ids and field names only."""
    audit.record(action, obj=case, mechanism_id=case.mechanism_id, **details)


def _check_facts(
    mechanism_id: int,
    facts: dict[str, Any],
    keep_institution: int | None,
    *,
    consent_accepted: bool = False,
) -> None:
    """Refuse facts that contradict each other or a legal basis without what it needs;
    consent_accepted: the consent's date was accepted with the case before (a transfer)."""
    basis = facts["legal_basis"]
    if basis is LegalBasis.CONSENT:
        if facts.get("consent_on") is None:
            raise CaseError(_("Give the date the informed consent was obtained."), "consent_on")
        institution_id = facts.get("consent_institution_id")
        institution = db.session.get(Institution, institution_id) if institution_id else None
        if institution is None or (
            institution.mechanism_id != mechanism_id and institution.id != keep_institution
        ):
            raise CaseError(
                _("Choose the institution that obtained the consent."), "consent_institution"
            )
        if facts["consent_on"] > date.today():
            raise CaseError(_("This date is in the future."), "consent_on")
        if not consent_accepted:
            facts["consent_reason"] = _consent_reason(facts)
    else:
        facts["consent_on"] = None
        facts["consent_institution_id"] = None
        facts["consent_reason"] = ""
    if basis is LegalBasis.CHILD_VICTIM and facts["age_band"] is not AgeBand.UNDER_18:
        raise CaseError(
            _("The age band of a child victim is 0-17: correct the age band or the legal basis."),
            "legal_basis",
        )
    if len(facts["children_age_bands"]) > facts["children_count"]:
        raise CaseError(
            _("More age bands of children are ticked than there are children."),
            "children_age_bands",
        )
    if facts["opened_on"] > date.today():
        raise CaseError(_("This date is in the future."), "opened_on")


def _consent_reason(facts: dict[str, Any]) -> str:
    """The reason kept for a consent dated long before the case was opened; none is kept (or
    needed) for a consent of the case's own incident period."""
    reason = str(facts.get("consent_reason") or "").strip()
    opened_on = facts.get("opened_on")
    if opened_on is None or facts["consent_on"] >= opened_on - timedelta(days=CONSENT_LEAD_DAYS):
        return ""
    if not reason:
        raise CaseError(
            _(
                "The consent is dated more than three months before the case was opened "
                "(%(date)s): check the date, or say why the consent is older.",
                date=day_format(opened_on),
            ),
            "consent_reason",
        )
    return reason


def _next_number(mechanism_id: int, year: int) -> int:
    highest = db.session.scalar(
        select(func.max(Case.number)).where(Case.mechanism_id == mechanism_id, Case.year == year)
    )
    return (highest or 0) + 1


def case_code(mechanism: Mechanism, year: int, number: int) -> str:
    """The case code users see, e.g. PEJ-2026-014."""
    return f"{mechanism.code}-{year}-{number:03d}"


def create_case(
    mechanism: Mechanism,
    facts: dict[str, Any],
    *,
    audit_action: str = "case_registered",
    keep_institution: int | None = None,
    consent_accepted: bool = False,
    **details: Any,
) -> Case:
    """Register a case under the next code of its mechanism and year; two coordinators saving
    at once never get the same code (the unique code is retried with the next number)."""
    facts = dict(facts)
    _check_facts(
        mechanism.id, facts, keep_institution=keep_institution, consent_accepted=consent_accepted
    )
    year = facts["opened_on"].year
    for _attempt in range(CODE_ATTEMPTS):
        number = _next_number(mechanism.id, year)
        case = Case(
            mechanism_id=mechanism.id,
            code=case_code(mechanism, year, number),
            year=year,
            number=number,
            created_by_id=actor_id(),
            **facts,
        )
        try:
            with db.session.begin_nested():
                db.session.add(case)
        except IntegrityError:
            continue
        record(audit_action, case, code=case.code, **details)
        return case
    raise CaseError(_("The register is busy. Please save again."))


def update_case(case: Case, version: object, facts: dict[str, Any]) -> list[str]:
    """Change an open case's facts unless someone saved it meanwhile; returns the fields
    changed."""
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("Only an open case can be changed."))
    check_version(case, version)
    facts = dict(facts)
    _check_facts(case.mechanism_id, facts, keep_institution=case.consent_institution_id)
    if facts["opened_on"].year != case.year:
        # The code carries the year it was opened: it never changes once given.
        raise CaseError(
            _(
                "The case code carries the year %(year)d: the date must stay in that year.",
                year=case.year,
            ),
            "opened_on",
        )
    changed = sorted(key for key, value in facts.items() if getattr(case, key) != value)
    for key in changed:
        setattr(case, key, facts[key])
    if changed:
        record("case_updated", case, fields=changed)
    db.session.flush()
    return changed


def close_case(case: Case, closed_on: date, reason: str) -> None:
    """Close a case with the date and the reason."""
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("Only an open case can be closed."))
    if closed_on > date.today():
        raise CaseError(_("This date is in the future."), "closed_on")
    if closed_on < case.opened_on:
        raise CaseError(
            _("A case cannot close before it opened (%(date)s).", date=day_format(case.opened_on)),
            "closed_on",
        )
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.close_reason = reason.strip()
    record("case_closed", case, closed_on=closed_on.isoformat())
    db.session.flush()


def reopen_case(case: Case) -> None:
    """Reopen a closed case (a transferred case stays with its new mechanism)."""
    if case.status is not CaseStatus.CLOSED:
        raise CaseError(_("Only a closed case can be reopened."))
    previous = case.closed_on
    case.status = CaseStatus.OPEN
    case.closed_on = None
    case.close_reason = ""
    record("case_reopened", case, closed_on=previous.isoformat() if previous else None)
    db.session.flush()


# -- institutions involved (need to know) ---------------------------------------------------------


def _clean_services(codes: list[str]) -> list[str]:
    return [code for code in SERVICES if code in set(codes)]


def involve_institution(
    case: Case, institution: Institution, provided: list[str], needed: list[str], on: date
) -> CaseInstitution:
    """Involve a member institution in the case: its members now see the case's details."""
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("Only an open case can be changed."))
    if institution.mechanism_id != case.mechanism_id or not institution.is_current:
        raise CaseError(_("Choose a current member institution."), "institution")
    exists = db.session.scalar(
        select(CaseInstitution.id).where(
            CaseInstitution.case_id == case.id, CaseInstitution.institution_id == institution.id
        )
    )
    if exists:
        raise CaseError(_("This institution is already involved in the case."), "institution")
    link = CaseInstitution(
        case_id=case.id,
        institution_id=institution.id,
        services_provided=_clean_services(provided),
        services_needed=_clean_services(needed),
        involved_on=on,
    )
    db.session.add(link)
    db.session.flush()
    record("case_institution_involved", case, institution_id=institution.id)
    return link


def update_involvement(
    link: CaseInstitution, case: Case, provided: list[str], needed: list[str]
) -> None:
    """Change the services an involved institution provides and that are needed from it."""
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("Only an open case can be changed."))
    changed = []
    for key, value in (("services_provided", provided), ("services_needed", needed)):
        value = _clean_services(value)
        if getattr(link, key) != value:
            setattr(link, key, value)
            changed.append(key)
    if changed:
        record("case_institution_updated", case, institution_id=link.institution_id, fields=changed)
    db.session.flush()


def withdraw_institution(link: CaseInstitution, case: Case) -> None:
    """End an institution's involvement: its members no longer see the case's details."""
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("Only an open case can be changed."))
    record("case_institution_withdrawn", case, institution_id=link.institution_id)
    db.session.delete(link)
    db.session.flush()


# -- incidents (repeats) --------------------------------------------------------------------------


def last_discussed_on(case: Case) -> date | None:
    """The date of the case's latest discussion, in any mechanism it passed through."""
    return db.session.scalar(
        select(func.max(CaseDiscussion.discussed_on)).where(
            CaseDiscussion.case_id.in_(lineage_ids(case.id))
        )
    )


def within_a_year(earlier: date, later: date) -> bool:
    """later falls after earlier and no more than 12 months after it."""
    try:
        limit = earlier.replace(year=earlier.year + 1)
    except ValueError:  # 29 February
        limit = earlier.replace(year=earlier.year + 1, day=28)
    return earlier < later <= limit


def record_incident(case: Case, reported_on: date) -> CaseIncident:
    """A new incident on a case; a repeat when within 12 months of its last discussion (the
    definition multi-agency risk conferences use)."""
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("Reopen the case to record a new incident."))
    if reported_on > date.today():
        raise CaseError(_("This date is in the future."), "reported_on")
    last = last_discussed_on(case)
    incident = CaseIncident(
        case_id=case.id,
        reported_on=reported_on,
        is_repeat=last is not None and within_a_year(last, reported_on),
        created_by_id=actor_id(),
    )
    db.session.add(incident)
    db.session.flush()
    record("case_incident_recorded", case, incident_id=incident.id, is_repeat=incident.is_repeat)
    return incident


# -- views and exports ----------------------------------------------------------------------------


def record_view(case: Case, level: str) -> None:
    """Every opening of a case is in its audit log: level is "full", "code_only" or
    "exceptional"."""
    record("case_viewed", case, level=level)


def record_export(case: Case, fmt: str) -> None:
    record("case_exported", case, format=fmt)
