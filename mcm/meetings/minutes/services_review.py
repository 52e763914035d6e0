"""The review of the minutes: the coordinator circulates them, members comment on each agenda
item, the coordinator resolves the comments and records the approval, which locks the minutes."""

from __future__ import annotations

from datetime import date

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from mcm.core.db import utcnow
from mcm.core.i18n import LANGUAGES, day_format
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Representative
from mcm.meetings.minutes.services import (
    EarlyApproval,
    MinutesError,
    _actor_id,
    _audit,
    _check,
    actions_snapshot,
)
from mcm.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
)


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
            date=day_format(meeting.starts_at.date()),
        )
        body = _(
            "The minutes of the meeting of %(date)s of the coordination mechanism are ready for "
            "review. Please read them and comment on each item by %(deadline)s:\n\n%(link)s\n",
            date=day_format(meeting.starts_at.date()),
            deadline=day_format(minutes.review_until),
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
            "Approved at the meeting of %(date)s", date=day_format(at_meeting.starts_at, style)
        )
    day = day_format(minutes.approved_at, style) if minutes.approved_at else "—"
    if minutes.early_approval_reason:
        return _("Approved on %(date)s, before the review deadline", date=day)
    return _("Approved by the review deadline, on %(date)s", date=day)


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
                    date=day_format(at_meeting.starts_at),
                )
            )
    early = not review_is_over(minutes, today)
    early_reason = early_reason.strip()
    if early and not early_reason:
        deadline = day_format(minutes.review_until) if minutes.review_until else "—"
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
