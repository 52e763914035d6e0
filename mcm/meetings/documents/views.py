"""Word documents of a meeting as downloads: the invitation, the attendance sheet and the
minutes (full for those who may read case details, the summary for everyone else)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flask import abort, g, request, send_file
from flask_login import current_user

from mcm.core import audit
from mcm.core.access import get_or_404
from mcm.core.db import parse_id
from mcm.core.word import DOCX_MIMETYPE
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.documents import exports
from mcm.meetings.models import Meeting, Minutes, MinutesStatus, MinutesVersion
from mcm.meetings.panels import known_minutes, meeting_panel
from mcm.meetings.policy import can_see_full_minutes

BASE = "/m/<mechanism_code>/meetings/<int:meeting_id>"


def _send(content: bytes, meeting: Meeting, name: str) -> Any:
    filename = f"{name}-{meeting.mechanism.code}-{meeting.starts_at.date().isoformat()}.docx"
    return send_file(
        io.BytesIO(content),
        mimetype=DOCX_MIMETYPE,
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )


def readable_minutes(meeting: Meeting, minutes: Minutes | None = None) -> Minutes | None:
    """The meeting's minutes (read here unless given) if this user may read them: drafts are
    the coordinator's."""
    if minutes is None:
        minutes = db.session.scalar(db.select(Minutes).where(Minutes.meeting_id == meeting.id))
    if minutes is None or minutes.current_version_id is None:
        return None
    if minutes.status is MinutesStatus.DRAFT and not can_manage_mechanism(
        current_user, g.get("mechanism") or meeting.mechanism
    ):
        return None
    return minutes


@bp.route(f"{BASE}/invitation.docx")
def invitation_docx(meeting_id: int) -> Any:
    """The invitation with the agenda, as a Word document."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    return _send(exports.invitation_document(meeting), meeting, "invitation")


@bp.route(f"{BASE}/attendance-sheet.docx")
def attendance_sheet_docx(meeting_id: int) -> Any:
    """The attendance sheet to print and sign at the meeting."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    return _send(exports.attendance_sheet(meeting), meeting, "attendance-sheet")


@bp.route(f"{BASE}/minutes.docx")
def minutes_docx(meeting_id: int) -> Any:
    """The current version of the minutes, or ?number=N an earlier one; ?version=full
    (restricted) or summary."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    minutes = readable_minutes(meeting)
    if minutes is None:
        abort(404)
    may_see_full = can_see_full_minutes(current_user, meeting)
    wanted = request.args.get("version") or ("full" if may_see_full else "summary")
    if wanted not in ("full", "summary"):
        abort(404)
    if wanted == "full" and not may_see_full:
        abort(403)
    version = db.session.get(MinutesVersion, minutes.current_version_id)
    if "number" in request.args:
        version = db.session.scalar(
            db.select(MinutesVersion).where(
                MinutesVersion.minutes_id == minutes.id,
                MinutesVersion.number == parse_id(request.args["number"]),
            )
        )
        if version is None:
            abort(404)
    content = exports.minutes_document(meeting, version, full=wanted == "full")
    # Who took which minutes away is evidence, as for the mechanism's scanned documents.
    audit.record(
        "minutes_downloaded",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        version=wanted,
        number=version.number,
    )
    db.session.commit()
    return _send(content, meeting, f"minutes-{wanted}")


@dataclass
class Documents:
    """Which documents of the meeting this user can download."""

    meeting: Meeting
    minutes: Minutes | None
    full_minutes: bool


@meeting_panel
def documents_panel(meeting: Meeting, known: dict[str, Any]) -> dict[str, Documents]:
    """What the documents panel of the meeting page offers this user."""
    minutes = readable_minutes(meeting, known_minutes(meeting, known))
    documents = Documents(
        meeting=meeting,
        minutes=minutes,
        full_minutes=minutes is not None and can_see_full_minutes(current_user, meeting),
    )
    return {"documents_panel": documents}
