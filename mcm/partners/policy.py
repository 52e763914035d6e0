"""Who reads and records which partnership: the partner organisations' access decisions."""

from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import Select, false, select

from mcm.accounts.models import Role
from mcm.extensions import db
from mcm.partners.models import PartnerMember, Partnership


def partner_organisation_id(user: Any) -> int | None:
    """The partner organisation an observer works for; None for the ministry and other roles."""
    if not user.is_authenticated or user.role is not Role.OBSERVER:
        return None
    cache = g.setdefault("partner_organisation_ids", {})
    if user.id not in cache:
        cache[user.id] = db.session.scalar(
            select(PartnerMember.organisation_id).where(PartnerMember.user_id == user.id)
        )
    return cache[user.id]


def can_view_partnership(user: Any, partnership: Any) -> bool:
    """Administrators and observers without an organisation (the ministry) read every
    partnership; an organisation's observers read their own organisation's only."""
    if not user.is_authenticated:
        return False
    if user.role is Role.ADMINISTRATOR:
        return True
    if user.role is not Role.OBSERVER:
        return False
    organisation_id = partner_organisation_id(user)
    return organisation_id is None or organisation_id == partnership.organisation_id


def can_edit_partnership(user: Any, partnership: Any) -> bool:
    """Only observers of the partnership's own organisation record its steps and activities."""
    organisation_id = partner_organisation_id(user)
    return organisation_id is not None and organisation_id == partnership.organisation_id


def visible_partnerships(user: Any) -> Select[Any]:
    """A query of the partnerships whose pipeline the user may read."""
    stmt = select(Partnership)
    if not user.is_authenticated or user.role not in (Role.OBSERVER, Role.ADMINISTRATOR):
        return stmt.where(false())
    organisation_id = partner_organisation_id(user)
    if organisation_id is None:
        return stmt
    return stmt.where(Partnership.organisation_id == organisation_id)
