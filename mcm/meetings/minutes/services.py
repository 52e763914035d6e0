"""The minutes' workflow: the coordinator drafts, circulates them for review, members comment on
each agenda item, the coordinator resolves the comments, the minutes are approved and locked.
Approved minutes never change in place: a correction is a new version with its reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import flag_modified

from mcm.core import audit
from mcm.core.conflicts import ConflictError
from mcm.core.db import utcnow
from mcm.core.i18n import LANGUAGES
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Representative
from mcm.meetings.actions.services import actions_of
from mcm.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
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


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda items in order."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
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


def circulate(minutes: Minutes, version: object, review_until: date) -> int:
    """Send the draft to the member institutions for review until a date; returns how many
    representatives were notified."""
    _check(minutes, version, minutes.current_version_id)
    if minutes.status is not MinutesStatus.DRAFT:
        raise MinutesError(_("Only draft minutes can be circulated."))
    if review_until < date.today():
        raise MinutesError(_("The review deadline cannot be in the past."))
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = utcnow()
    minutes.review_until = review_until
    db.session.flush()
    notified = _notify_reviewers(minutes)
    _audit(minutes, "minutes_circulated", review_until=review_until.isoformat(), notified=notified)
    return notified


def reviewer_addresses(mechanism_id: int, today: date | None = None) -> list[str]:
    """The e-mail addresses of the current representatives of current member institutions."""
    today = today or date.today()
    rows = db.session.scalars(
        select(Representative.email)
        .join(Institution, Institution.id == Representative.institution_id)
        .where(
            Institution.mechanism_id == mechanism_id,
            Institution.left_on.is_(None),
            Representative.from_date <= today,
            or_(Representative.to_date.is_(None), Representative.to_date >= today),
            Representative.email != "",
        )
        .order_by(Representative.email)
    )
    return sorted({address.lower() for address in rows})


def _notify_reviewers(minutes: Minutes) -> int:
    from mcm.core import outbox_service

    meeting = minutes.meeting
    addresses = reviewer_addresses(meeting.mechanism_id)
    values = {"meeting_id": meeting.id, "mechanism_code": meeting.mechanism.code}
    base = current_app.config["MCM_BASE_URL"].rstrip("/")
    link = (
        (base + url_for("meetings.minutes", **values))
        if base
        else url_for("meetings.minutes", _external=True, **values)
    )
    with force_locale(LANGUAGES.get(meeting.language, "sq")):
        subject = _(
            "Minutes for review: meeting of %(date)s",
            date=format_date(meeting.starts_at.date()),
        )
        body = _(
            "The minutes of the meeting of %(date)s of the coordination mechanism are ready for "
            "review. Please read them and comment on each item by %(deadline)s:\n\n%(link)s\n",
            date=format_date(meeting.starts_at.date()),
            deadline=format_date(minutes.review_until),
            link=link,
        )
    for address in addresses:
        outbox_service.queue(
            address,
            subject,
            body,
            kind="minutes_circulated",
            mechanism_id=meeting.mechanism_id,
            meeting_id=meeting.id,
        )
    return len(addresses)


def add_comment(minutes: Minutes, item: AgendaItem, body: str, institution_id: int | None) -> None:
    """A reviewer comments on one agenda item of circulated minutes."""
    if minutes.status is not MinutesStatus.CIRCULATED:
        raise MinutesError(_("Comments are taken while the minutes are circulated for review."))
    if item.meeting_id != minutes.meeting_id:
        raise MinutesError(_("This item is not on the meeting's agenda."))
    if not body.strip():
        raise MinutesError(_("Please fill in this field."))
    comment = MinutesComment(
        minutes_id=minutes.id,
        agenda_item_id=item.id,
        author_id=_actor_id(),
        institution_id=institution_id,
        body=body.strip(),
    )
    db.session.add(comment)
    db.session.flush()
    _audit(minutes, "minutes_comment_added", comment_id=comment.id, item_id=item.id)


def resolve_comment(minutes: Minutes, comment: MinutesComment, resolution: str) -> None:
    """The coordinator answers a comment and marks it resolved."""
    if minutes.status is not MinutesStatus.CIRCULATED:
        raise MinutesError(_("Comments are resolved while the minutes are circulated."))
    if comment.resolved_at is not None:
        raise MinutesError(_("This comment has already been resolved."))
    if not resolution.strip():
        raise MinutesError(_("Please fill in this field."))
    comment.resolution = resolution.strip()
    comment.resolved_at = utcnow()
    comment.resolved_by_id = _actor_id()
    db.session.flush()
    _audit(minutes, "minutes_comment_resolved", comment_id=comment.id)


def unresolved_count(minutes: Minutes) -> int:
    """How many review comments still wait for the coordinator's answer."""
    return (
        db.session.scalar(
            select(func.count(MinutesComment.id)).where(
                MinutesComment.minutes_id == minutes.id, MinutesComment.resolved_at.is_(None)
            )
        )
        or 0
    )


def later_meetings(meeting: Meeting) -> list[Meeting]:
    """The mechanism's meetings after this one, not cancelled: where minutes can be approved
    once they have been held."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.mechanism_id == meeting.mechanism_id,
                Meeting.starts_at > meeting.starts_at,
                Meeting.status != MeetingStatus.CANCELLED,
            )
            .order_by(Meeting.starts_at)
        )
    )


def review_is_over(minutes: Minutes, today: date) -> bool:
    """Whether the review deadline has passed, so the members had their full time to comment."""
    return minutes.review_until is not None and minutes.review_until < today


def approval_statement(minutes: Minutes, at_meeting: Meeting | None, style: str = "medium") -> str:
    """How the approval reads on the page and in the Word document: the approving meeting's
    date when a meeting approved them, else the day it was recorded."""
    if at_meeting is not None:
        return _(
            "Approved at the meeting of %(date)s", date=format_date(at_meeting.starts_at, style)
        )
    day = format_date(minutes.approved_at, style) if minutes.approved_at else "—"
    if minutes.early_approval_reason:
        return _("Approved on %(date)s, before the review deadline", date=day)
    return _("Approved by the review deadline, on %(date)s", date=day)


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


def approve(
    minutes: Minutes,
    version: object,
    *,
    at_meeting: Meeting | None = None,
    early_reason: str = "",
    today: date | None = None,
) -> None:
    """Approve circulated minutes at a later meeting that was held, or by the review deadline;
    before the deadline has passed only with the reason for approving early. They lock, and
    the approved version keeps the actions as they stand now."""
    _check(minutes, version, minutes.current_version_id)
    today = today or date.today()
    if minutes.status is not MinutesStatus.CIRCULATED:
        raise MinutesError(_("Minutes are approved after they have been circulated for review."))
    if unresolved_count(minutes):
        raise MinutesError(_("Resolve every comment before approving the minutes."))
    if at_meeting is not None:
        if at_meeting not in later_meetings(minutes.meeting):
            raise MinutesError(_("Choose a later meeting of this mechanism."))
        if at_meeting.status is not MeetingStatus.HELD or at_meeting.starts_at > utcnow():
            raise MinutesError(
                _(
                    "The meeting of %(date)s has not been held yet: minutes are approved at a "
                    "meeting that took place. Record its attendance first.",
                    date=format_date(at_meeting.starts_at),
                )
            )
    early = not review_is_over(minutes, today)
    early_reason = early_reason.strip()
    if early and not early_reason:
        deadline = format_date(minutes.review_until) if minutes.review_until else "—"
        raise EarlyApproval(
            _(
                "The review period runs until %(date)s: give the reason for approving the "
                "minutes before it ends, or approve them once the review deadline has passed.",
                date=deadline,
            )
        )
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = utcnow()
    minutes.approved_by_id = _actor_id()
    minutes.approved_at_meeting_id = at_meeting.id if at_meeting else None
    minutes.early_approval_reason = early_reason if early else ""
    current = minutes.current_version
    assert current is not None
    current.actions = actions_snapshot(minutes.meeting)
    db.session.flush()
    _audit(
        minutes,
        "minutes_approved",
        number=current.number,
        at_meeting_id=at_meeting.id if at_meeting else None,
        early=early,
    )


def _audit(minutes: Minutes, action: str, **details: Any) -> None:
    # Never the minutes' text: the log only says which record and which version.
    meeting = minutes.meeting
    audit.record(
        action, obj=minutes, mechanism_id=meeting.mechanism_id, meeting_id=meeting.id, **details
    )
