"""The meetings demo: two years of meetings with gaps, a pending ad hoc request, loaded once."""

from __future__ import annotations

from sqlalchemy import select

from mcm.extensions import db
from mcm.meetings.models import Meeting
from mcm.meetings.planning import dates
from mcm.meetings.planning import services as planning
from tests.conftest import mechanism_id, text_of


def test_demo_meetings_show_gaps_and_a_pending_request_and_load_once(app, client) -> None:
    from mcm.demo import load_demo
    from mcm.meetings.demo.meetings import load_meetings_demo
    from mcm.meetings.models import AdHocRequest, Attendance, RequestStatus

    with app.test_request_context():
        list(load_demo())
        (summary,) = load_meetings_demo()
        assert "new meetings" in summary
        meetings = db.session.scalar(select(db.func.count(Meeting.id)))
        list(load_meetings_demo())
        assert db.session.scalar(select(db.func.count(Meeting.id))) == meetings
        ids = {code: mechanism_id(app, code) for code in ("PEJ", "FER", "GJI")}
        plans = planning.plan_by_quarter(list(ids.values()), dates.last_quarters(8))
        states = {code: [p.state for p in plans[i][:-1]] for code, i in ids.items()}
        assert planning.QuarterState.MISSING not in states["PEJ"]
        assert states["FER"].count(planning.QuarterState.MISSING) == 2
        assert set(states["GJI"]) == {planning.QuarterState.MISSING}
        pending = db.session.scalars(select(AdHocRequest.status)).all()
        assert pending == [RequestStatus.PENDING]
        assert db.session.scalar(select(db.func.count(Attendance.id))) > 100
    response = client.login("coordinator.pej@demo.example.org", "demo-coordinator-2026")
    assert response.status_code == 302
    assert "1 waiting" in text_of(client.get("/m/PEJ/meetings/"))
