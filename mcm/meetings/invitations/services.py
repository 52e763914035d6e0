"""Invitations: the coordinator invites every current representative (e-mail with the agenda and
an .ics event), changes and cancellations follow to the same people with a growing SEQUENCE, and
each member institution's reply is recorded. All mail goes through the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import has_app_context, has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import event, inspect, or_, select
from sqlalchemy.orm import Session

from mcm.accounts.models import Membership, Role, User
from mcm.core import audit, outbox_service
from mcm.core.db import utcnow
from mcm.core.outbox import OutboxMessage
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Representative
from mcm.meetings.messages import agenda_of, build_ics, compose, languages_of
from mcm.meetings.models import Invitation, Meeting, MeetingStatus, Reply

# Kinds of outbox message whose recipients hold the meeting in their calendars.
CALENDAR_KINDS = ("invitation", "update")
# A change of any of these moves the meeting in the invitees' calendars.
WATCHED = ("starts_at", "ends_at", "place", "online_link")
REPLIES = (Reply.ATTENDING, Reply.NOT_ATTENDING, Reply.DEPUTY_ATTENDING)
_NOTICES = "mcm_meeting_notices"


class InvitationError(Exception):
    """A step the meeting's state does not allow; the message says why, in the user's language."""


@dataclass
class Sent:
    """What a sending did: how many messages were queued, and who could not be reached."""

    messages: int = 0
    unreachable: list[Institution] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)


def current_institutions(mechanism_id: int) -> list[Institution]:
    """The mechanism's current member institutions, by name."""
    return list(
        db.session.scalars(
            select(Institution)
            .where(Institution.mechanism_id == mechanism_id, Institution.left_on.is_(None))
            .order_by(Institution.name, Institution.id)
        )
    )


def current_addresses(
    institutions: list[Institution], today: date | None = None
) -> dict[int, list[str]]:
    """Per institution id, the e-mail addresses of its current representatives and of its
    member representatives' accounts (two queries): mail about the institution reaches both."""
    today = today or date.today()
    found: dict[int, list[str]] = {institution.id: [] for institution in institutions}
    if not found:
        return found
    rows = db.session.execute(
        select(Representative.institution_id, Representative.email)
        .where(
            Representative.institution_id.in_(found),
            Representative.from_date <= today,
            or_(Representative.to_date.is_(None), Representative.to_date >= today),
            Representative.email != "",
        )
        .order_by(Representative.is_deputy, Representative.id)
    )
    accounts = db.session.execute(
        select(Membership.institution_id, User.email)
        .join(User, User.id == Membership.user_id)
        .where(Membership.institution_id.in_(found), User.role == Role.MEMBER, User.active)
        .order_by(User.email)
    )
    for institution_id, address in [*rows, *accounts]:
        address = address.strip().lower()
        if address and address not in found[institution_id]:
            found[institution_id].append(address)
    return found


def invitations_of(meeting: Meeting) -> dict[int, Invitation]:
    """The meeting's invitations by institution id."""
    rows = db.session.scalars(select(Invitation).where(Invitation.meeting_id == meeting.id))
    return {invitation.institution_id: invitation for invitation in rows}


def _previous_addresses(meeting: Meeting) -> list[str]:
    """Everyone who holds the meeting in a calendar: they received its invitation or an update."""
    return list(
        db.session.scalars(
            select(OutboxMessage.to_address)
            .where(OutboxMessage.meeting_id == meeting.id, OutboxMessage.kind.in_(CALENDAR_KINDS))
            .distinct()
        )
    )


def _invite_current(meeting: Meeting) -> tuple[list[str], list[Institution]]:
    """Make sure every current institution has an invitation; return the addresses to write to
    and the institutions without any representative's e-mail address."""
    institutions = current_institutions(meeting.mechanism_id)
    addresses = current_addresses(institutions)
    invitations = invitations_of(meeting)
    now = utcnow()
    to: list[str] = []
    unreachable: list[Institution] = []
    for institution in institutions:
        invitation = invitations.get(institution.id)
        if invitation is None:
            invitation = Invitation(meeting_id=meeting.id, institution_id=institution.id)
            db.session.add(invitation)
        if addresses[institution.id]:
            invitation.sent_at = now
            to += [a for a in addresses[institution.id] if a not in to]
        else:
            unreachable.append(institution)
    return to, unreachable


def _queue(meeting: Meeting, kind: str, addresses: list[str]) -> int:
    """Queue one message per address, each in its reader's language with its own .ics."""
    agenda = agenda_of(meeting)
    languages = languages_of(addresses, meeting.language)
    for address in addresses:
        language = languages[address]
        subject, body = compose(kind, meeting, agenda, language)
        ics = build_ics(meeting, agenda, address, language, cancel=kind == "cancellation")
        outbox_service.queue(
            address,
            subject,
            body,
            kind=kind,
            mechanism_id=meeting.mechanism_id,
            meeting_id=meeting.id,
            ics=ics,
        )
    return len(addresses)


def _first_notice(kind: str, meeting: Meeting) -> bool:
    """True once per meeting and kind within a transaction: the edit service and the automatic
    detection below may both ask, the invitees hear once."""
    notices: set[tuple[str, int]] = db.session.info.setdefault(_NOTICES, set())
    if (kind, meeting.id) in notices:
        return False
    notices.add((kind, meeting.id))
    return True


def send_invitations(meeting: Meeting) -> Sent:
    """Invite every current representative (once invited: those named since); the meeting
    becomes "invited"."""
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.INVITED):
        raise InvitationError(_("Invitations go out only for a meeting that is still ahead."))
    to, unreachable = _invite_current(meeting)
    if not to:
        raise InvitationError(
            _("No current representative has an e-mail address: nobody can be invited.")
        )
    if meeting.status is MeetingStatus.INVITED:
        # Sent before: only representatives named since then are invited now.
        previous = set(_previous_addresses(meeting))
        to = [address for address in to if address not in previous]
        if not to:
            raise InvitationError(_("Every current representative has been invited already."))
    meeting.status = MeetingStatus.INVITED
    count = _queue(meeting, "invitation", to)
    audit.record(
        "meeting_invitations_sent",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        messages=count,
        unreachable=[institution.id for institution in unreachable],
    )
    db.session.flush()
    return Sent(count, unreachable, to)


def meeting_changed(meeting: Meeting) -> int:
    """Send the invitees the changed meeting (SEQUENCE + 1); call it after setting the new
    date, time or place. Returns how many messages were queued (0 if nobody was invited)."""
    if meeting.status is not MeetingStatus.INVITED or not _first_notice("update", meeting):
        return 0
    previous = _previous_addresses(meeting)
    current, _unreachable = _invite_current(meeting)
    to = previous + [address for address in current if address not in previous]
    if not to:
        return 0
    meeting.ics_sequence = (meeting.ics_sequence or 0) + 1
    count = _queue(meeting, "update", to)
    audit.record(
        "meeting_update_sent",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        messages=count,
        sequence=meeting.ics_sequence,
    )
    return count


def meeting_cancelled(meeting: Meeting) -> int:
    """Send everyone who was invited the cancellation (METHOD:CANCEL, SEQUENCE + 1)."""
    if not _first_notice("cancellation", meeting):
        return 0
    to = _previous_addresses(meeting)
    if not to:
        return 0
    meeting.ics_sequence = (meeting.ics_sequence or 0) + 1
    count = _queue(meeting, "cancellation", to)
    audit.record(
        "meeting_cancellation_sent",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        messages=count,
        sequence=meeting.ics_sequence,
    )
    return count


def record_reply(meeting: Meeting, institution_id: int, reply: Reply) -> Invitation:
    """Record an institution's reply (by its member, or by the coordinator on its behalf)."""
    if reply not in REPLIES:
        raise InvitationError(_("Choose a reply."))
    if meeting.status is not MeetingStatus.INVITED:
        raise InvitationError(_("Replies are recorded while the meeting is ahead."))
    invitation = db.session.scalar(
        select(Invitation).where(
            Invitation.meeting_id == meeting.id, Invitation.institution_id == institution_id
        )
    )
    if invitation is None:
        raise InvitationError(_("This institution is not invited to the meeting."))
    invitation.reply = reply
    invitation.replied_at = utcnow()
    actor = current_user if has_request_context() and current_user.is_authenticated else None
    invitation.replied_by_id = getattr(actor, "id", None)
    audit.record(
        "invitation_reply_recorded",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        institution_id=institution_id,
        reply=reply.value,
    )
    db.session.flush()
    return invitation


# -- following edits made anywhere -----------------------------------------------------------------


def _changed(state: Any, name: str) -> bool:
    return bool(state.attrs[name].history.has_changes())


@event.listens_for(Session, "before_flush")
def _follow_meeting_edits(session: Session, flush_context: Any, instances: Any) -> None:
    """Whoever moves or cancels an invited meeting, the invitees' calendars follow."""
    if not has_app_context() or session is not db.session():
        return
    for obj in list(session.dirty):
        if not isinstance(obj, Meeting):
            continue
        state = inspect(obj)
        if _changed(state, "status") and obj.status is MeetingStatus.CANCELLED:
            meeting_cancelled(obj)
        elif obj.status is MeetingStatus.INVITED and any(_changed(state, n) for n in WATCHED):
            meeting_changed(obj)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_notices(session: Session) -> None:
    session.info.pop(_NOTICES, None)
