"""A meeting's agenda: the standing items every meeting has, the coordinator's topics, their
order, and the rule that case discussions open only once everyone present has acknowledged the
confidentiality statement. (The open actions under the follow-up item come from
actions/services.py, open_actions_before.)"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, or_, select

from mcm.core import audit
from mcm.core.i18n import LANGUAGES
from mcm.core.labels import AGENDA_ITEM_KIND_LABELS
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.meetings.agenda.queries import agenda_of
from mcm.meetings.files.queries import items_with_documents
from mcm.meetings.models import (
    Action,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    ConfidentialityAcknowledgement,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesVersion,
    Presence,
)

K = AgendaItemKind
# Reviewed first, in this order, and never moved: the statement (when cases are discussed),
# the previous minutes, then the follow-up of open actions.
TOP = (K.CONFIDENTIALITY, K.PREVIOUS_MINUTES, K.FOLLOW_UP)
MOVABLE = (K.TOPIC, K.CASES)  # topics and the case discussions move among themselves
REMOVABLE = (K.TOPIC,)  # the case items go only by taking cases off the agenda


class AgendaError(Exception):
    """A change the agenda does not allow; the message is for the user."""


def standing_title(kind: AgendaItemKind, language: str) -> str:
    """A standing item's title in the meeting's language, as it will appear in its documents."""
    with force_locale(LANGUAGES.get(language, "sq")):
        return str(AGENDA_ITEM_KIND_LABELS[kind.value])


def has_cases(items: list[AgendaItem]) -> bool:
    return any(item.kind is K.CASES for item in items)


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position


def _new_item(meeting: Meeting, kind: AgendaItemKind) -> AgendaItem:
    item = AgendaItem(
        meeting_id=meeting.id, kind=kind, title=standing_title(kind, meeting.language), notes=""
    )
    db.session.add(item)
    return item


def _insert_cases(meeting: Meeting, items: list[AgendaItem]) -> list[AgendaItem]:
    """The statement opens the meeting; the case discussions come before any other business."""
    items = [_new_item(meeting, K.CONFIDENTIALITY), *items]
    cases = _new_item(meeting, K.CASES)
    at = next((n for n, i in enumerate(items) if i.kind is K.OTHER_BUSINESS), len(items))
    items.insert(at, cases)
    return items


def add_standing_items(meeting: Meeting, *, cases: bool) -> None:
    """Give a new meeting its standing items (and the case items, if cases are on the agenda)."""
    items = [_new_item(meeting, kind) for kind in (K.PREVIOUS_MINUTES, K.FOLLOW_UP)]
    items.append(_new_item(meeting, K.OTHER_BUSINESS))
    if cases:
        items = _insert_cases(meeting, items)
    _renumber(items)
    db.session.flush()


def _has_records(items: list[AgendaItem]) -> bool:
    """Whether minutes text, comments or actions refer to any of these items."""
    ids = [item.id for item in items]
    referenced = db.session.scalar(
        select(
            or_(
                exists().where(MinutesComment.agenda_item_id.in_(ids)),
                exists().where(Action.agenda_item_id.in_(ids)),
            )
        )
    )
    if referenced:
        return True
    contents = db.session.scalars(
        select(MinutesVersion.content)
        .join(Minutes, Minutes.id == MinutesVersion.minutes_id)
        .where(Minutes.meeting_id == items[0].meeting_id)
    )
    keys = {str(i) for i in ids}
    return any(keys & set(content or {}) for content in contents)


def set_cases(meeting: Meeting, cases: bool) -> bool:
    """Put case discussions on the agenda or take them off; True when the agenda changed."""
    items = agenda_of(meeting)
    if has_cases(items) == cases:
        return False
    if cases:
        items = _insert_cases(meeting, items)
        action = "agenda_cases_added"
    else:
        case_items = [i for i in items if i.kind in (K.CONFIDENTIALITY, K.CASES)]
        if items_with_documents([i.id for i in case_items]):
            raise AgendaError(
                _("The case discussions have documents; remove them first, or keep the item.")
            )
        if _has_records(case_items):
            raise AgendaError(
                _(
                    "The case discussions already have minutes, comments or actions; "
                    "they stay on the agenda."
                )
            )
        for item in case_items:
            db.session.delete(item)
        items = [i for i in items if i not in case_items]
        action = "agenda_cases_removed"
    _renumber(items)
    db.session.flush()
    audit.record(action, obj=meeting, mechanism_id=meeting.mechanism_id)
    return True


def _check_open(meeting: Meeting) -> None:
    if meeting.status is MeetingStatus.CANCELLED:
        raise AgendaError(_("The meeting was cancelled; its agenda can no longer change."))


def _check_presenter(meeting: Meeting, presenter_id: int | None) -> None:
    if presenter_id is None:
        return
    institution = db.session.get(Institution, presenter_id)
    if institution is None or institution.mechanism_id != meeting.mechanism_id:
        raise AgendaError(_("Choose one of the mechanism's member institutions."))


def add_item(
    meeting: Meeting,
    title: str,
    *,
    presenter_id: int | None = None,
    duration_minutes: int | None = None,
    notes: str = "",
) -> AgendaItem:
    """Add a topic; it comes after the other topics, before the case discussions and any
    other business."""
    _check_open(meeting)
    _check_presenter(meeting, presenter_id)
    items = agenda_of(meeting)
    item = AgendaItem(
        meeting_id=meeting.id,
        kind=K.TOPIC,
        title=title.strip(),
        presenter_institution_id=presenter_id,
        duration_minutes=duration_minutes,
        notes=notes.strip(),
    )
    db.session.add(item)
    at = next((n for n, i in enumerate(items) if i.kind in (K.CASES, K.OTHER_BUSINESS)), len(items))
    items.insert(at, item)
    _renumber(items)
    db.session.flush()
    audit.record("agenda_item_added", obj=meeting, mechanism_id=meeting.mechanism_id, item=item.id)
    return item


def update_item(
    item: AgendaItem,
    title: str,
    *,
    presenter_id: int | None,
    duration_minutes: int | None,
    notes: str,
) -> None:
    """Change an item's title, presenter, expected duration or notes."""
    meeting = db.session.get(Meeting, item.meeting_id)
    assert meeting is not None
    _check_open(meeting)
    _check_presenter(meeting, presenter_id)
    item.title = title.strip()
    item.presenter_institution_id = presenter_id
    item.duration_minutes = duration_minutes
    item.notes = notes.strip()
    db.session.flush()
    audit.record(
        "agenda_item_updated", obj=meeting, mechanism_id=meeting.mechanism_id, item=item.id
    )


def remove_item(item: AgendaItem) -> None:
    """Take a topic off the agenda; standing items stay."""
    meeting = db.session.get(Meeting, item.meeting_id)
    assert meeting is not None
    _check_open(meeting)
    if item.kind not in REMOVABLE:
        raise AgendaError(_("Standing items stay on the agenda."))
    if _has_records([item]):
        raise AgendaError(_("This item already has minutes, comments or actions; it stays."))
    if items_with_documents([item.id]):
        raise AgendaError(_("This item has documents; remove them first, or keep the item."))
    items = [i for i in agenda_of(meeting) if i.id != item.id]
    db.session.delete(item)
    _renumber(items)
    db.session.flush()
    audit.record(
        "agenda_item_removed", obj=meeting, mechanism_id=meeting.mechanism_id, item=item.id
    )


def move_item(item: AgendaItem, up: bool) -> bool:
    """Move a topic or the case discussions one place up or down among themselves; False when
    it is already as far as it can go."""
    meeting = db.session.get(Meeting, item.meeting_id)
    assert meeting is not None
    _check_open(meeting)
    if item.kind not in MOVABLE:
        raise AgendaError(_("Standing items keep their place."))
    items = agenda_of(meeting)
    at = next(n for n, i in enumerate(items) if i.id == item.id)
    other = at - 1 if up else at + 1
    if not 0 <= other < len(items) or items[other].kind not in MOVABLE:
        return False
    items[at], items[other] = items[other], items[at]
    _renumber(items)
    db.session.flush()
    audit.record(
        "agenda_item_moved",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        item=item.id,
        direction="up" if up else "down",
    )
    return True


def can_move(items: list[AgendaItem], index: int, up: bool) -> bool:
    """Whether the item at index has a movable neighbour in that direction (for the buttons)."""
    other = index - 1 if up else index + 1
    return items[index].kind in MOVABLE and 0 <= other < len(items) and items[other].kind in MOVABLE


# -- confidentiality ------------------------------------------------------------------------------


def missing_acknowledgements(meeting: Meeting) -> list[Institution]:
    """The institutions marked present whose attendee has not acknowledged the confidentiality
    statement yet, in one query."""
    acknowledged = select(ConfidentialityAcknowledgement.id).where(
        ConfidentialityAcknowledgement.meeting_id == meeting.id,
        ConfidentialityAcknowledgement.institution_id == Attendance.institution_id,
    )
    return list(
        db.session.scalars(
            select(Institution)
            .join(Attendance, Attendance.institution_id == Institution.id)
            .where(
                Attendance.meeting_id == meeting.id,
                Attendance.presence == Presence.PRESENT,
                ~acknowledged.exists(),
            )
            .order_by(Institution.name)
        )
    )


def cases_may_open(meeting: Meeting) -> bool:
    """Whether the case items (and anything showing their content) may be opened: attendance is
    recorded and every institution marked present has acknowledged the confidentiality
    statement. Two small queries."""
    anyone_present = db.session.scalar(
        select(
            exists().where(
                Attendance.meeting_id == meeting.id, Attendance.presence == Presence.PRESENT
            )
        )
    )
    return bool(anyone_present) and not missing_acknowledgements(meeting)
