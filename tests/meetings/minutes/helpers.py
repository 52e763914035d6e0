"""A held meeting with its agenda, attendance and people, and what a coordinator's browser would
post to write its minutes: shared by the minutes and actions tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from mcm.extensions import db
from mcm.mechanisms.models import Representative
from mcm.meetings.models import (
    AgendaItemKind,
    Attendance,
    ConfidentialityAcknowledgement,
    MeetingStatus,
    Minutes,
    MinutesVersion,
    Presence,
)

REVIEWER = "rep.police@test.example.org"


@dataclass
class Scene:
    coordinator: int
    member: int  # represents the police station
    other_member: int  # represents the centre for social work
    police: int
    csw: int
    meeting: int
    later: int  # the next meeting, held three days ago: where the minutes can be approved
    upcoming: int  # a meeting still planned, in twenty days
    items: dict[str, int] = field(default_factory=dict)
    topics: list[int] = field(default_factory=list)

    @property
    def minutes_url(self) -> str:
        return f"/m/PEJ/meetings/{self.meeting}/minutes"


def build_scene(
    app: Flask,
    make_user: Any,
    make_institution: Any,
    make_meeting: Any,
    make_agenda_item: Any,
    *,
    acknowledged: bool = True,
    topics: int = 1,
) -> Scene:
    """A PEJ meeting held ten days ago with follow-up, topics, cases and other business; the
    next meeting held three days ago, and one planned ahead."""
    police = make_institution("PEJ", "police", "Police Station Peja (test)")
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja (test)")
    now = datetime.now(UTC).replace(microsecond=0)
    scene = Scene(
        coordinator=make_user("coordinator", "PEJ"),
        member=make_user("member", "PEJ", institution_id=police),
        other_member=make_user("member", "PEJ", institution_id=csw),
        police=police,
        csw=csw,
        meeting=make_meeting(starts_at=now - timedelta(days=10), status=MeetingStatus.HELD),
        later=make_meeting(starts_at=now - timedelta(days=3), status=MeetingStatus.HELD),
        upcoming=make_meeting(starts_at=now + timedelta(days=20)),
    )
    item = make_agenda_item
    scene.items["follow_up"] = item(scene.meeting, "Follow-up", kind=AgendaItemKind.FOLLOW_UP)
    scene.topics = [item(scene.meeting, f"Topic {n}") for n in range(1, topics + 1)]
    scene.items["topic"] = scene.topics[0]
    scene.items["cases"] = item(scene.meeting, "Case discussions", kind=AgendaItemKind.CASES)
    scene.items["other"] = item(scene.meeting, "Other", kind=AgendaItemKind.OTHER_BUSINESS)
    with app.app_context():
        for institution in (police, csw):
            db.session.add(
                Attendance(
                    meeting_id=scene.meeting,
                    institution_id=institution,
                    presence=Presence.PRESENT,
                    represented_by="Representative (test)",
                )
            )
            if acknowledged:
                db.session.add(
                    ConfidentialityAcknowledgement(
                        meeting_id=scene.meeting,
                        institution_id=institution,
                        attendee_name="Representative (test)",
                    )
                )
        db.session.add(
            Representative(
                institution_id=police,
                name="Arta Testore",
                email=REVIEWER,
                from_date=date(2025, 1, 1),
            )
        )
        db.session.commit()
    return scene


def stored(app: Flask, meeting_id: int) -> tuple[Minutes | None, list[MinutesVersion]]:
    """The minutes (detached, loaded) and every version, oldest first."""
    with app.app_context():
        minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
        if minutes is None:
            return None, []
        versions = list(
            db.session.scalars(
                select(MinutesVersion)
                .where(MinutesVersion.minutes_id == minutes.id)
                .order_by(MinutesVersion.number)
            )
        )
        db.session.expunge_all()
        return minutes, versions


def current_text(app: Flask, meeting_id: int) -> dict[str, Any]:
    minutes, versions = stored(app, meeting_id)
    if minutes is None:
        return {}
    return next(v.content for v in versions if v.id == minutes.current_version_id)


def form_data(
    app: Flask, scene: Scene, texts: dict[int, tuple[str, str]], *, stale: bool = False
) -> dict[str, str]:
    """What the edit form posts: every editable item's text (changed ones from texts) and the
    version the form was opened on."""
    minutes, _versions = stored(app, scene.meeting)
    content = current_text(app, scene.meeting)
    data: dict[str, str] = {
        "version": str(minutes.version) if minutes else "",
        "base_version": str(minutes.current_version_id) if minutes else "",
    }
    items = [scene.items["follow_up"], *scene.topics, scene.items["cases"], scene.items["other"]]
    for item_id in items:
        summary, decisions = texts.get(item_id) or (
            content.get(str(item_id), {}).get("summary", ""),
            content.get(str(item_id), {}).get("decisions", ""),
        )
        data[f"summary_{item_id}"] = summary
        data[f"decisions_{item_id}"] = decisions
    return data


def save(client: Any, app: Flask, scene: Scene, texts: dict[int, tuple[str, str]]) -> Any:
    """Open the form on the stored state and save it with the given items' text."""
    return client.post(scene.minutes_url + "/edit", form_data(app, scene, texts))
