"""The kinds of e-mail a user chooses for, grouped as she thinks of them, and those she may not
switch off (sign-in links, security notices, urgent requests, the digest itself)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from mcm.accounts.models import Role

WORKSPACE = (Role.COORDINATOR, Role.MEMBER)


@dataclass(frozen=True)
class Group:
    key: str
    label: object  # a lazy string
    outbox_kinds: tuple[str, ...]
    roles: tuple[Role, ...]


GROUPS = (
    Group(
        "meetings",
        _l("Meeting invitations, changes, cancellations and reminders to reply"),
        ("invitation", "update", "cancellation", "invitation_reminder"),
        WORKSPACE,
    ),
    Group("minutes", _l("Minutes circulated for review"), ("minutes_circulated",), WORKSPACE),
    Group(
        "ad_hoc",
        _l("Decisions on ad hoc meeting requests"),
        ("ad_hoc_decision",),
        WORKSPACE,
    ),
    Group("actions", _l("Overdue actions, each Monday"), ("overdue_actions",), WORKSPACE),
    Group(
        "planning",
        _l("Reminders to the coordinator: minutes not circulated, a quarter without a meeting"),
        ("minutes_late", "quarter_unplanned"),
        (Role.COORDINATOR,),
    ),
    Group("mou", _l("MoUs due for renewal"), ("mou_renewal",), (Role.COORDINATOR,)),
    Group(
        "plans",
        _l("Local action plan activities to follow up"),
        ("plan_reminder",),
        (Role.COORDINATOR,),
    ),
)
# Always e-mailed at once: a user may not miss these (shown on the preferences page as such).
ALWAYS_NOW = ("password_reset", "account_invitation", "security_notice", "ad_hoc_urgent", "digest")
GROUP_OF = {kind: group.key for group in GROUPS for kind in group.outbox_kinds}
BY_KEY = {group.key: group for group in GROUPS}


def groups_for(role: Role) -> list[Group]:
    """The groups a user of this role receives, so the page offers only what applies to her."""
    return [group for group in GROUPS if role in group.roles]
