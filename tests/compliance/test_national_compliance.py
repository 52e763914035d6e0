"""The national compliance page applies the meetings' rule of compliance (held, planned ahead,
missing; past meetings still planned flagged) exactly as the mechanism's own plan does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from mcm.compliance.views import _cells
from mcm.extensions import db
from mcm.meetings.models import Meeting, MeetingKind, MeetingStatus
from mcm.meetings.planning.dates import last_quarters, to_utc
from mcm.meetings.planning.services import DEFAULT_START, plan_by_quarter, unrecorded_meetings
from tests.conftest import mechanism_id, text_of


def _meeting(mechanism: int, starts: datetime, status: MeetingStatus, kind=MeetingKind.REGULAR):
    db.session.add(
        Meeting(
            mechanism_id=mechanism, kind=kind, status=status, starts_at=starts,
            ends_at=starts + timedelta(hours=2), place="Municipal hall",
            ics_uid=f"{uuid4()}@mcm.test",
        )
    )  # fmt: skip


def test_national_cells_follow_the_rule_of_the_mechanisms_plan(app, client, make_user) -> None:
    pej, fer = mechanism_id(app, "PEJ"), mechanism_id(app, "FER")
    with app.test_request_context():
        quarters = last_quarters(8)
        middle = [to_utc(q.first_day + timedelta(days=40), DEFAULT_START) for q in quarters]
        _meeting(pej, middle[-2], MeetingStatus.HELD)
        _meeting(pej, middle[-2] + timedelta(days=3), MeetingStatus.CANCELLED)
        _meeting(pej, middle[-3], MeetingStatus.PLANNED)  # past, still planned: not recorded
        _meeting(pej, middle[-4], MeetingStatus.CANCELLED)
        _meeting(pej, middle[-5], MeetingStatus.PLANNED, MeetingKind.AD_HOC)  # not recorded either
        _meeting(pej, middle[-5], MeetingStatus.HELD, MeetingKind.AD_HOC)  # ad hoc: not counted
        _meeting(pej, datetime.now(UTC) + timedelta(hours=1), MeetingStatus.INVITED)
        _meeting(fer, to_utc(quarters[0].first_day, DEFAULT_START), MeetingStatus.HELD)
        _meeting(
            fer,
            to_utc(quarters[0].first_day, DEFAULT_START) - timedelta(days=1),
            MeetingStatus.HELD,
        )
        db.session.commit()
        cells, unrecorded = _cells(quarters)
        expected = plan_by_quarter([pej, fer], quarters)
        for mechanism in (pej, fer):
            assert [c.state for c in cells[mechanism]] == [p.state for p in expected[mechanism]]
            assert [c.unrecorded for c in cells[mechanism]] == [
                len(p.unrecorded) for p in expected[mechanism]
            ]
            flagged = unrecorded_meetings([mechanism], since=quarters[0].first_day)
            assert unrecorded.get(mechanism, 0) == len(flagged)
        assert unrecorded[pej] == 2
    client.login_user(make_user("observer"))
    page = text_of(client.get("/compliance/"))
    assert "2 past meetings not recorded" in page
