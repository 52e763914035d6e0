"""The mechanism's actions list: filtered by status, responsible institution, due date and linked
plan activity, sorted by a whitelisted column, one page at a time, and the rows of its export.
What a user may see is decided in the query (as services.visible_to decides for a list), so a
page of 25 is 25 actions she may see and the count is hers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from mcm.core.listing import Listing, choice, record_id
from mcm.mechanisms.models import Institution
from mcm.mechanisms.policy import coordinates, membership_in
from mcm.meetings.actions.services import PENDING, under_case_item
from mcm.meetings.models import Action, ActionStatus, Meeting

STATUSES = ("pending", "overdue", *(s.value for s in ActionStatus), "all")
DEFAULT_STATUS = "pending"
DUE = {"past": None, "next14": 14, "next30": 30, "later": 30}
LINKS = ("linked", "unlinked")
SORTS = {
    "due": Action.due_on,
    "title": Action.title,
    "institution": Institution.name,
    "status": Action.status,
    "meeting": Meeting.starts_at,
}
DEFAULT_SORT = "due"


@dataclass(frozen=True)
class ActionFilters:
    status: str
    institution: int | None
    due: str
    activity: str  # "linked", "unlinked" or an activity's id

    @classmethod
    def read(cls, args: Any) -> ActionFilters:
        """The filters of a request; anything that is not a choice is no filter."""
        # The old "show=all" links still mean every action.
        default = "all" if args.get("show") == "all" else DEFAULT_STATUS
        activity = args.get("activity", "")
        if activity not in LINKS:
            found = record_id(activity)
            activity = str(found) if found else ""
        return cls(
            choice(args.get("status"), STATUSES) or default,
            record_id(args.get("institution")),
            choice(args.get("due"), DUE),
            activity,
        )

    def as_args(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "institution": self.institution,
            "due": self.due,
            "activity": self.activity,
        }


def listing_of(endpoint: str, filters: ActionFilters) -> Listing:
    return Listing.read(endpoint, filters.as_args(), SORTS, DEFAULT_SORT)


def actions_stmt(
    user: Any,
    mechanism: Any,
    filters: ActionFilters,
    listing: Listing,
    today: date,
    *,
    without_cases: bool = False,
) -> Select[Any]:
    """The mechanism's actions the user may see, as the filters and sort say.
    without_cases leaves out every action of the restricted minutes (for exports)."""
    stmt = (
        select(Action)
        .join(Institution, Institution.id == Action.responsible_institution_id)
        .join(Meeting, Meeting.id == Action.meeting_id)
        .options(
            joinedload(Action.responsible_institution),
            joinedload(Action.meeting).joinedload(Meeting.mechanism),
        )
        .where(Action.mechanism_id == mechanism.id)
    )
    if without_cases:
        stmt = stmt.where(~under_case_item())
    elif not coordinates(user, mechanism.id):  # who reads the full minutes (meetings.policy)
        membership = membership_in(user, mechanism.id)
        own = membership.institution_id if membership else None
        stmt = stmt.where(~under_case_item() | (Action.responsible_institution_id == own))
    stmt = _status(stmt, filters.status, today)
    if filters.institution is not None:
        stmt = stmt.where(Action.responsible_institution_id == filters.institution)
    if filters.due == "past":
        stmt = stmt.where(Action.due_on < today)
    elif filters.due == "later":
        stmt = stmt.where(Action.due_on > today + timedelta(days=30))
    elif filters.due:
        stmt = stmt.where(Action.due_on.between(today, today + timedelta(days=DUE[filters.due])))
    if filters.activity == "linked":
        stmt = stmt.where(Action.lap_activity_id.is_not(None))
    elif filters.activity == "unlinked":
        stmt = stmt.where(Action.lap_activity_id.is_(None))
    elif filters.activity:
        stmt = stmt.where(Action.lap_activity_id == int(filters.activity))
    return stmt.order_by(*listing.order(SORTS, Action.id))


def _status(stmt: Select[Any], status: str, today: date) -> Select[Any]:
    if status == "pending":
        return stmt.where(Action.status.in_(PENDING))
    if status == "overdue":
        return stmt.where(Action.status.in_(PENDING), Action.due_on < today)
    if status == "all":
        return stmt
    return stmt.where(Action.status == status)
