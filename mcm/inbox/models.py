"""A user's choice of how one kind of e-mail reaches her; no row means at once."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mcm.core.db import enum_column
from mcm.core.outbox import Delivery
from mcm.extensions import db


class NotificationPreference(db.Model):
    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # a group of kinds.GROUPS, not an outbox kind
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery, 10))
