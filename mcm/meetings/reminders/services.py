"""Reminders about meetings, all sent through the outbox: the reply to an invitation, a quarter
without a regular meeting, minutes not circulated in time, and each week's overdue actions."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mcm.accounts.models import Membership, Role, User
from mcm.core import outbox_service
from mcm.core.db import utcnow
from mcm.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, day_format
from mcm.core.scheduler import SentReminder, already_sent
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism, MechanismStatus
from mcm.meetings.invitations.services import current_addresses
from mcm.meetings.messages import (
    agenda_of,
    compose,
    in_language,
    languages_of,
    municipality_name,
    page_link,
)
from mcm.meetings.models import (
    Action,
    ActionStatus,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Reply,
)

MINUTES_DUE_WORKING_DAYS = 3  # the practice of multi-agency risk conferences
MINUTES_ALERT_WINDOW = timedelta(days=30)  # older meetings are history, not a reminder


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["MCM_TIMEZONE"])


def _local_midnight(day: date) -> datetime:
    """The start of a local day, in UTC, to compare with stored timestamps."""
    return datetime.combine(day, time.min, tzinfo=_zone()).astimezone(UTC)


def local_today() -> date:
    """Today in the installation's zone: the server's clock may run on UTC."""
    return utcnow().astimezone(_zone()).date()


def add_working_days(day: date, n: int) -> date:
    """The date n working days (Monday to Friday) after day."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def coordinators(mechanism_ids: set[int]) -> dict[int, list[tuple[str, str]]]:
    """Per mechanism, its active coordinators' (address, language)."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if not mechanism_ids:
        return found
    rows = db.session.execute(
        select(Membership.mechanism_id, User.email, User.language)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.mechanism_id.in_(mechanism_ids),
            User.role == Role.COORDINATOR,
            User.active,
        )
        .order_by(User.email)
    )
    for mechanism_id, email, language in rows:
        found[mechanism_id].append((email, language if language in LANGUAGES else DEFAULT_LANGUAGE))
    return found


def invitation_reminders(today: date, now: datetime | None = None) -> int:
    """Remind the representatives of institutions that have not replied, N days before."""
    now = now or utcnow()
    days = int(current_app.config.get("MCM_INVITATION_REMINDER_DAYS", 3))
    horizon = _local_midnight(today + timedelta(days=days + 1))
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .options(joinedload(Invitation.institution))
            .join(Meeting, Meeting.id == Invitation.meeting_id)
            .where(
                Meeting.status == MeetingStatus.INVITED,
                Meeting.starts_at > now,
                Meeting.starts_at < horizon,
                Invitation.reply == Reply.NONE,
                Invitation.reminded_at.is_(None),
                # Invited only yesterday: the invitation itself is still fresh.
                Invitation.sent_at <= now - timedelta(days=1),
            )
        )
    )
    if not invitations:
        return 0
    meetings = {
        meeting.id: meeting
        for meeting in db.session.scalars(
            select(Meeting).where(Meeting.id.in_({i.meeting_id for i in invitations}))
        )
    }
    addresses = current_addresses([invitation.institution for invitation in invitations], today)
    queued = 0
    for invitation in invitations:
        meeting = meetings[invitation.meeting_id]
        to = addresses.get(invitation.institution_id, [])
        agenda = agenda_of(meeting)
        for address, language in languages_of(to, meeting.language).items():
            subject, body = compose("reminder", meeting, agenda, language)
            outbox_service.queue(
                address,
                subject,
                body,
                kind="invitation_reminder",
                mechanism_id=meeting.mechanism_id,
                meeting_id=meeting.id,
            )
            queued += 1
        invitation.reminded_at = now
    db.session.commit()
    return queued


def quarter_of(day: date) -> tuple[date, date]:
    """The first day of the quarter and of the next one."""
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    end = date(start.year + 1, 1, 1) if start.month == 10 else date(start.year, start.month + 3, 1)
    return start, end


def unplanned_quarter_alerts(today: date) -> int:
    """Alert the coordinators when half the quarter has gone with no regular meeting in it."""
    start, end = quarter_of(today)
    if today < start + (end - start) / 2:
        return 0
    label = f"{start.year}Q{(start.month - 1) // 3 + 1}"
    planned = set(
        db.session.scalars(
            select(Meeting.mechanism_id).where(
                Meeting.kind == MeetingKind.REGULAR,
                Meeting.status != MeetingStatus.CANCELLED,
                Meeting.starts_at >= _local_midnight(start),
                Meeting.starts_at < _local_midnight(end),
            )
        )
    )
    mechanisms = [
        mechanism
        for mechanism in db.session.scalars(
            select(Mechanism).where(Mechanism.status != MechanismStatus.NOT_ESTABLISHED)
        )
        if mechanism.id not in planned
    ]
    keys = {m.id: f"quarter-unplanned:{m.id}:{label}" for m in mechanisms}
    done = already_sent(list(keys.values()))
    due = [m for m in mechanisms if keys[m.id] not in done]
    people = coordinators({m.id for m in due})
    queued = 0
    for mechanism in due:
        if not people[mechanism.id]:
            continue
        for address, language in people[mechanism.id]:
            with in_language(language):
                subject = _("No regular meeting planned this quarter")
                body = _(
                    "Half of the quarter (%(start)s to %(end)s) has gone and the coordination "
                    "mechanism of %(municipality)s has no regular meeting planned in it. The "
                    "mechanism meets at least four times a year: plan this quarter's meeting "
                    "in mcm:\n\n%(link)s",
                    start=day_format(start, "long"),
                    end=day_format(end - timedelta(days=1), "long"),
                    municipality=getattr(mechanism.municipality, f"name_{language}"),
                    link=page_link("meetings.index", mechanism.code),
                )
            outbox_service.queue(
                address, subject, body, kind="quarter_unplanned", mechanism_id=mechanism.id
            )
            queued += 1
        db.session.add(SentReminder(key=keys[mechanism.id]))
    db.session.commit()
    return queued


def late_minutes_alerts(today: date) -> int:
    """Alert the coordinator when a held meeting's minutes are not circulated 3 working days
    after it."""
    since = _local_midnight(today - MINUTES_ALERT_WINDOW)
    rows = db.session.execute(
        select(Meeting, Minutes.status)
        .options(joinedload(Meeting.mechanism))
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Meeting.status == MeetingStatus.HELD, Meeting.starts_at >= since)
        .order_by(Meeting.starts_at)
    ).all()
    late = [
        meeting
        for meeting, status in rows
        if (status is None or status is MinutesStatus.DRAFT)
        and add_working_days(meeting.starts_at.astimezone(_zone()).date(), MINUTES_DUE_WORKING_DAYS)
        <= today
    ]
    keys = {meeting.id: f"minutes-late:{meeting.id}" for meeting in late}
    done = already_sent(list(keys.values()))
    late = [meeting for meeting in late if keys[meeting.id] not in done]
    people = coordinators({meeting.mechanism_id for meeting in late})
    queued = 0
    for meeting in late:
        if not people[meeting.mechanism_id]:
            continue
        for address, language in people[meeting.mechanism_id]:
            with in_language(language):
                day = day_format(meeting.starts_at, "long")
                subject = _("Minutes not circulated: meeting of %(date)s", date=day)
                body = _(
                    "The meeting of %(date)s of the coordination mechanism of %(municipality)s "
                    "was held %(n)d working days ago and its minutes have not been circulated "
                    "to the member institutions yet. Write and circulate them in mcm:\n\n%(link)s",
                    date=day,
                    municipality=municipality_name(meeting, language),
                    n=MINUTES_DUE_WORKING_DAYS,
                    link=page_link(
                        "meetings.minutes", meeting.mechanism.code, meeting_id=meeting.id
                    ),
                )
            outbox_service.queue(
                address,
                subject,
                body,
                kind="minutes_late",
                mechanism_id=meeting.mechanism_id,
                meeting_id=meeting.id,
            )
            queued += 1
        db.session.add(SentReminder(key=keys[meeting.id]))
    db.session.commit()
    return queued


def overdue_action_digests(today: date) -> int:
    """Each week, tell each responsible institution's representatives its overdue actions."""
    actions = list(
        db.session.scalars(
            select(Action)
            .options(joinedload(Action.meeting), joinedload(Action.responsible_institution))
            .join(Institution, Institution.id == Action.responsible_institution_id)
            .where(
                Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)),
                Action.due_on < today,
                Institution.left_on.is_(None),
            )
            .order_by(Action.due_on, Action.id)
        )
    )
    by_institution: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        by_institution[action.responsible_institution_id].append(action)
    week = today.strftime("%G-W%V")
    keys = {i: f"overdue-actions:{i}:{week}" for i in by_institution}
    done = already_sent(list(keys.values()))
    institutions = [
        group[0].responsible_institution
        for i, group in by_institution.items()
        if keys[i] not in done
    ]
    addresses = current_addresses(institutions, today)
    mechanisms = {
        m.id: m
        for m in db.session.scalars(
            select(Mechanism).where(Mechanism.id.in_({i.mechanism_id for i in institutions}))
        )
    }
    queued = 0
    for institution in institutions:
        group = by_institution[institution.id]
        mechanism = mechanisms[institution.mechanism_id]
        for address, language in languages_of(addresses[institution.id], DEFAULT_LANGUAGE).items():
            with in_language(language):
                lines = "\n".join(
                    "- "
                    + _(
                        "%(title)s (due %(due)s, meeting of %(meeting)s)",
                        title=action.title,
                        due=day_format(action.due_on, "medium"),
                        meeting=day_format(action.meeting.starts_at, "medium"),
                    )
                    for action in group
                )
                subject = _("Overdue actions of %(institution)s", institution=institution.name)
                body = _(
                    "These actions the coordination mechanism gave %(institution)s are past "
                    "their due date:\n\n%(lines)s\n\nRecord their progress, or why they could "
                    "not be done, in mcm:\n\n%(link)s",
                    institution=institution.name,
                    lines=lines,
                    link=page_link("meetings.actions", mechanism.code),
                )
            outbox_service.queue(
                address, subject, body, kind="overdue_actions", mechanism_id=mechanism.id
            )
            queued += 1
        db.session.add(SentReminder(key=keys[institution.id]))
    db.session.commit()
    return queued
