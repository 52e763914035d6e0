"""The cases demo: synthetic cases in every demo mechanism, discussed at the held demo meetings,
with a repeat, a closed case and a transfer; safe to load twice; nothing the guard would refuse."""

from __future__ import annotations

from sqlalchemy import func, select

from mcm.cases.demo import load_cases_demo
from mcm.cases.models import (
    Case,
    CaseDiscussion,
    CaseIncident,
    CaseInstitution,
    CaseStatus,
    CaseTransfer,
    TransferStatus,
)
from mcm.extensions import db
from mcm.privacy import find_pii

TABLES = (Case, CaseInstitution, CaseDiscussion, CaseIncident, CaseTransfer)


def _counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(t)) for t in TABLES]


def test_cases_demo_is_complete_synthetic_and_safe_to_run_twice(app) -> None:
    from mcm.demo import load_demo

    with app.test_request_context():
        list(load_demo())
        try:  # the meetings demo gives the cases held meetings to be discussed at
            from mcm.meetings.demo.meetings import load_meetings_demo

            list(load_meetings_demo())
        except ImportError:  # pragma: no cover - the meetings demo is wired by the lead
            pass
        output = list(load_cases_demo())
        assert "demo cases" in output[-1]
        counts = _counts()
        list(load_cases_demo())
        assert _counts() == counts
        cases = db.session.scalars(select(Case)).all()
        assert len({c.mechanism_id for c in cases}) == 7 and counts[0] == 7 * 4 + 1
        assert {c.status for c in cases} == set(CaseStatus)
        transfer = db.session.scalar(select(CaseTransfer))
        assert transfer.status is TransferStatus.ACCEPTED and transfer.new_case.code.startswith(
            "FER-"
        )
        assert counts[1] > 0
        discussions = db.session.scalars(select(CaseDiscussion)).all()
        if discussions:  # there were held meetings whose case items may open
            assert db.session.scalar(select(CaseIncident.id).where(CaseIncident.is_repeat))
        texts = [d.summary for d in discussions] + [d.decisions for d in discussions]
        texts += [c.close_reason for c in cases] + [transfer.reason]
        assert all(not find_pii(text) for text in texts)
