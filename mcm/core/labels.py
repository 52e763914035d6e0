"""The words users see for the domain's enumerations, in their language."""

from __future__ import annotations

from flask import g, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l


def _label(labels: dict[str, object], value: object) -> str:
    """The label of an enumeration's value, translated once per request and language: a page
    repeats the same few labels in every row of its tables."""
    key = str(getattr(value, "value", value))
    if not has_request_context():
        return str(labels[key])
    cache = g.setdefault("translated_labels", {})
    # The language is part of the key: an e-mail is written in its recipient's language.
    cached = (id(labels), key, str(get_locale()))
    found = cache.get(cached)
    if found is None:
        found = cache[cached] = str(labels[key])
    return found


ROLE_LABELS = {
    "coordinator": _l("Coordinator"),
    "member": _l("Member representative"),
    "observer": _l("Observer (partner organisation or ministry)"),
    "administrator": _l("Administrator"),
}

MECHANISM_STATUS_LABELS = {
    "not_established": _l("Not established"),
    "established": _l("Established"),
    "active": _l("Active"),
    "inactive": _l("Inactive"),
    "reempowering": _l("Being re-empowered"),
}


def role_label(role: object) -> str:
    """The role's name in the user's language."""
    return _label(ROLE_LABELS, role)


def status_label(status: object) -> str:
    """The mechanism status in the user's language."""
    return _label(MECHANISM_STATUS_LABELS, status)


AUDIT_ACTION_LABELS = {
    "login": _l("Signed in"),
    "notification_preferences_changed": _l("E-mail preferences changed"),
    "login_failed": _l("Failed sign-in"),
    "login_throttled": _l("Sign-in refused: too many failures"),
    "account_locked": _l("Sign-in paused after too many failures"),
    "recovery_code_used": _l("Signed in with a recovery code"),
    "recovery_codes_regenerated": _l("New recovery codes made"),
    "password_reset_unknown": _l("Password reset asked for an unknown address"),
    "logout": _l("Signed out"),
    "calendar_feed_created": _l("Calendar feed made"),
    "calendar_feed_regenerated": _l("Calendar feed replaced by a new address"),
    "calendar_feed_revoked": _l("Calendar feed stopped"),
    "password_changed": _l("Password changed"),
    "password_reset_requested": _l("Password reset requested"),
    "password_reset_completed": _l("Password reset by e-mailed link"),
    "invitation_sent": _l("Invitation sent"),
    "invitation_completed": _l("Invitation accepted"),
    "totp_enabled": _l("Two-factor sign-in turned on"),
    "totp_disabled": _l("Two-factor sign-in turned off"),
    "totp_reset": _l("Two-factor sign-in reset by an administrator"),
    "user_created": _l("User created"),
    "user_disabled": _l("Account disabled"),
    "user_enabled": _l("Account enabled"),
    "role_changed": _l("Role changed"),
    "membership_added": _l("Added to a mechanism"),
    "membership_removed": _l("Removed from a mechanism"),
    "partner_organisation_created": _l("Partner organisation added"),
    "partner_organisation_renamed": _l("Partner organisation renamed"),
    "partner_member_added": _l("Observer added to a partner organisation"),
    "partner_member_removed": _l("Observer removed from a partner organisation"),
    "partnership_started": _l("Partnership started"),
    "partnership_step_recorded": _l("Partnership step recorded"),
    "needs_assessment_recorded": _l("Needs assessment recorded"),
    "training_recorded": _l("Training recorded"),
    "training_updated": _l("Training corrected"),
    "support_recorded": _l("Follow-up support recorded"),
    "support_updated": _l("Follow-up support corrected"),
    "mechanism_status_changed": _l("Mechanism status changed"),
    "founding_agreement_saved": _l("Founding agreement saved"),
    "document_downloaded": _l("Document downloaded"),
    "institution_added": _l("Member institution added"),
    "institution_updated": _l("Member institution changed"),
    "institution_left": _l("Member institution left the mechanism"),
    "mou_status_changed": _l("MoU step recorded"),
    "representative_added": _l("Representative added"),
    "representative_updated": _l("Representative changed"),
    # planning, agenda, attendance and ad hoc requests (meetings)
    "meeting_created": _l("Meeting planned"),
    "meeting_updated": _l("Meeting changed"),
    "meeting_cancelled": _l("Meeting cancelled"),
    "meeting_held": _l("Meeting marked as held"),
    "agenda_item_added": _l("Agenda item added"),
    "agenda_item_updated": _l("Agenda item changed"),
    "agenda_item_removed": _l("Agenda item removed"),
    "agenda_item_moved": _l("Agenda reordered"),
    "agenda_cases_added": _l("Case discussions put on the agenda"),
    "agenda_cases_removed": _l("Case discussions taken off the agenda"),
    "attendance_recorded": _l("Attendance recorded"),
    "confidentiality_acknowledged": _l("Confidentiality statement acknowledged"),
    "ad_hoc_requested": _l("Ad hoc meeting requested"),
    "ad_hoc_accepted": _l("Ad hoc meeting request accepted"),
    "ad_hoc_declined": _l("Ad hoc meeting request declined"),
    # minutes and actions (meetings)
    "minutes_saved": _l("Minutes saved"),
    "minutes_circulated": _l("Minutes circulated for review"),
    "minutes_comment_added": _l("Comment on the minutes added"),
    "minutes_comment_resolved": _l("Comment on the minutes resolved"),
    "minutes_approved": _l("Minutes approved"),
    "minutes_corrected": _l("Approved minutes corrected (new version)"),
    "action_created": _l("Action created"),
    "action_changed": _l("Action changed"),
    "action_updated": _l("Action progress recorded"),
    # invitations and the outbox (meetings)
    "meeting_invitations_sent": _l("Meeting invitations sent"),
    "meeting_update_sent": _l("Changed meeting sent to the invitees"),
    "meeting_cancellation_sent": _l("Meeting cancellation sent to the invitees"),
    "invitation_reply_recorded": _l("Reply to a meeting invitation recorded"),
    "outbox_retried": _l("Unsent e-mails retried"),
    "minutes_downloaded": _l("Minutes downloaded as a Word document"),
    "meeting_document_added": _l("Meeting document added"),
    "meeting_document_removed": _l("Meeting document removed"),
    "meeting_document_downloaded": _l("Meeting document downloaded"),
    "meeting_pack_downloaded": _l("Meeting pack downloaded"),
    "meeting_pack_sent": _l("Meeting pack sent to the member institutions"),
    "signed_minutes_added": _l("Signed scan of the minutes added"),
    "signed_minutes_downloaded": _l("Signed scan of the minutes downloaded"),
    # cases (need to know: every view, export and change of a case)
    "case_registered": _l("Case registered"),
    "case_updated": _l("Case changed"),
    "case_closed": _l("Case closed"),
    "case_reopened": _l("Case reopened"),
    "case_viewed": _l("Case viewed"),
    "case_exported": _l("Case extract downloaded"),
    "case_institution_involved": _l("Institution involved in the case"),
    "case_institution_updated": _l("Services of an involved institution changed"),
    "case_institution_withdrawn": _l("Institution no longer involved in the case"),
    "case_discussed": _l("Case discussion recorded"),
    "case_discussion_updated": _l("Case discussion corrected"),
    "case_follow_up_assigned": _l("Case action assigned"),
    "case_incident_recorded": _l("New incident recorded"),
    "case_transfer_requested": _l("Case transfer asked for"),
    "case_transfer_accepted": _l("Case transfer accepted"),
    "case_transfer_declined": _l("Case transfer declined"),
    "case_received": _l("Case received by transfer"),
    "case_exceptional_access_granted": _l("Administrator's exceptional access to a case"),
    "case_purged": _l("Case text removed after the retention period"),
    # action plans
    "strategy_imported": _l("National strategy imported"),
    "plan_created": _l("Local action plan created"),
    "plan_updated": _l("Local action plan changed"),
    "plan_adopted": _l("Local action plan adopted"),
    "plan_revision_started": _l("Revision of a local action plan started"),
    "plan_objective_saved": _l("Objective of a local action plan saved"),
    "plan_activity_saved": _l("Activity of a local action plan saved"),
    # action plans: documents
    "plan_report_downloaded": _l("Annual progress report downloaded as a Word document"),
    # action plans: progress
    "plan_indicator_value_recorded": _l("Indicator value of a plan activity recorded"),
}


def action_label(action: str) -> str:
    """What an audit entry's action means, in the user's language."""
    label = AUDIT_ACTION_LABELS.get(action)
    # Never the code itself: tests/core/test_history_words.py keeps every code labelled.
    return str(label) if label is not None else str(_l("Change recorded"))


MOU_STATUS_LABELS = {
    "invited": _l("Invited"),
    "agreed_in_principle": _l("Agreed in principle"),
    "collecting_signatures": _l("Signatures being collected"),
    "signed": _l("Signed"),
    "withdrawn": _l("Withdrawn"),
    "renewal_due": _l("Expired or due for renewal"),
}


def mou_label(status: object) -> str:
    """The MoU step in the user's language."""
    return _label(MOU_STATUS_LABELS, status)


# -- minutes and actions (meetings) ---------------------------------------------------------------

MINUTES_STATUS_LABELS = {
    "draft": _l("Draft"),
    "circulated": _l("Circulated for review"),
    "approved": _l("Approved"),
}

ACTION_STATUS_LABELS = {
    "open": _l("Open"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
    "overdue": _l("Overdue"),  # derived: open or in progress past the due date
}

NOT_DONE_REASON_LABELS = {
    "circumstances_changed": _l("Circumstances changed"),
    "not_undertaken": _l("Not undertaken"),
    "waiting_on_other": _l("Waiting on another institution"),
}


def minutes_status_label(status: object) -> str:
    """The minutes' stage in the user's language."""
    return _label(MINUTES_STATUS_LABELS, status)


def action_status_label(status: object) -> str:
    """An action's status (or "overdue") in the user's language."""
    return _label(ACTION_STATUS_LABELS, status)


def not_done_reason_label(reason: object) -> str:
    """Why an action was not done by its date, in the user's language."""
    return _label(NOT_DONE_REASON_LABELS, reason)


# -- meetings: planning, agenda, attendance, ad hoc requests --------------------------------------

MEETING_KIND_LABELS = {"regular": _l("Regular meeting"), "ad_hoc": _l("Ad hoc meeting")}

MEETING_STATUS_LABELS = {
    "planned": _l("Planned"),
    "invited": _l("Invitations sent"),
    "held": _l("Held"),
    "cancelled": _l("Cancelled"),
}

URGENCY_LABELS = {
    "routine": _l("Routine"),
    "urgent": _l("Urgent (within days)"),
    "immediate": _l("Immediate (high risk)"),
}

REQUEST_STATUS_LABELS = {
    "pending": _l("Waiting for the coordinator"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}

AGENDA_ITEM_KIND_LABELS = {
    "confidentiality": _l("Confidentiality statement"),
    "previous_minutes": _l("Approval of the previous minutes"),
    "follow_up": _l("Follow-up of open actions"),
    "topic": _l("Topic"),
    "cases": _l("Case discussions"),
    "other_business": _l("Any other business"),
}

PRESENCE_LABELS = {"present": _l("Present"), "absent": _l("Absent"), "excused": _l("Excused")}

REPLY_LABELS = {
    "none": _l("No reply yet"),
    "attending": _l("Attending"),
    "not_attending": _l("Not attending"),
    "deputy_attending": _l("Deputy attending"),
}

QUARTER_STATE_LABELS = {"held": _l("Held"), "planned": _l("Planned"), "missing": _l("Missing")}


def meeting_kind_label(kind: object) -> str:
    """Regular or ad hoc, in the user's language."""
    return _label(MEETING_KIND_LABELS, kind)


def meeting_status_label(status: object) -> str:
    """A meeting's status in the user's language."""
    return _label(MEETING_STATUS_LABELS, status)


def urgency_label(urgency: object) -> str:
    """How urgent an ad hoc request is, in the user's language."""
    return _label(URGENCY_LABELS, urgency)


def request_status_label(status: object) -> str:
    """Where an ad hoc request stands, in the user's language."""
    return _label(REQUEST_STATUS_LABELS, status)


def agenda_kind_label(kind: object) -> str:
    """What kind of agenda item this is, in the user's language."""
    return _label(AGENDA_ITEM_KIND_LABELS, kind)


def presence_label(presence: object) -> str:
    """Present, absent or excused, in the user's language."""
    return _label(PRESENCE_LABELS, presence)


def reply_label(reply: object) -> str:
    """An institution's reply to an invitation, in the user's language."""
    return _label(REPLY_LABELS, reply)


def quarter_state_label(state: object) -> str:
    """Whether a quarter's regular meeting was held, is planned or is missing."""
    return _label(QUARTER_STATE_LABELS, state)


# -- the outbox (meetings' e-mails) ----------------------------------------------------------------

OUTBOX_STATUS_LABELS = {
    "pending": _l("Waiting to be sent"),
    "sent": _l("Sent"),
    "failed": _l("Failed, will be retried"),
    "held": _l("Kept for the recipient's daily digest"),
    "inbox_only": _l("Not e-mailed: the recipient reads it in mcm"),
}

# Other kinds show as they are stored; add a label here with each new kind of e-mail.
OUTBOX_KIND_LABELS = {
    "invitation": _l("Invitation"),
    "update": _l("Changed meeting"),
    "cancellation": _l("Cancellation"),
    "pack": _l("Meeting pack"),
    "invitation_reminder": _l("Reminder to reply"),
    "quarter_unplanned": _l("No regular meeting planned"),
    "minutes_late": _l("Minutes not circulated"),
    "overdue_actions": _l("Overdue actions"),
    "minutes_circulated": _l("Minutes for review"),
    "ad_hoc_decision": _l("Decision on an ad hoc meeting request"),
    "mou_renewal": _l("MoUs due for renewal"),
    "password_reset": _l("Password reset link"),
    "account_invitation": _l("Account invitation"),
    "security_notice": _l("Security notice about an account"),
    "ad_hoc_urgent": _l("Urgent ad hoc meeting request"),
    "digest": _l("Daily digest"),
}


def outbox_status_label(status: object) -> str:
    """Where an outgoing e-mail stands, in the user's language."""
    return _label(OUTBOX_STATUS_LABELS, status)


def outbox_kind_label(kind: object) -> str:
    """What an outgoing e-mail is about, in the user's language."""
    label = OUTBOX_KIND_LABELS.get(str(kind))
    return str(label) if label is not None else str(kind)
