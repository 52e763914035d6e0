"""What waits for a user, as queries over the records themselves: one select per kind of entry,
scoped to the mechanisms and institutions where the user may act. The page reads them; the
navigation counts them, all in one statement. Nothing is copied, so nothing drifts: an entry
leaves the moment the record says it is done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, exists, false, func, or_, select

from mcm.accounts.models import Role
from mcm.cases.models import CaseTransfer, TransferStatus
from mcm.mechanisms.models import Institution, MouEvent, MouStatus
from mcm.mechanisms.policy import coordinates, member_institution_id
from mcm.mechanisms.services import latest_mou_events
from mcm.mechanisms.tasks import RENEWAL_NOTICE
from mcm.meetings.models import (
    Action,
    ActionStatus,
    AdHocRequest,
    Invitation,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
    Reply,
    RequestStatus,
)
from mcm.meetings.planning.dates import zone
from mcm.meetings.reminders.services import (
    MINUTES_ALERT_WINDOW,
    MINUTES_DUE_WORKING_DAYS,
    add_working_days,
)

ACTIONS_AHEAD = timedelta(days=14)  # actions due within two weeks, and every overdue one


@dataclass
class Scope:
    """Where the user may act, decided by the features' policies: the mechanisms she
    coordinates, and the institution she sits for in each mechanism."""

    managed: list[int] = field(default_factory=list)
    reviewing: dict[int, int] = field(default_factory=dict)  # mechanism id -> her institution
    responsible: list[int] = field(default_factory=list)  # institutions whose actions are hers
    today: date = field(default_factory=date.today)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


def scope_of(user: Any, today: date, now: datetime) -> Scope:
    """The user's scope; observers and administrators have none (no mechanism seat)."""
    scope = Scope(today=today, now=now)
    if not user.is_authenticated or user.role not in (Role.COORDINATOR, Role.MEMBER):
        return scope
    for membership in user.memberships:
        if coordinates(user, membership.mechanism_id):
            scope.managed.append(membership.mechanism_id)
        institution_id = member_institution_id(user, membership.mechanism_id)
        if institution_id is not None:
            scope.reviewing[membership.mechanism_id] = institution_id
        if membership.institution_id is not None:
            scope.responsible.append(membership.institution_id)
    return scope


def local_midnight(day: date) -> datetime:
    """The start of a local day, in UTC, to compare with stored timestamps."""
    return datetime.combine(day, time.min, tzinfo=zone()).astimezone(UTC)


def latest_day_minutes_are_late(today: date) -> date:
    """The last meeting day whose minutes are due by today (3 working days later)."""
    day = today
    while add_working_days(day, MINUTES_DUE_WORKING_DAYS) > today:
        day -= timedelta(days=1)
    return day


def minutes_to_review(scope: Scope) -> Select[Any] | None:
    """Circulated minutes of a member's mechanisms on which her institution has not commented."""
    if not scope.reviewing:
        return None
    seats = [
        and_(
            Meeting.mechanism_id == mechanism_id,
            ~exists().where(
                MinutesComment.minutes_id == Minutes.id,
                MinutesComment.institution_id == institution_id,
            ),
        )
        for mechanism_id, institution_id in scope.reviewing.items()
    ]
    return (
        select(Minutes, Meeting)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Minutes.status == MinutesStatus.CIRCULATED, or_(*seats))
        .order_by(Minutes.review_until, Meeting.starts_at)
    )


def comments_to_resolve(scope: Scope) -> Select[Any] | None:
    """Per circulated minutes of the coordinator's mechanisms: how many comments are open."""
    if not scope.managed:
        return None
    return (
        select(Meeting, func.count(MinutesComment.id).label("open"))
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .join(MinutesComment, MinutesComment.minutes_id == Minutes.id)
        .where(
            Meeting.mechanism_id.in_(scope.managed),
            Minutes.status == MinutesStatus.CIRCULATED,
            MinutesComment.resolved_at.is_(None),
        )
        .group_by(Meeting.id)
        .order_by(Meeting.starts_at)
    )


def invitations_unanswered(scope: Scope) -> Select[Any] | None:
    """Invitations to meetings still ahead that the member's institution has not answered."""
    if not scope.reviewing:
        return None
    return (
        select(Invitation, Meeting)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .where(
            Invitation.institution_id.in_(list(scope.reviewing.values())),
            Invitation.sent_at.is_not(None),
            Invitation.reply == Reply.NONE,
            Meeting.status == MeetingStatus.INVITED,
            Meeting.starts_at > scope.now,
        )
        .order_by(Meeting.starts_at)
    )


def ad_hoc_to_decide(scope: Scope) -> Select[Any] | None:
    """Requests for an ad hoc meeting waiting for the coordinator's decision."""
    if not scope.managed:
        return None
    return (
        select(AdHocRequest, Institution)
        .join(Institution, Institution.id == AdHocRequest.institution_id)
        .where(
            AdHocRequest.mechanism_id.in_(scope.managed),
            AdHocRequest.status == RequestStatus.PENDING,
        )
        .order_by(AdHocRequest.created_at)
    )


def transfers_to_accept(scope: Scope) -> Select[Any] | None:
    """Cases another mechanism hands to the coordinator's mechanism."""
    if not scope.managed:
        return None
    return (
        select(CaseTransfer)
        .where(
            CaseTransfer.to_mechanism_id.in_(scope.managed),
            CaseTransfer.status == TransferStatus.PENDING,
        )
        .order_by(CaseTransfer.requested_at)
    )


def actions_due(scope: Scope) -> Select[Any] | None:
    """Open actions of the user's institutions, overdue or due within 14 days."""
    if not scope.responsible:
        return None
    return (
        select(Action, Meeting)
        .join(Meeting, Meeting.id == Action.meeting_id)
        .where(
            Action.responsible_institution_id.in_(scope.responsible),
            Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)),
            Action.due_on <= scope.today + ACTIONS_AHEAD,
        )
        .order_by(Action.due_on, Action.id)
    )


def mous_due(scope: Scope) -> Select[Any] | None:
    """Current members whose MoU is marked for renewal, or whose signed MoU's renewal date
    falls within 60 days or has passed."""
    if not scope.managed:
        return None
    current = latest_mou_events().subquery()
    latest_signing = (
        select(func.max(MouEvent.renewal_on))
        .where(MouEvent.institution_id == Institution.id, MouEvent.status == MouStatus.SIGNED)
        .scalar_subquery()
    )
    return (
        select(Institution, current.c.status, latest_signing.label("renewal_on"))
        .join(current, current.c.institution_id == Institution.id)
        .where(
            Institution.mechanism_id.in_(scope.managed),
            Institution.left_on.is_(None),
            or_(
                current.c.status == MouStatus.RENEWAL_DUE,
                and_(
                    current.c.status == MouStatus.SIGNED,
                    latest_signing <= scope.today + RENEWAL_NOTICE,
                ),
            ),
        )
        .order_by(latest_signing, Institution.name)
    )


def meetings_not_held(scope: Scope) -> Select[Any] | None:
    """Meetings whose day has passed that are neither marked as held nor cancelled."""
    if not scope.managed:
        return None
    return (
        select(Meeting)
        .where(
            Meeting.mechanism_id.in_(scope.managed),
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.INVITED)),
            Meeting.starts_at < local_midnight(scope.today),
        )
        .order_by(Meeting.starts_at)
    )


def minutes_not_circulated(scope: Scope) -> Select[Any] | None:
    """Held meetings whose minutes are not circulated 3 working days later (the last 30 days'
    meetings, as the coordinators' reminder: older ones are history)."""
    if not scope.managed:
        return None
    last_day = latest_day_minutes_are_late(scope.today)
    return (
        select(Meeting)
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .where(
            Meeting.mechanism_id.in_(scope.managed),
            Meeting.status == MeetingStatus.HELD,
            Meeting.starts_at >= local_midnight(scope.today - MINUTES_ALERT_WINDOW),
            Meeting.starts_at < local_midnight(last_day + timedelta(days=1)),
            or_(Minutes.id.is_(None), Minutes.status == MinutesStatus.DRAFT),
        )
        .order_by(Meeting.starts_at)
    )


# In the order the page shows them: what others wait on first.
SOURCES: dict[str, Callable[[Scope], Select[Any] | None]] = {
    "ad_hoc": ad_hoc_to_decide,
    "transfers": transfers_to_accept,
    "minutes_review": minutes_to_review,
    "invitations": invitations_unanswered,
    "comments": comments_to_resolve,
    "actions": actions_due,
    "minutes_late": minutes_not_circulated,
    "not_held": meetings_not_held,
    "mous": mous_due,
}


def count_statement(scope: Scope, extra: dict[str, Select[Any]]) -> tuple[list[str], Any]:
    """One statement counting every kind of entry at once (a fixed number of round trips,
    however many mechanisms and kinds), with `extra` counts (unread mail) beside them."""
    names, columns = [], []
    for name, source in SOURCES.items():
        stmt = source(scope)
        if stmt is not None:
            names.append(name)
            columns.append(_counted(stmt))
    for name, stmt in extra.items():
        names.append(name)
        columns.append(_counted(stmt))
    return names, select(*columns) if columns else select(false())


def _counted(stmt: Select[Any]) -> Any:
    return select(func.count()).select_from(stmt.order_by(None).subquery()).scalar_subquery()
