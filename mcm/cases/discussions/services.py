"""Case discussions at meetings: what was discussed and decided about a case under an agenda item
of kind "cases", and the follow-up actions per institution, with due dates suggested from the
social-services standards (seed 003)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from mcm.cases.models import Case, CaseDiscussion, CaseStatus, ProtectionOrder, RiskLevel, Shelter
from mcm.cases.register.queries import involved_institutions, local_date
from mcm.cases.register.services import CaseError, actor_id, record
from mcm.core.conflicts import check_version
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    ConfidentialityAcknowledgement,
    Meeting,
    MeetingStatus,
    Presence,
)


def cases_may_open(meeting: Meeting) -> bool:
    """Case items open once every attendee present acknowledged the confidentiality statement:
    the agenda module's rule when it exists, the same rule computed here otherwise."""
    try:
        from mcm.meetings.agenda.services import cases_may_open as rule
    except ImportError:
        return _every_present_attendee_acknowledged(meeting)
    return bool(rule(meeting))


def _every_present_attendee_acknowledged(meeting: Meeting) -> bool:
    present = set(
        db.session.scalars(
            select(Attendance.institution_id).where(
                Attendance.meeting_id == meeting.id, Attendance.presence == Presence.PRESENT
            )
        )
    )
    acknowledged = set(
        db.session.scalars(
            select(ConfidentialityAcknowledgement.institution_id).where(
                ConfidentialityAcknowledgement.meeting_id == meeting.id
            )
        )
    )
    return bool(present) and present <= acknowledged


def meeting_date(meeting: Meeting) -> date:
    """The day the meeting took place, in the installation's time zone."""
    return local_date(meeting.starts_at)


def case_items(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda items of kind "cases", in agenda order."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id, AgendaItem.kind == AgendaItemKind.CASES)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def meetings_with_case_items(mechanism_id: int) -> list[Meeting]:
    """The mechanism's meetings (not cancelled) whose agenda has a case item, newest first."""
    has_item = select(AgendaItem.id).where(
        AgendaItem.meeting_id == Meeting.id, AgendaItem.kind == AgendaItemKind.CASES
    )
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.mechanism_id == mechanism_id,
                Meeting.status != MeetingStatus.CANCELLED,
                has_item.exists(),
            )
            .order_by(Meeting.starts_at.desc())
        )
    )


def discussions_at(meeting: Meeting) -> list[tuple[CaseDiscussion, Case]]:
    """The cases discussed at a meeting, in the order they were recorded."""
    return [
        (discussion, case)
        for discussion, case in db.session.execute(
            select(CaseDiscussion, Case)
            .join(Case, Case.id == CaseDiscussion.case_id)
            .where(CaseDiscussion.meeting_id == meeting.id)
            .order_by(CaseDiscussion.id)
        )
    ]


# -- due dates from the standards -----------------------------------------------------------------


@dataclass
class Suggestion:
    """A follow-up the standards call for, with the institution usually responsible."""

    standard: str
    title: str
    institution_id: int | None
    due_on: date
    why: str


def _institution_of_type(
    type_code: str, involved: list[Any], current: list[Institution]
) -> int | None:
    """Prefer an involved institution of that type, then any current member of that type."""
    for link in involved:
        if link.institution.institution_type.code == type_code:
            return link.institution_id
    for institution in current:
        if institution.institution_type.code == type_code:
            return institution.id
    return None


def suggestions(case: Case, base: date, current: list[Institution]) -> list[Suggestion]:
    """Follow-ups with due dates from the standards (seed 003): weekly monitoring visits while a
    protection order is in force, immediate action on high risk, the 48-hour reflection period
    in a shelter, and the 72 hours of a child's removal. The coordinator can change them all."""
    involved = involved_institutions(case)
    found: list[Suggestion] = []
    if case.risk_level is RiskLevel.HIGH:
        found.append(
            Suggestion(
                "high_risk",
                _("Immediate safety measures for the victim (high risk)"),
                _institution_of_type("police", involved, current),
                base,
                _("High risk: immediate action (standard 1.8)."),
            )
        )
    if case.protection_order in (ProtectionOrder.IN_FORCE, ProtectionOrder.EMERGENCY):
        found.append(
            Suggestion(
                "protection_order",
                _("Monitoring visit at the place of residence"),
                _institution_of_type("csw", involved, current),
                base + timedelta(days=7),
                _("Protection order in force: monitoring visits at least weekly (standard 1.13)."),
            )
        )
    if case.shelter is Shelter.PLACED:
        found.append(
            Suggestion(
                "shelter",
                _("Agree the individual plan after the reflection period"),
                _institution_of_type("csw", involved, current),
                base + timedelta(days=2),
                _("Shelter placement: 48-hour reflection period (standard 1.6)."),
            )
        )
    if any(
        "custody_measures" in link.services_provided + link.services_needed for link in involved
    ):
        found.append(
            Suggestion(
                "child_removal",
                _("Custodian body: decide on the child's situation after the removal"),
                _institution_of_type("csw", involved, current),
                base + timedelta(days=3),
                _("Child removal: up to 72 hours without a court decision (standard 1.9)."),
            )
        )
    return found


def default_due(case: Case, base: date) -> date:
    """The due date offered for a follow-up nobody suggested: the strictest standard's."""
    if case.risk_level is RiskLevel.HIGH:
        return base
    return base + timedelta(days=7)


# -- recording ------------------------------------------------------------------------------------


@dataclass
class DecidedAction:
    title: str
    institution_id: int
    due_on: date


def _check_open(case: Case, meeting: Meeting, item: AgendaItem | None) -> None:
    if case.mechanism_id != meeting.mechanism_id:
        raise CaseError(_("Choose a case of this mechanism."), "case")
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("Only an open case can be discussed."), "case")
    if item is None or item.meeting_id != meeting.id or item.kind is not AgendaItemKind.CASES:
        raise CaseError(_("Choose a case item of this meeting's agenda."), "agenda_item")
    if not cases_may_open(meeting):
        raise CaseError(
            _(
                "Case discussions open once every attendee present has acknowledged the "
                "confidentiality statement."
            )
        )


def record_discussion(
    case: Case,
    meeting: Meeting,
    item: AgendaItem | None,
    *,
    summary: str,
    decisions: str,
    actions: list[DecidedAction],
) -> CaseDiscussion:
    """Record what a meeting discussed and decided about a case; assign its actions."""
    from mcm.meetings.actions.services import ActionError, create_action

    _check_open(case, meeting, item)
    assert item is not None
    discussion = CaseDiscussion(
        case_id=case.id,
        meeting_id=meeting.id,
        agenda_item_id=item.id,
        discussed_on=meeting_date(meeting),
        summary=summary.strip(),
        decisions=decisions.strip(),
        created_by_id=actor_id(),
    )
    db.session.add(discussion)
    db.session.flush()
    record("case_discussed", case, discussion_id=discussion.id, meeting_id=meeting.id)
    for index, decided in enumerate(actions):
        try:
            action = create_action(
                meeting,
                title=decided.title,
                institution_id=decided.institution_id,
                due_on=decided.due_on,
                agenda_item_id=item.id,
                cases_open=True,
            )
        except ActionError as error:
            raise CaseError(str(error), f"actions-{index}-{error.field}") from error
        action.case_id = case.id
        record(
            "case_follow_up_assigned",
            case,
            action_id=action.id,
            institution_id=decided.institution_id,
            due_on=decided.due_on.isoformat(),
        )
    db.session.flush()
    return discussion


def update_discussion(
    discussion: CaseDiscussion, case: Case, version: object, *, summary: str, decisions: str
) -> list[str]:
    """Correct what was recorded, unless someone saved it meanwhile; returns the fields changed."""
    if case.status is not CaseStatus.OPEN:
        raise CaseError(_("Only an open case can be changed."))
    if discussion.purged_at is not None:
        raise CaseError(_("This discussion's text was removed under the retention rule."))
    check_version(discussion, version)
    changed = [
        key
        for key, value in (("summary", summary.strip()), ("decisions", decisions.strip()))
        if getattr(discussion, key) != value
    ]
    for key in changed:
        setattr(discussion, key, summary.strip() if key == "summary" else decisions.strip())
    if changed:
        record("case_discussion_updated", case, discussion_id=discussion.id, fields=changed)
    db.session.flush()
    return changed
