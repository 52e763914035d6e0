"""Word documents of a meeting, in the meeting's language: the invitation with the agenda, the
attendance sheet to sign on paper, and the minutes (full, or the summary without case items)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from mcm.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, day_format
from mcm.core.labels import (
    action_status_label,
    meeting_kind_label,
    minutes_status_label,
    presence_label,
)
from mcm.core.word import WordDocument
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Representative
from mcm.meetings.messages import agenda_of, hours, municipality_name
from mcm.meetings.minutes.services_review import approval_statement
from mcm.meetings.models import (
    Action,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    Meeting,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)


@contextmanager
def _in_meeting_language(meeting: Meeting) -> Iterator[str]:
    language = meeting.language if meeting.language in LANGUAGES else DEFAULT_LANGUAGE
    with force_locale(LANGUAGES[language]):
        yield language


def _start(meeting: Meeting, language: str, title: str) -> WordDocument:
    """A document titled for this meeting, the municipality's name in its page header."""
    municipality = municipality_name(meeting, language)
    header = _(
        "Municipality of %(municipality)s · Coordination mechanism against domestic violence",
        municipality=municipality,
    )
    document = WordDocument(
        title=f"{title} · {municipality} · {meeting.starts_at.date().isoformat()}",
        subject=_("Coordination mechanism against domestic violence"),
        header=header,
        language=language,
    )
    document.heading(title, level=0)
    document.paragraph(
        _(
            "%(kind)s of the coordination mechanism against domestic violence of %(municipality)s",
            kind=meeting_kind_label(meeting.kind),
            municipality=municipality,
        )
    )
    return document


def _meeting_facts(meeting: Meeting) -> list[tuple[str, str]]:
    return [
        (_("Date"), day_format(meeting.starts_at, "full")),
        (_("Time"), hours(meeting)),
        (_("Place"), meeting.place),
        (_("Online"), meeting.online_link),
    ]


def _duration(item: AgendaItem) -> str:
    return _("%(n)d min", n=item.duration_minutes) if item.duration_minutes else ""


def _signature_block(document: WordDocument, roles: list[str]) -> None:
    document.signature_block(roles, [_("Name"), _("Signature"), _("Date")])


def invitation_document(meeting: Meeting) -> bytes:
    """The invitation with the meeting's details and its agenda."""
    agenda = agenda_of(meeting)
    with _in_meeting_language(meeting) as language:
        document = _start(meeting, language, _("Invitation"))
        document.paragraph(
            _(
                "The coordinator of the mechanism invites the member institutions to the "
                "meeting. Please confirm who will attend on the meeting's page in mcm."
            )
        )
        document.facts(_meeting_facts(meeting))
        document.heading(_("Agenda"), level=1)
        document.table(
            [_("No."), _("Item"), _("Presented by"), _("Duration")],
            [
                [
                    str(number),
                    item.title,
                    item.presenter_institution.name if item.presenter_institution else "",
                    _duration(item),
                ]
                for number, item in enumerate(agenda, 1)
            ],
            widths_mm=(12, 96, 40, 18),
        )
        if not agenda:
            document.paragraph(_("The agenda will follow."))
        _signature_block(document, [_("Coordinator of the mechanism")])
        return document.to_bytes()


def _sheet_rows(meeting: Meeting, today: date) -> list[tuple[str, str]]:
    """(institution, representative) per current representative; a blank line for an
    institution without one, to be filled in by hand."""
    institutions = list(
        db.session.scalars(
            select(Institution)
            .where(Institution.mechanism_id == meeting.mechanism_id, Institution.left_on.is_(None))
            .order_by(Institution.name, Institution.id)
        )
    )
    names: dict[int, list[str]] = {institution.id: [] for institution in institutions}
    if names:
        representatives = db.session.scalars(
            select(Representative)
            .where(
                Representative.institution_id.in_(names),
                Representative.from_date <= today,
                or_(Representative.to_date.is_(None), Representative.to_date >= today),
            )
            .order_by(Representative.is_deputy, Representative.name)
        )
        for person in representatives:
            suffix = f" ({_('deputy')})" if person.is_deputy else ""
            names[person.institution_id].append(person.name + suffix)
    rows = []
    for institution in institutions:
        for name in names[institution.id] or [""]:
            rows.append((institution.name, name))
    return rows


def attendance_sheet(meeting: Meeting, today: date | None = None) -> bytes:
    """The list of member institutions and representatives, with a column to sign."""
    rows = _sheet_rows(meeting, today or date.today())
    with _in_meeting_language(meeting) as language:
        document = _start(meeting, language, _("Attendance sheet"))
        document.facts(_meeting_facts(meeting))
        document.table(
            [_("No."), _("Institution"), _("Representative"), _("Signature")],
            [[str(n), institution, name, ""] for n, (institution, name) in enumerate(rows, 1)]
            + [[str(n), "", "", ""] for n in range(len(rows) + 1, len(rows) + 4)],
            widths_mm=(12, 62, 52, 40),
            row_height_mm=11,  # room to sign by hand
        )
        return document.to_bytes()


def _minutes_data(meeting: Meeting) -> tuple[list[AgendaItem], list[Attendance], list[Action]]:
    attendance = list(
        db.session.scalars(
            select(Attendance)
            .options(joinedload(Attendance.institution))
            .join(Institution, Institution.id == Attendance.institution_id)
            .where(Attendance.meeting_id == meeting.id)
            .order_by(Institution.name)
        )
    )
    actions = list(
        db.session.scalars(
            select(Action)
            .options(joinedload(Action.responsible_institution))
            .where(Action.meeting_id == meeting.id)
            .order_by(Action.due_on, Action.id)
        )
    )
    return agenda_of(meeting), attendance, actions


@dataclass(frozen=True)
class ActionRow:
    """An action as the minutes list it: as it stands now, or as a version recorded it."""

    id: int
    agenda_item_id: int | None
    case_id: int | None
    title: str
    institution: str
    due_on: date
    status: str

    @classmethod
    def of(cls, action: Action) -> ActionRow:
        return cls(
            action.id,
            action.agenda_item_id,
            action.case_id,
            action.title,
            action.responsible_institution.name,
            action.due_on,
            action.status.value,
        )

    @classmethod
    def recorded(cls, entry: dict[str, Any]) -> ActionRow:
        return cls(
            int(entry["id"]),
            entry.get("agenda_item_id"),
            entry.get("case_id"),
            str(entry.get("title", "")),
            str(entry.get("institution", "")),
            date.fromisoformat(str(entry["due_on"])),
            str(entry.get("status", "open")),
        )


def _action_rows(version: MinutesVersion, actions: list[Action]) -> list[ActionRow]:
    """An approved version (or a correction) lists the actions it recorded, so actions added
    or changed later never alter it; a draft lists the actions as they are now."""
    if version.actions is not None:
        return [ActionRow.recorded(entry) for entry in version.actions]
    return [ActionRow.of(action) for action in actions]


def _status_facts(minutes: Minutes | None, version: MinutesVersion) -> list[tuple[str, str]]:
    if minutes is None:
        return []
    state = minutes_status_label(minutes.status)
    facts = [(_("Version"), str(version.number))]
    if version.id != minutes.current_version_id and version.actions is None:
        # An earlier draft or review version: the approval was of a later one.
        facts.append((_("Status"), _("Replaced by a later version")))
        return facts
    if minutes.status is MinutesStatus.APPROVED and minutes.approved_at:
        at_meeting = (
            db.session.get(Meeting, minutes.approved_at_meeting_id)
            if minutes.approved_at_meeting_id
            else None
        )
        state = approval_statement(minutes, at_meeting, "long")
    facts.append((_("Status"), state))
    if minutes.status is MinutesStatus.APPROVED and minutes.early_approval_reason:
        facts.append(
            (_("Reason for approving before the review deadline"), minutes.early_approval_reason)
        )
    return facts


def minutes_document(meeting: Meeting, version: MinutesVersion, *, full: bool) -> bytes:
    """The minutes: attendance, each item's summary and decisions, the actions, signatures.
    The summary (full=False) leaves out the case discussions and the actions decided there."""
    agenda, attendance, actions = _minutes_data(meeting)
    minutes = db.session.get(Minutes, version.minutes_id)
    items = [item for item in agenda if full or item.kind is not AgendaItemKind.CASES]
    shown = {item.id: number for number, item in enumerate(items, 1)}
    content = version.content or {}
    with _in_meeting_language(meeting) as language:
        document = _start(meeting, language, _("Minutes"))
        facts = _meeting_facts(meeting) + _status_facts(minutes, version)
        if version.reason:
            facts.append((_("Reason for the correction"), version.reason))
        document.facts(facts)
        document.paragraph(
            _("Full version, restricted: it contains the case discussions. Do not circulate.")
            if full
            else _("Summary version: the case discussions are left out.")
        )

        document.heading(_("Attendance"), level=1)
        document.table(
            [_("Institution"), _("Attendance"), _("Represented by")],
            [
                [
                    record.institution.name,
                    presence_label(record.presence)
                    + (f" ({_('arrived late')})" if record.arrived_late else ""),
                    record.represented_by,
                ]
                for record in attendance
            ],
            widths_mm=(70, 40, 56),
        )
        if not attendance:
            document.paragraph(_("No attendance was recorded."))

        document.heading(_("Agenda items and decisions"), level=1)
        for item in items:
            document.heading(f"{shown[item.id]}. {item.title}", level=2)
            entry = content.get(str(item.id)) or {}
            summary, decisions = entry.get("summary") or "", entry.get("decisions") or ""
            document.text(summary)
            if decisions.strip():
                document.heading(_("Decisions"), level=3)
                document.text(decisions)
            if not summary.strip() and not decisions.strip():
                document.paragraph(_("Nothing was recorded for this item."))

        document.heading(_("Actions"), level=1)
        listed = sorted(
            (
                action
                for action in _action_rows(version, actions)
                if action.agenda_item_id in shown
                or (action.agenda_item_id is None and (full or action.case_id is None))
            ),
            key=lambda action: (
                shown.get(action.agenda_item_id or 0, len(shown) + 1),
                action.due_on,
                action.id,
            ),
        )
        document.table(
            [_("Item"), _("Action"), _("Responsible institution"), _("Due"), _("Status")],
            [
                [
                    str(shown[action.agenda_item_id]) if action.agenda_item_id in shown else "—",
                    action.title,
                    action.institution,
                    day_format(action.due_on, "medium"),
                    action_status_label(action.status),
                ]
                for action in listed
            ],
            widths_mm=(12, 66, 42, 22, 24),
        )
        if not listed:
            document.paragraph(_("No action was decided."))

        document.heading(_("Signatures"), level=1)
        _signature_block(
            document, [_("Prepared by (coordinator)"), _("Approved by (chair of the meeting)")]
        )
        return document.to_bytes()
