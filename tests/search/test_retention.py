"""The retention purge rewrites a closed case's follow-up titles in bulk, past the session's
flush: the index follows, so purged text is not found any more."""

from __future__ import annotations

from datetime import date

from mcm.cases.models import Case, CaseStatus
from mcm.cases.retention.tasks import purge_closed_cases
from mcm.extensions import db
from tests.search.test_search import found


def test_a_purged_follow_up_is_not_found_by_its_old_title(world, app, make_user, searching):
    search = searching(make_user(role="coordinator", mechanism_code="PEJ"))
    assert found(search("giraffe")) == [f"/m/PEJ/meetings/actions/{world.case_action}"]
    with app.test_request_context():
        case = db.session.get(Case, world.known_case)
        case.status, case.closed_on = CaseStatus.CLOSED, date(2015, 1, 1)
        db.session.commit()
        assert purge_closed_cases(date(2026, 12, 1)) == 1
        db.session.commit()
    assert found(search("giraffe")) == []
    assert found(search("PEJ-2026-901")) == [f"/m/PEJ/cases/{world.known_case}"]  # its code stays
