"""Who finds which index row: the pages' access decisions, as a condition on the rows (so
the database filters before it ranks) and, for the rows shown, the features' own checks on
the records themselves."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select

from mcm.accounts.models import Role
from mcm.cases.models import CaseInstitution
from mcm.cases.policy import can_see_case
from mcm.mechanisms.policy import can_view_mechanism
from mcm.meetings.policy import can_see_action
from mcm.search.models import EntryAudience, EntryKind, SearchEntry


def findable(user: Any) -> ColumnElement[bool]:
    """The rows this user may find: her mechanisms' records open to every member; restricted
    actions to the coordinators and the responsible institution; a case to the coordinators
    and the institutions involved in it (need to know). Observers and administrators sit in
    no mechanism and find nothing there."""
    if not user.is_authenticated or user.role not in (Role.COORDINATOR, Role.MEMBER):
        return false()
    mechanisms = {m.mechanism_id for m in user.memberships}
    if not mechanisms:
        return false()
    coordinated = mechanisms if user.role is Role.COORDINATOR else set()
    institutions = (
        {m.institution_id for m in user.memberships if m.institution_id is not None}
        if user.role is Role.MEMBER
        else set()
    )
    involved = (
        select(CaseInstitution.id)
        .where(
            CaseInstitution.case_id == SearchEntry.record_id,
            CaseInstitution.institution_id.in_(institutions),
        )
        .exists()
    )
    return and_(
        SearchEntry.mechanism_id.in_(mechanisms),
        or_(
            SearchEntry.audience == EntryAudience.MECHANISM,
            SearchEntry.mechanism_id.in_(coordinated),
            and_(
                SearchEntry.audience == EntryAudience.RESTRICTED,
                SearchEntry.institution_id.in_(institutions),
            ),
            and_(SearchEntry.audience == EntryAudience.CASE, involved),
        ),
    )


def may_see(user: Any, kind: EntryKind, record: Any, mechanism: Any, restricted: bool) -> bool:
    """The page's own decision on the record found, asked again before it is shown."""
    if kind is EntryKind.CASE:
        return can_see_case(user, record)
    if not can_view_mechanism(user, mechanism):
        return False
    if kind is EntryKind.ACTION:
        return can_see_action(user, record, restricted)
    return True
