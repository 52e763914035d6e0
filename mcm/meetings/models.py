"""Meetings, their agenda, invitations, attendance, minutes (with versions and comments) and
the actions decided. Approved minutes never change in place: a correction is a new version."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mcm.core.db import enum_column, utcnow
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism


class MeetingKind(enum.StrEnum):
    REGULAR = "regular"
    AD_HOC = "ad_hoc"


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"  # dates proposed, nobody invited yet
    INVITED = "invited"  # invitations sent
    HELD = "held"
    CANCELLED = "cancelled"


class Meeting(db.Model):
    __tablename__ = "meetings"
    # A mechanism's last meeting held, for the national overview: one index lookup each.
    __table_args__ = (
        Index("ix_meetings_mechanism_id_status_starts_at", "mechanism_id", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, 20))
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, 20), default=MeetingStatus.PLANNED
    )
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    # The language of the meeting's documents (invitation, minutes, attendance sheet).
    language: Mapped[str] = mapped_column(String(5), default="sq")
    notes: Mapped[str] = mapped_column(Text, default="")
    cancelled_reason: Mapped[str] = mapped_column(Text, default="")
    # iCalendar identity: the same UID with a growing SEQUENCE lets calendars follow changes.
    ics_uid: Mapped[str] = mapped_column(String(120), unique=True)
    ics_sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    mechanism: Mapped[Mechanism] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Urgency(enum.StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"  # within days
    IMMEDIATE = "immediate"  # high risk: as soon as possible


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class AdHocRequest(db.Model):
    """A member institution asks for an ad hoc meeting; the coordinator accepts or declines."""

    __tablename__ = "ad_hoc_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency, 20))
    proposed_dates: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO dates
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus, 20), default=RequestStatus.PENDING
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    institution: Mapped[Institution] = relationship()
    meeting: Mapped[Meeting | None] = relationship()


class AgendaItemKind(enum.StrEnum):
    CONFIDENTIALITY = "confidentiality"  # the statement read when cases are discussed
    PREVIOUS_MINUTES = "previous_minutes"  # approval of the previous meeting's minutes
    FOLLOW_UP = "follow_up"  # review of open actions, first
    TOPIC = "topic"  # an ordinary item
    CASES = "cases"  # case discussions: the restricted part of the minutes
    OTHER_BUSINESS = "other_business"


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int]
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind, 20))
    title: Mapped[str] = mapped_column(String(300))
    presenter_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    duration_minutes: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    presenter_institution: Mapped[Institution | None] = relationship()


class Reply(enum.StrEnum):
    NONE = "none"
    ATTENDING = "attending"
    NOT_ATTENDING = "not_attending"
    DEPUTY_ATTENDING = "deputy_attending"


class Invitation(db.Model):
    """A member institution's invitation to a meeting and its reply."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("meeting_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    sent_at: Mapped[datetime | None]
    reply: Mapped[Reply] = mapped_column(enum_column(Reply, 20), default=Reply.NONE)
    replied_at: Mapped[datetime | None]
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reminded_at: Mapped[datetime | None]

    institution: Mapped[Institution] = relationship()


class Presence(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class Attendance(db.Model):
    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    presence: Mapped[Presence] = mapped_column(enum_column(Presence, 20))
    represented_by: Mapped[str] = mapped_column(String(120), default="")
    arrived_late: Mapped[bool] = mapped_column(default=False)

    institution: Mapped[Institution] = relationship()


class ConfidentialityAcknowledgement(db.Model):
    """An attendee acknowledged the confidentiality statement before cases were opened."""

    __tablename__ = "confidentiality_acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    attendee_name: Mapped[str] = mapped_column(String(120))
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    institution: Mapped[Institution] = relationship()


class MinutesStatus(enum.StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"  # members comment per item
    APPROVED = "approved"  # locked: changes only as a new version with a reason


class Minutes(db.Model):
    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), unique=True)
    status: Mapped[MinutesStatus] = mapped_column(
        enum_column(MinutesStatus, 20), default=MinutesStatus.DRAFT
    )
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("minutes_versions.id", use_alter=True)
    )
    circulated_at: Mapped[datetime | None]
    review_until: Mapped[date | None]
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    # Why the minutes were approved before their review deadline had passed ("" if it had).
    early_approval_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    current_version: Mapped[MinutesVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )

    __mapper_args__ = {"version_id_col": version}


class MinutesVersion(db.Model):
    """One version of the minutes' text: per agenda item id, a discussion summary and the
    decisions, as {"<item id>": {"summary": "...", "decisions": "..."}}."""

    __tablename__ = "minutes_versions"
    __table_args__ = (UniqueConstraint("minutes_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    number: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")  # why a correction was made
    # The actions as they stood when this version became the record (approved, or a correction):
    # its document lists these, so actions added or changed later never alter it. None: a draft
    # or circulated version, which shows the actions as they are now.
    actions: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class MinutesComment(db.Model):
    """A member's comment on one agenda item of circulated minutes, and how it was resolved."""

    __tablename__ = "minutes_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str] = mapped_column(Text, default="")


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"
    # "Overdue" is not stored: it is an open or in-progress action past its due date.


class NotDoneReason(enum.StrEnum):
    CIRCUMSTANCES_CHANGED = "circumstances_changed"
    NOT_UNDERTAKEN = "not_undertaken"
    WAITING_ON_OTHER = "waiting_on_other"


class Action(db.Model):
    """Something a meeting decided that one institution must do by a date."""

    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    title: Mapped[str] = mapped_column(Text)
    responsible_institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id"), index=True
    )
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, 20), default=ActionStatus.OPEN
    )
    not_done_reason: Mapped[NotDoneReason | None] = mapped_column(enum_column(NotDoneReason, 30))
    completed_on: Mapped[date | None]
    # A case follow-up: the action belongs to a case discussed at the meeting.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # The local action plan activity this action serves, if any.
    lap_activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_activities.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    meeting: Mapped[Meeting] = relationship()
    responsible_institution: Mapped[Institution] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def is_overdue(self, today: date) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and self.due_on < today


class ActionProgress(db.Model):
    """A dated progress note on an action, with the status it left the action in."""

    __tablename__ = "action_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, 20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MeetingDocumentKind(enum.StrEnum):
    DOCUMENT = "document"  # a report or presentation for the meeting or one agenda item
    SIGNED_MINUTES = "signed_minutes"  # the signed scan of the approved minutes


class MeetingDocument(db.Model):
    """A file uploaded to a meeting or to one of its agenda items, or the signed scan of its
    approved minutes; the content is in the document storage under a random name."""

    __tablename__ = "meeting_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    kind: Mapped[MeetingDocumentKind] = mapped_column(
        enum_column(MeetingDocumentKind, 20), default=MeetingDocumentKind.DOCUMENT
    )
    title: Mapped[str] = mapped_column(String(200))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    agenda_item: Mapped[AgendaItem | None] = relationship()
