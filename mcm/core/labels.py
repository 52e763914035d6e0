"""The words users see for the domain's enumerations, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
    return str(ROLE_LABELS[str(getattr(role, "value", role))])


def status_label(status: object) -> str:
    """The mechanism status in the user's language."""
    return str(MECHANISM_STATUS_LABELS[str(getattr(status, "value", status))])


AUDIT_ACTION_LABELS = {
    "login": _l("Signed in"),
    "login_failed": _l("Failed sign-in"),
    "login_throttled": _l("Sign-in refused: too many failures"),
    "logout": _l("Signed out"),
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
}


def action_label(action: str) -> str:
    """What an audit entry's action means, in the user's language."""
    label = AUDIT_ACTION_LABELS.get(action)
    return str(label) if label is not None else action


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
    return str(MOU_STATUS_LABELS[str(getattr(status, "value", status))])
