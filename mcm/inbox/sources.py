"""What waits for a user, as queries over the records themselves: one select per kind of entry,
scoped to the mechanisms and institutions where the user may act. The page reads them; the
navigation counts them, all in one statement. Nothing is copied, so nothing drifts: an entry
leaves the moment the record says it is done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, func, or_, select

from mcm.accounts.models import Role
from mcm.cases.models import CaseTransfer, TransferStatus
from mcm.core.outbox import OutboxMessage
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


def _ids(name: str) -> Any:
    return bindparam(name, expanding=True)


def params(scope: Scope) -> dict[str, Any]:
    """The values the statements below are run with: built once per shape and cached, a page's
    count costs the database round trip, not the building of the query."""
    return {
        "managed": scope.managed,
        "reviewing_mechanisms": list(scope.reviewing),
        "reviewing_institutions": list(scope.reviewing.values()),
        "responsible": scope.responsible,
        "now": scope.now,
        "actions_until": scope.today + ACTIONS_AHEAD,
        "renewal_until": scope.today + RENEWAL_NOTICE,
        "today_starts": local_midnight(scope.today),
        "late_since": local_midnight(scope.today - MINUTES_ALERT_WINDOW),
        "late_until": local_midnight(latest_day_minutes_are_late(scope.today) + timedelta(days=1)),
    }


def minutes_to_review() -> Select[Any]:
    """Circulated minutes of a member's mechanisms on which her institution has not commented
    (an institution sits in one mechanism, so any of hers is the one of those minutes)."""
    return (
        select(Minutes, Meeting)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(
            Minutes.status == MinutesStatus.CIRCULATED,
            Meeting.mechanism_id.in_(_ids("reviewing_mechanisms")),
            ~exists().where(
                MinutesComment.minutes_id == Minutes.id,
                MinutesComment.institution_id.in_(_ids("reviewing_institutions")),
            ),
        )
        .order_by(Minutes.review_until, Meeting.starts_at)
    )


def comments_to_resolve() -> Select[Any]:
    """Per circulated minutes of the coordinator's mechanisms: how many comments are open."""
    return (
        select(Meeting, func.count(MinutesComment.id).label("open"))
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .join(MinutesComment, MinutesComment.minutes_id == Minutes.id)
        .where(
            Meeting.mechanism_id.in_(_ids("managed")),
            Minutes.status == MinutesStatus.CIRCULATED,
            MinutesComment.resolved_at.is_(None),
        )
        .group_by(Meeting.id)
        .order_by(Meeting.starts_at)
    )


def invitations_unanswered() -> Select[Any]:
    """Invitations to meetings still ahead that the member's institution has not answered."""
    return (
        select(Invitation, Meeting)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .where(
            Invitation.institution_id.in_(_ids("reviewing_institutions")),
            Invitation.sent_at.is_not(None),
            Invitation.reply == Reply.NONE,
            Meeting.status == MeetingStatus.INVITED,
            Meeting.starts_at > bindparam("now"),
        )
        .order_by(Meeting.starts_at)
    )


def ad_hoc_to_decide() -> Select[Any]:
    """Requests for an ad hoc meeting waiting for the coordinator's decision."""
    return (
        select(AdHocRequest, Institution)
        .join(Institution, Institution.id == AdHocRequest.institution_id)
        .where(
            AdHocRequest.mechanism_id.in_(_ids("managed")),
            AdHocRequest.status == RequestStatus.PENDING,
        )
        .order_by(AdHocRequest.created_at)
    )


def transfers_to_accept() -> Select[Any]:
    """Cases another mechanism hands to the coordinator's mechanism."""
    return (
        select(CaseTransfer)
        .where(
            CaseTransfer.to_mechanism_id.in_(_ids("managed")),
            CaseTransfer.status == TransferStatus.PENDING,
        )
        .order_by(CaseTransfer.requested_at)
    )


def actions_due() -> Select[Any]:
    """Open actions of the user's institutions, overdue or due within 14 days."""
    return (
        select(Action, Meeting)
        .join(Meeting, Meeting.id == Action.meeting_id)
        .where(
            Action.responsible_institution_id.in_(_ids("responsible")),
            Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)),
            Action.due_on <= bindparam("actions_until"),
        )
        .order_by(Action.due_on, Action.id)
    )


def mous_due() -> Select[Any]:
    """Current members whose MoU is marked for renewal, or whose signed MoU's renewal date
    falls within 60 days or has passed."""
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
            Institution.mechanism_id.in_(_ids("managed")),
            Institution.left_on.is_(None),
            or_(
                current.c.status == MouStatus.RENEWAL_DUE,
                and_(
                    current.c.status == MouStatus.SIGNED,
                    latest_signing <= bindparam("renewal_until"),
                ),
            ),
        )
        .order_by(latest_signing, Institution.name)
    )


def meetings_not_held() -> Select[Any]:
    """Meetings whose day has passed that are neither marked as held nor cancelled."""
    return (
        select(Meeting)
        .where(
            Meeting.mechanism_id.in_(_ids("managed")),
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.INVITED)),
            Meeting.starts_at < bindparam("today_starts"),
        )
        .order_by(Meeting.starts_at)
    )


def minutes_not_circulated() -> Select[Any]:
    """Held meetings whose minutes are not circulated 3 working days later (the last 30 days'
    meetings, as the coordinators' reminder: older ones are history)."""
    return (
        select(Meeting)
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .where(
            Meeting.mechanism_id.in_(_ids("managed")),
            Meeting.status == MeetingStatus.HELD,
            Meeting.starts_at >= bindparam("late_since"),
            Meeting.starts_at < bindparam("late_until"),
            or_(Minutes.id.is_(None), Minutes.status == MinutesStatus.DRAFT),
        )
        .order_by(Meeting.starts_at)
    )


# In the order the page shows them (what others wait on first), with the part of the scope
# each needs: a user without it has nothing of that kind.
SOURCES: dict[str, tuple[Callable[[], Select[Any]], str]] = {
    "ad_hoc": (ad_hoc_to_decide, "managed"),
    "transfers": (transfers_to_accept, "managed"),
    "minutes_review": (minutes_to_review, "reviewing"),
    "invitations": (invitations_unanswered, "reviewing"),
    "comments": (comments_to_resolve, "managed"),
    "actions": (actions_due, "responsible"),
    "minutes_late": (minutes_not_circulated, "managed"),
    "not_held": (meetings_not_held, "managed"),
    "mous": (mous_due, "managed"),
}


def kinds_for(scope: Scope) -> tuple[str, ...]:
    """The kinds of entry the user can have at all."""
    return tuple(name for name, (_, needs) in SOURCES.items() if getattr(scope, needs))


@lru_cache(maxsize=64)
def statement(name: str) -> Select[Any]:
    """One kind's query, built once."""
    return SOURCES[name][0]()


@lru_cache(maxsize=64)
def count_statement(names: tuple[str, ...]) -> Any:
    """One statement counting these kinds of entry and the user's unread e-mails at once (one
    round trip however many mechanisms and kinds), built once per combination."""
    unread = select(OutboxMessage.id).where(
        OutboxMessage.recipient_user_id == bindparam("user_id"), OutboxMessage.read_at.is_(None)
    )
    return select(*(_counted(statement(name)) for name in names), _counted(unread))


def _counted(stmt: Select[Any]) -> Any:
    return select(func.count()).select_from(stmt.order_by(None).subquery()).scalar_subquery()
