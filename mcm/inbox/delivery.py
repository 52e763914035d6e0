"""How each message reaches its recipient: the outbox asks here whose inbox a message belongs to
and whether she wants it at once, in her daily digest, or not by e-mail; users change it here."""

from __future__ import annotations

from sqlalchemy import func, select

from mcm.accounts.models import User
from mcm.core import audit, outbox_service
from mcm.core.outbox import Delivery
from mcm.extensions import db
from mcm.inbox.kinds import GROUP_OF, groups_for
from mcm.inbox.models import NotificationPreference


@outbox_service.find_recipients_with
def find_recipient(address: str, kind: str, user_id: int | None) -> tuple[int | None, Delivery]:
    """The account a message goes to (given, or the one with the address) and her choice."""
    if user_id is None:
        user_id = db.session.scalar(
            select(User.id).where(func.lower(User.email) == address.lower())
        )
    group = GROUP_OF.get(kind)
    if user_id is None or group is None:  # no account, or a kind that always goes at once
        return user_id, Delivery.NOW
    chosen = db.session.scalar(
        select(NotificationPreference.delivery).where(
            NotificationPreference.user_id == user_id, NotificationPreference.kind == group
        )
    )
    return user_id, chosen or Delivery.NOW


def preferences_of(user: User) -> dict[str, Delivery]:
    """The user's choice for each group offered to her (at once where she chose nothing)."""
    rows = db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery).where(
            NotificationPreference.user_id == user.id
        )
    )
    stored = {kind: chosen for kind, chosen in rows}
    return {group.key: stored.get(group.key, Delivery.NOW) for group in groups_for(user.role)}


def set_preferences(user: User, chosen: dict[str, Delivery]) -> int:
    """Store the user's choices for the groups offered to her; returns how many changed."""
    offered = {group.key for group in groups_for(user.role)}
    rows = {
        row.kind: row
        for row in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    changed = {}
    for key, delivery in chosen.items():
        if key not in offered:
            continue
        row = rows.get(key)
        if row is None:
            if delivery is Delivery.NOW:
                continue
            db.session.add(NotificationPreference(user_id=user.id, kind=key, delivery=delivery))
        elif row.delivery is delivery:
            continue
        else:
            row.delivery = delivery
        changed[key] = delivery.value
    if changed:
        db.session.flush()
        audit.record("notification_preferences_changed", obj=user, **changed)
    return len(changed)
