"""Ad hoc meetings: a member institution asks for one (why, how urgently, which dates); the
coordinator accepts and schedules it, or declines with a reason; the requester is told by e-mail."""

from __future__ import annotations

from datetime import date

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from mcm.accounts.models import Membership, Role, User
from mcm.core import audit, outbox_service
from mcm.core.db import utcnow
from mcm.core.i18n import LANGUAGES, datetime_format, day_format
from mcm.core.labels import urgency_label
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.meetings.models import AdHocRequest, Meeting, MeetingKind, RequestStatus, Urgency
from mcm.meetings.planning.dates import today
from mcm.meetings.planning.services import Schedule, create_meeting

MAX_DATES = 3


class RequestError(Exception):
    """A request or decision the rules refuse; the message is for the user."""


def _actor() -> User | None:
    return current_user if has_request_context() and current_user.is_authenticated else None


def requests_of(mechanism: Mechanism, institution_id: int | None = None) -> list[AdHocRequest]:
    """The mechanism's requests (or one institution's), pending first, newest first."""
    stmt = (
        select(AdHocRequest)
        .options(joinedload(AdHocRequest.institution), joinedload(AdHocRequest.meeting))
        .where(AdHocRequest.mechanism_id == mechanism.id)
        .order_by(
            case((AdHocRequest.status == RequestStatus.PENDING, 0), else_=1),
            AdHocRequest.created_at.desc(),
            AdHocRequest.id.desc(),
        )
    )
    if institution_id is not None:
        stmt = stmt.where(AdHocRequest.institution_id == institution_id)
    return list(db.session.scalars(stmt))


def pending_count(mechanism: Mechanism) -> int:
    """How many requests wait for the coordinator's decision."""
    return (
        db.session.scalar(
            select(func.count(AdHocRequest.id)).where(
                AdHocRequest.mechanism_id == mechanism.id,
                AdHocRequest.status == RequestStatus.PENDING,
            )
        )
        or 0
    )


def request_meeting(
    institution: Institution, reason: str, urgency: Urgency, dates: list[date]
) -> AdHocRequest:
    """Ask, for a member institution, for an ad hoc meeting of its mechanism."""
    if institution.left_on is not None:
        raise RequestError(_("This institution is no longer a member of the mechanism."))
    if not reason.strip():
        raise RequestError(_("Say why the meeting is needed."))
    proposed = sorted(set(dates))
    if len(proposed) > MAX_DATES:
        raise RequestError(_("Propose at most three dates."))
    if any(day < today() for day in proposed):
        raise RequestError(_("Proposed dates cannot be in the past."))
    actor = _actor()
    ad_hoc = AdHocRequest(
        mechanism_id=institution.mechanism_id,
        institution_id=institution.id,
        requested_by_id=actor.id if actor else None,
        reason=reason.strip(),
        urgency=urgency,
        proposed_dates=[day.isoformat() for day in proposed],
        status=RequestStatus.PENDING,
        decline_reason="",
    )
    db.session.add(ad_hoc)
    db.session.flush()
    audit.record(
        "ad_hoc_requested",
        obj=ad_hoc,
        mechanism_id=ad_hoc.mechanism_id,
        institution_id=institution.id,
        urgency=urgency.value,
    )
    if urgency is not Urgency.ROUTINE:
        _alert_coordinators(ad_hoc, institution)
    return ad_hoc


def proposed_days(ad_hoc: AdHocRequest) -> list[date]:
    """The dates the requester proposed, as dates (whatever was stored that is not one is
    skipped)."""
    days = []
    for raw in ad_hoc.proposed_dates or []:
        try:
            days.append(date.fromisoformat(str(raw)))
        except ValueError:
            continue
    return days


def _check_pending(ad_hoc: AdHocRequest) -> None:
    if ad_hoc.status is not RequestStatus.PENDING:
        raise RequestError(_("This request has already been decided."))


def _decided(ad_hoc: AdHocRequest, status: RequestStatus) -> None:
    actor = _actor()
    ad_hoc.status = status
    ad_hoc.decided_by_id = actor.id if actor else None
    ad_hoc.decided_at = utcnow()


def accept_request(
    ad_hoc: AdHocRequest,
    mechanism: Mechanism,
    schedule: Schedule,
    *,
    kind: MeetingKind = MeetingKind.AD_HOC,
    language: str = "sq",
    notes: str = "",
    cases: bool = False,
) -> Meeting:
    """Schedule the meeting asked for and tell the requester."""
    _check_pending(ad_hoc)
    meeting = create_meeting(mechanism, kind, schedule, language=language, notes=notes, cases=cases)
    _decided(ad_hoc, RequestStatus.ACCEPTED)
    ad_hoc.meeting_id = meeting.id
    db.session.flush()
    audit.record(
        "ad_hoc_accepted", obj=ad_hoc, mechanism_id=ad_hoc.mechanism_id, meeting_id=meeting.id
    )
    _notify(ad_hoc, meeting)
    return meeting


def decline_request(ad_hoc: AdHocRequest, reason: str) -> None:
    """Decline the request with the reason the requester will read."""
    _check_pending(ad_hoc)
    if not reason.strip():
        raise RequestError(_("Give the reason for declining."))
    _decided(ad_hoc, RequestStatus.DECLINED)
    ad_hoc.decline_reason = reason.strip()
    db.session.flush()
    audit.record("ad_hoc_declined", obj=ad_hoc, mechanism_id=ad_hoc.mechanism_id)
    _notify(ad_hoc, None)


# -- telling the requester ------------------------------------------------------------------------


def recipients(ad_hoc: AdHocRequest) -> list[User]:
    """Who hears of the decision: the member who asked; when the coordinator asked on the
    institution's behalf, the institution's member representatives with an account."""
    requester = db.session.get(User, ad_hoc.requested_by_id) if ad_hoc.requested_by_id else None
    if requester is not None and requester.role is Role.MEMBER and requester.active:
        return [requester]
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.institution_id == ad_hoc.institution_id,
                User.role == Role.MEMBER,
                User.active,
            )
            .order_by(User.email)
        )
    )


def _link(ad_hoc: AdHocRequest) -> str:
    values = {"request_id": ad_hoc.id, "mechanism_code": ad_hoc.institution.mechanism.code}
    base = current_app.config["MCM_BASE_URL"].rstrip("/")
    if base:
        return base + url_for("meetings.request_detail", **values)
    return url_for("meetings.request_detail", _external=True, **values)


def _message(ad_hoc: AdHocRequest, meeting: Meeting | None) -> tuple[str, str]:
    asked = day_format(ad_hoc.created_at)
    if meeting is not None:
        subject = _("Ad hoc meeting scheduled")
        place = meeting.place or meeting.online_link or _("to be announced")
        body = _(
            "Your request of %(asked)s for an ad hoc meeting of the coordination mechanism has "
            "been accepted. The meeting is scheduled for %(when)s (%(place)s).\n\n"
            "The invitation with the agenda follows. Details:\n%(link)s\n",
            asked=asked,
            when=datetime_format(meeting.starts_at),
            place=place,
            link=_link(ad_hoc),
        )
    else:
        subject = _("Ad hoc meeting request declined")
        body = _(
            "Your request of %(asked)s for an ad hoc meeting of the coordination mechanism has "
            "been declined, for this reason:\n\n%(reason)s\n\nDetails:\n%(link)s\n",
            asked=asked,
            reason=ad_hoc.decline_reason,
            link=_link(ad_hoc),
        )
    return subject, body


def _alert_coordinators(ad_hoc: AdHocRequest, institution: Institution) -> int:
    """An urgent request reaches the mechanism's coordinators at once, by e-mail and in their
    inbox (a kind no one may switch off), except the coordinator who asked herself. The reason
    stays in mcm: it may touch on a case."""
    coordinators = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.mechanism_id == ad_hoc.mechanism_id,
            User.role == Role.COORDINATOR,
            User.active,
            User.id != (ad_hoc.requested_by_id or 0),
        )
        .order_by(User.email)
    )
    sent = 0
    for user in coordinators:
        with force_locale(LANGUAGES.get(user.language or "sq", "sq")):
            subject = _(
                "Urgent: %(institution)s asks for an ad hoc meeting", institution=institution.name
            )
            body = _(
                "%(institution)s asks for an ad hoc meeting of the coordination mechanism "
                "(%(urgency)s). Read the request and decide on it in mcm:\n\n%(link)s\n",
                institution=institution.name,
                urgency=urgency_label(ad_hoc.urgency),
                link=_link(ad_hoc),
            )
        outbox_service.queue(
            user.email,
            subject,
            body,
            kind="ad_hoc_urgent",
            mechanism_id=ad_hoc.mechanism_id,
            recipient_user_id=user.id,
        )
        sent += 1
    return sent


def _notify(ad_hoc: AdHocRequest, meeting: Meeting | None) -> int:
    """Queue the decision's e-mail to each recipient, in that person's language."""
    sent = 0
    for user in recipients(ad_hoc):
        with force_locale(LANGUAGES.get(user.language or "sq", "sq")):
            subject, body = _message(ad_hoc, meeting)
        outbox_service.queue(
            user.email,
            subject,
            body,
            kind="ad_hoc_decision",
            mechanism_id=ad_hoc.mechanism_id,
            meeting_id=meeting.id if meeting else None,
        )
        sent += 1
    return sent
