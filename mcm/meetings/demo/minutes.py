"""Synthetic minutes and actions for the demo's held meetings: older minutes approved (one of
them corrected as version 2), the latest but one circulated with review comments, the latest a
draft; actions in every status, some overdue. Cases appear only by invented codes such as
PEJ-2026-003; no person, address or date of birth anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from mcm.accounts.models import Membership, Role, User
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.meetings.demo.minutes_text import (
    ACTIONS,
    CASE_ACTION,
    COMMENTS,
    CORRECTION,
    NOTES,
    RESOLUTION,
    TEXT,
)
from mcm.meetings.models import (
    Action,
    ActionProgress,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
    NotDoneReason,
)

K = AgendaItemKind

S = ActionStatus
# (status, due in days from the meeting, not-done reason) of each action a meeting decides;
# the open and in-progress ones of older meetings are overdue by now.
PLAN = [
    (S.DONE, 30, None),
    (S.IN_PROGRESS, 45, NotDoneReason.WAITING_ON_OTHER),
    (S.OPEN, 20, None),
    (S.DROPPED, 60, NotDoneReason.CIRCUMSTANCES_CHANGED),
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


def _people(mechanism_id: int) -> tuple[int | None, dict[int, int]]:
    """The coordinator's user id, and a member user id per institution."""
    coordinator, members = None, {}
    rows = db.session.execute(
        select(User.id, User.role, Membership.institution_id)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.mechanism_id == mechanism_id)
        .order_by(User.id)
    )
    for user_id, role, institution_id in rows:
        if role is Role.COORDINATOR and coordinator is None:
            coordinator = user_id
        elif role is Role.MEMBER and institution_id is not None:
            members.setdefault(institution_id, user_id)
    return coordinator, members


def _content(meeting: Meeting, items: list[AgendaItem], code: str) -> dict[str, Any]:
    language = meeting.language if meeting.language in TEXT else "en"
    content: dict[str, Any] = {}
    for number, item in enumerate(items, start=1):
        summary, decisions = TEXT[language][item.kind]
        case = f"{code}-{meeting.starts_at.year}-{number:03d}"
        content[str(item.id)] = {
            "summary": summary.format(code=case),
            "decisions": decisions.format(code=case),
        }
    return content


def _minutes(
    meeting: Meeting,
    items: list[AgendaItem],
    stage: MinutesStatus,
    next_meeting: Meeting | None,
    people: tuple[int | None, dict[int, int]],
    institutions: list[Institution],
) -> Minutes:
    coordinator = people[0]
    code = meeting.mechanism.code
    day = meeting.starts_at.date()
    minutes = Minutes(meeting_id=meeting.id, status=stage)
    db.session.add(minutes)
    db.session.flush()
    first = MinutesVersion(
        minutes_id=minutes.id,
        number=1,
        content=_content(meeting, items, code),
        created_by_id=coordinator,
        created_at=_at(day + timedelta(days=1)),
    )
    db.session.add(first)
    db.session.flush()
    minutes.current_version = first
    if stage is not MinutesStatus.DRAFT:
        minutes.circulated_at = _at(day + timedelta(days=2))
        minutes.review_until = day + timedelta(days=16)
    if stage is MinutesStatus.APPROVED:
        minutes.approved_by_id = coordinator
        if next_meeting is not None:
            minutes.approved_at_meeting_id = next_meeting.id
            minutes.approved_at = next_meeting.starts_at
        else:
            minutes.approved_at = _at(day + timedelta(days=17))
    if stage is MinutesStatus.CIRCULATED:
        _comments(meeting, minutes, items, institutions, people)
    db.session.flush()
    return minutes


def _comments(
    meeting: Meeting,
    minutes: Minutes,
    items: list[AgendaItem],
    institutions: list[Institution],
    people: tuple[int | None, dict[int, int]],
) -> None:
    """Two review comments from member institutions (those with a demo user first)."""
    coordinator, members = people
    language = meeting.language if meeting.language in COMMENTS else "en"
    topics = [i for i in items if i.kind is K.TOPIC] or [i for i in items if i.kind is not K.CASES]
    if not topics:
        return
    authors = sorted(institutions, key=lambda i: (i.id not in members, i.id))
    for index, body in enumerate(COMMENTS[language]):
        institution = authors[index % len(authors)]
        comment = MinutesComment(
            minutes_id=minutes.id,
            agenda_item_id=topics[index % len(topics)].id,
            author_id=members.get(institution.id),
            institution_id=institution.id,
            body=body,
            created_at=_at(meeting.starts_at.date() + timedelta(days=3 + index)),
        )
        if index == 0:  # one answered, one waiting for the coordinator
            comment.resolution = RESOLUTION[language]
            comment.resolved_at = _at(meeting.starts_at.date() + timedelta(days=5))
            comment.resolved_by_id = coordinator
        db.session.add(comment)


def _correct(minutes: Minutes, meeting: Meeting, coordinator: int | None) -> None:
    """Approved minutes corrected once: version 2 with its reason, version 1 kept."""
    language = meeting.language if meeting.language in CORRECTION else "en"
    content = {key: dict(value) for key, value in minutes.current_version.content.items()}
    for entry in content.values():
        if entry.get("decisions"):
            entry["decisions"] += " (" + CORRECTION[language] + ")"
            break
    second = MinutesVersion(
        minutes_id=minutes.id,
        number=2,
        content=content,
        reason=CORRECTION[language],
        created_by_id=coordinator,
        created_at=min(
            (minutes.approved_at or _at(meeting.starts_at.date())) + timedelta(days=7),
            datetime.now(UTC),
        ),
    )
    db.session.add(second)
    db.session.flush()
    minutes.current_version = second


def _actions(
    meeting: Meeting,
    items: list[AgendaItem],
    institutions: list[Institution],
    people: tuple[int | None, dict[int, int]],
    offset: int,
) -> int:
    """Actions decided at the meeting, in every status; those of older meetings run late."""
    language = meeting.language if meeting.language in ACTIONS else "en"
    topics = [i for i in items if i.kind is K.TOPIC] or items
    cases = [i for i in items if i.kind is K.CASES]
    day = meeting.starts_at.date()
    coordinator, members = people
    made = 0
    for index, (status, due_in, reason) in enumerate(PLAN):
        note = NOTES[language][index]
        institution = institutions[(offset + index) % len(institutions)]
        action = Action(
            mechanism_id=meeting.mechanism_id,
            meeting_id=meeting.id,
            agenda_item_id=topics[index % len(topics)].id,
            title=ACTIONS[language][index],
            responsible_institution_id=institution.id,
            due_on=day + timedelta(days=due_in),
            status=status,
            not_done_reason=reason,
            completed_on=day + timedelta(days=due_in - 5) if status is S.DONE else None,
            created_at=_at(day + timedelta(days=1)),
        )
        db.session.add(action)
        db.session.flush()
        if note:
            db.session.add(
                ActionProgress(
                    action_id=action.id,
                    author_id=members.get(institution.id, coordinator),
                    note=note,
                    status=status,
                    created_at=_at(min(day + timedelta(days=due_in - 5), date.today())),
                )
            )
        made += 1
    if cases:
        code = f"{meeting.mechanism.code}-{day.year}-{offset % 9 + 1:03d}"
        db.session.add(
            Action(
                mechanism_id=meeting.mechanism_id,
                meeting_id=meeting.id,
                agenda_item_id=cases[0].id,
                title=CASE_ACTION[language].format(code=code),
                responsible_institution_id=institutions[offset % len(institutions)].id,
                due_on=day + timedelta(days=7),
                status=S.IN_PROGRESS,
                created_at=_at(day + timedelta(days=1)),
            )
        )
        made += 1
    return made


def load_minutes_demo() -> Iterator[str]:
    """Write minutes and actions for the demo's held meetings that have none; yields a summary.
    Safe to run again: meetings that already have minutes or actions are left as they are."""
    meetings = list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.status == MeetingStatus.HELD)
            .order_by(Meeting.mechanism_id, Meeting.starts_at)
        )
    )
    if not meetings:
        yield "minutes: no held meetings in the demo yet, nothing to write"
        return
    by_mechanism: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_mechanism.setdefault(meeting.mechanism_id, []).append(meeting)
    written = actions = 0
    for mechanism_id, held in by_mechanism.items():
        people = _people(mechanism_id)
        institutions = list(
            db.session.scalars(
                select(Institution)
                .where(Institution.mechanism_id == mechanism_id, Institution.left_on.is_(None))
                .order_by(Institution.id)
            )
        )
        w, a = _mechanism(held, institutions, people)
        written, actions = written + w, actions + a
    db.session.commit()
    yield f"minutes: {written} minutes written, {actions} actions recorded"


def _stage(index: int, count: int) -> MinutesStatus:
    """The latest meeting's minutes are a draft, the one before circulated, older approved."""
    from_end = count - index
    if from_end == 1 and count >= 3:
        return MinutesStatus.DRAFT
    if from_end == 1 or (from_end == 2 and count >= 3):
        return MinutesStatus.CIRCULATED
    return MinutesStatus.APPROVED


def _mechanism(
    held: list[Meeting], institutions: list[Institution], people: tuple[int | None, dict[int, int]]
) -> tuple[int, int]:
    written = made = 0
    if not institutions:
        return 0, 0
    existing = set(
        db.session.scalars(
            select(Minutes.meeting_id).where(Minutes.meeting_id.in_([m.id for m in held]))
        )
    )
    with_actions = set(
        db.session.scalars(
            select(Action.meeting_id).where(Action.meeting_id.in_([m.id for m in held]))
        )
    )
    corrected = False
    for index, meeting in enumerate(held):
        items = list(
            db.session.scalars(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting.id)
                .order_by(AgendaItem.position)
            )
        )
        if not items:
            continue
        if meeting.id not in existing:
            stage = _stage(index, len(held))
            following = held[index + 1] if index + 1 < len(held) else None
            minutes = _minutes(meeting, items, stage, following, people, institutions)
            if stage is MinutesStatus.APPROVED and not corrected:
                _correct(minutes, meeting, people[0])
                corrected = True
            written += 1
        if meeting.id not in with_actions:
            made += _actions(meeting, items, institutions, people, index)
    return written, made
