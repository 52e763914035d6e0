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
