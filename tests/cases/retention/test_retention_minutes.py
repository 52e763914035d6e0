"""Retention reaches the approved minutes too: each approved version records its actions as
they stood, and a purged case's follow-up titles are removed there as from the actions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from mcm.cases.models import CaseDiscussion
from mcm.cases.retention.tasks import PURGED_TITLE, purge_closed_cases
from mcm.extensions import db
from mcm.meetings.minutes.services import actions_snapshot
from mcm.meetings.models import Action, Meeting, Minutes, MinutesStatus, MinutesVersion
from tests.cases.retention.test_retention import DISCUSSED, TODAY, _close, _follow_up


def test_a_purged_follow_up_leaves_the_approved_minutes_too(
    app, make_discussed_cases, make_institution
) -> None:
    (case_id,) = make_discussed_cases("PEJ", 1, (DISCUSSED,))
    csw = make_institution("PEJ", "csw")
    follow_up = _follow_up(app, case_id, csw)
    with app.test_request_context():
        meeting_id = db.session.scalar(
            select(CaseDiscussion.meeting_id).where(CaseDiscussion.case_id == case_id)
        )
        meeting = db.session.get(Meeting, meeting_id)
        other = Action(
            mechanism_id=meeting.mechanism_id,
            meeting_id=meeting.id,
            title="Map the services for children",
            responsible_institution_id=csw,
            due_on=DISCUSSED + timedelta(days=30),
        )
        db.session.add(other)
        minutes = Minutes(meeting_id=meeting.id, status=MinutesStatus.APPROVED)
        db.session.add(minutes)
        db.session.flush()
        db.session.add(
            MinutesVersion(
                minutes_id=minutes.id, number=1, content={}, actions=actions_snapshot(meeting)
            )
        )
        db.session.commit()
    _close(app, [case_id], TODAY - timedelta(days=6 * 365))
    with app.app_context():
        assert purge_closed_cases(TODAY) == 1
        recorded = db.session.scalar(select(MinutesVersion.actions))
    titles = {entry["id"]: entry["title"] for entry in recorded}
    assert titles[follow_up] == PURGED_TITLE
    assert "Map the services for children" in titles.values()  # not a case's: kept
