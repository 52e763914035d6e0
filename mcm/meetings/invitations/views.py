"""Sending a meeting's invitations and recording the institutions' replies. The meeting page
shows both through the invitations panel (templates/meetings/invitations/_panel.html)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.routing import BuildError

from mcm.core import outbox_service
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.confirm import irreversible
from mcm.core.db import parse_id
from mcm.core.labels import reply_label
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.mechanisms.policy import can_manage_mechanism, membership_in
from mcm.meetings import bp
from mcm.meetings.files.sending import send_pack
from mcm.meetings.files.services import FilesError
from mcm.meetings.invitations import services as service
from mcm.meetings.invitations.forms import ReplyForm, ReplyOnBehalfForm, SendInvitationsForm
from mcm.meetings.models import Invitation, Meeting, MeetingStatus, Reply
from mcm.meetings.panels import meeting_panel
from mcm.meetings.policy import can_record_reply

BASE = "/m/<mechanism_code>/meetings/<int:meeting_id>"


def meeting_page(meeting: Meeting) -> str:
    """Back to the meeting page (the meeting list until that page exists)."""
    try:
        return url_for("meetings.detail", meeting_id=meeting.id)
    except BuildError:
        return url_for("meetings.index")


@bp.route(f"{BASE}/invitations", methods=["POST"])
@irreversible(_l("Send the invitations: every member institution is e-mailed now."))
@allow(Rule.MECHANISM_MANAGE)
def send_invitations(meeting_id: int) -> Any:
    """E-mail the invitation with the agenda and a calendar event to every representative."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    form = SendInvitationsForm()
    if not form.validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(meeting_page(meeting))
    try:
        sent = service.send_invitations(meeting)
        # The pack goes as a message of its own: the invitation stays small for calendars.
        packs = send_pack(meeting, sent.addresses) if form.with_pack.data else 0
    except (service.InvitationError, FilesError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(meeting_page(meeting))
    db.session.commit()
    if packs:
        flash(_("The meeting pack goes with the invitations."), "success")
    flash(
        ngettext(
            "The invitation is on its way to %(num)d address.",
            "The invitation is on its way to %(num)d addresses.",
            sent.messages,
        ),
        "success",
    )
    if sent.unreachable:
        flash(
            _(
                "No representative of these institutions has an e-mail address, so they were "
                "not invited by e-mail: %(names)s. Invite them by phone and record their reply.",
                names=", ".join(institution.name for institution in sent.unreachable),
            ),
            "error",
        )
    return redirect(meeting_page(meeting))


@bp.route(f"{BASE}/reply", methods=["POST"])
def reply(meeting_id: int) -> Any:
    """A member's reply for her institution, or the coordinator's record of any institution's."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    form = ReplyOnBehalfForm()
    if not form.validate_on_submit():
        flash(_("Choose a reply."), "error")
        return redirect(meeting_page(meeting))
    if form.institution.data:
        institution_id = parse_id(form.institution.data)
    else:
        membership = membership_in(current_user, meeting.mechanism_id)
        institution_id = membership.institution_id if membership is not None else None
    if institution_id is None or not can_record_reply(current_user, meeting, institution_id):
        flash(_("You can reply only for your own institution."), "error")
        return redirect(meeting_page(meeting))
    try:
        invitation = service.record_reply(meeting, institution_id, Reply(form.reply.data))
    except service.InvitationError as error:
        flash(str(error), "error")
        return redirect(meeting_page(meeting))
    db.session.commit()
    flash(
        _(
            "Reply recorded for %(institution)s: %(reply)s.",
            institution=invitation.institution.name,
            reply=reply_label(invitation.reply),
        ),
        "success",
    )
    return redirect(meeting_page(meeting))


# -- the panel on the meeting page -----------------------------------------------------------------


@dataclass
class Row:
    institution: Institution
    invitation: Invitation | None
    reachable: bool


@dataclass
class Panel:
    """What the invitations panel shows to this user."""

    meeting: Meeting
    rows: list[Row]
    can_manage: bool
    may_send: bool
    may_reply: bool
    own: Row | None = None
    mail: dict[str, int] = field(default_factory=dict)
    reply_form: Any = None
    behalf_form: Any = None


@meeting_panel
def invitation_panel(meeting: Meeting, known: dict[str, Any]) -> dict[str, Panel]:
    """Invitations, replies and the forms for this user, in a constant number of queries."""
    institutions = service.current_institutions(meeting.mechanism_id)
    addresses = service.current_addresses(institutions)
    invitations = known.get("invitations")
    if invitations is None:
        invitations = service.invitations_of(meeting)
    rows = [
        Row(institution, invitations.get(institution.id), bool(addresses[institution.id]))
        for institution in institutions
    ]
    mechanism = g.get("mechanism") or meeting.mechanism
    can_manage = can_manage_mechanism(current_user, mechanism)
    membership = membership_in(current_user, meeting.mechanism_id)
    own_id = membership.institution_id if membership is not None and not can_manage else None
    panel = Panel(
        meeting=meeting,
        rows=rows,
        can_manage=can_manage,
        may_send=can_manage and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.INVITED),
        may_reply=meeting.status is MeetingStatus.INVITED,
        own=next((row for row in rows if row.institution.id == own_id), None),
    )
    if can_manage:
        panel.mail = outbox_service.counts(meeting_id=meeting.id)
        panel.behalf_form = ReplyOnBehalfForm(formdata=None)
    if panel.own is not None and panel.own.invitation is not None and panel.may_reply:
        current = panel.own.invitation.reply
        panel.reply_form = ReplyForm(
            formdata=None, reply=current.value if current is not Reply.NONE else None
        )
    return {"invitation_panel": panel}
