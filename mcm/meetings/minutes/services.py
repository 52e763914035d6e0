"""The minutes' text: the coordinator drafts it per agenda item, and corrects approved minutes.
Approved minutes never change in place: a correction is a new version with its reason. The
review and approval are in services_review.py."""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import flag_modified

from mcm.core import audit
from mcm.core.conflicts import ConflictError
from mcm.extensions import db
from mcm.meetings.actions.services import actions_of
from mcm.meetings.agenda.queries import agenda_of  # noqa: F401 - one definition, read here too
from mcm.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)

FIELDS = ("summary", "decisions")
Content = dict[str, dict[str, str]]


class MinutesError(Exception):
    """A step the minutes' stage does not allow; the message says why, in the user's language."""


class EarlyApproval(MinutesError):
    """Approval before the review deadline passed, without the reason for approving early."""


def _actor_id() -> int | None:
    return current_user.id if has_request_context() and current_user.is_authenticated else None


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes with their current version, if anyone started them."""
    return db.session.scalar(
        select(Minutes)
        .options(joinedload(Minutes.current_version))
        .where(Minutes.meeting_id == meeting.id)
    )


def editable_items(items: list[AgendaItem], *, full: bool, cases_open: bool) -> list[AgendaItem]:
    """The items whose text this person may see and write: case items only in the full
    minutes, and only once confidentiality was acknowledged."""
    return [
        item for item in items if item.kind is not AgendaItemKind.CASES or (full and cases_open)
    ]


def _clean(content: dict[str, Any]) -> Content:
    """Keep only items with some text, each with both fields as stripped strings."""
    cleaned: Content = {}
    for key, entry in content.items():
        values = {f: str((entry or {}).get(f) or "").strip() for f in FIELDS}
        if any(values.values()):
            cleaned[str(key)] = values
    return cleaned


def _merge(stored: dict[str, Any], changes: dict[str, dict[str, str]]) -> Content:
    merged = dict(stored)
    merged.update({str(k): v for k, v in changes.items()})
    return _clean(merged)


def _check(minutes: Minutes | None, version: object, base_version_id: object) -> None:
    if minutes is None:
        if str(version or "") not in ("", "0"):
            raise ConflictError(None)
        return
    if str(version) != str(minutes.version) or str(base_version_id) != str(
        minutes.current_version_id
    ):
        raise ConflictError(minutes)


def _touch(minutes: Minutes) -> None:
    """Every save bumps the minutes' version, so a form opened before it is refused."""
    flag_modified(minutes, "status")


def save_text(
    meeting: Meeting,
    version: object,
    base_version_id: object,
    changes: dict[str, dict[str, str]],
) -> Minutes:
    """Save the text of the items the form showed. A draft is edited in place (it stays version
    1); circulated minutes get a new version so reviewers see what changed; approved minutes
    are locked. Raises ConflictError when the form was opened on an older state."""
    minutes = minutes_of(meeting)
    _check(minutes, version, base_version_id)
    if meeting.status is MeetingStatus.CANCELLED:
        raise MinutesError(_("A cancelled meeting has no minutes."))
    if minutes is None:
        minutes = Minutes(meeting_id=meeting.id, status=MinutesStatus.DRAFT)
        try:
            # A colleague's first save of the same minutes that got in first is a conflict.
            with db.session.begin_nested():
                db.session.add(minutes)
        except IntegrityError as error:
            raise ConflictError(None) from error
        first = MinutesVersion(
            minutes_id=minutes.id, number=1, content=_clean(changes), created_by_id=_actor_id()
        )
        db.session.add(first)
        db.session.flush()
        minutes.current_version = first
        db.session.flush()
        _audit(minutes, "minutes_saved", number=1, items=sorted(first.content))
        return minutes
    if minutes.status is MinutesStatus.APPROVED:
        raise MinutesError(
            _("Approved minutes are locked: record a correction, with its reason, instead.")
        )
    current = minutes.current_version
    assert current is not None
    merged = _merge(current.content, changes)
    if merged == current.content:
        return minutes
    stored = current.content
    changed = sorted(k for k in set(merged) | set(stored) if merged.get(k) != stored.get(k))
    if minutes.status is MinutesStatus.DRAFT:
        current.content = merged
        number = current.number
    else:
        number = _new_version(minutes, merged, "").number
    _touch(minutes)
    db.session.flush()
    _audit(minutes, "minutes_saved", number=number, items=changed)
    return minutes


def _new_version(minutes: Minutes, content: Content, reason: str) -> MinutesVersion:
    number = (
        db.session.scalar(
            select(func.max(MinutesVersion.number)).where(MinutesVersion.minutes_id == minutes.id)
        )
        or 0
    ) + 1
    version = MinutesVersion(
        minutes_id=minutes.id,
        number=number,
        content=content,
        reason=reason,
        created_by_id=_actor_id(),
    )
    db.session.add(version)
    db.session.flush()
    minutes.current_version = version
    return version


def correct(
    meeting: Meeting,
    version: object,
    base_version_id: object,
    changes: dict[str, dict[str, str]],
    reason: str,
) -> MinutesVersion:
    """Correct approved minutes: a new version with the reason; the approved text stays."""
    minutes = minutes_of(meeting)
    if minutes is None or minutes.status is not MinutesStatus.APPROVED:
        raise MinutesError(_("Only approved minutes are corrected this way."))
    _check(minutes, version, base_version_id)
    if not reason.strip():
        raise MinutesError(_("Give the reason for the correction."))
    current = minutes.current_version
    assert current is not None
    merged = _merge(current.content, changes)
    actions = actions_snapshot(meeting)
    if merged == current.content and actions == current.actions:
        raise MinutesError(_("Nothing was changed: the correction would be the same text."))
    created = _new_version(minutes, merged, reason.strip())
    # The correction records the actions as they stand now, those added since included.
    created.actions = actions
    _touch(minutes)
    db.session.flush()
    _audit(minutes, "minutes_corrected", number=created.number)
    return created


def actions_snapshot(meeting: Meeting) -> list[dict[str, Any]]:
    """The meeting's actions as they stand now, as the approved minutes record them."""
    return [
        {
            "id": action.id,
            "agenda_item_id": action.agenda_item_id,
            "case_id": action.case_id,
            "title": action.title,
            "institution": action.responsible_institution.name,
            "due_on": action.due_on.isoformat(),
            "status": action.status.value,
        }
        for action in actions_of(meeting, include_cases=True)
    ]


def _audit(minutes: Minutes, action: str, **details: Any) -> None:
    # Never the minutes' text: the log only says which record and which version.
    meeting = minutes.meeting
    audit.record(
        action, obj=minutes, mechanism_id=meeting.mechanism_id, meeting_id=meeting.id, **details
    )
