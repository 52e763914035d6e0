"""Retention: closed cases lose their text after MCM_CASE_RETENTION_YEARS, keep the facts the
statistics count, and the purge is audited once per case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mcm.cases.models import Case, CaseDiscussion, CaseStatus, CaseTransfer
from mcm.cases.retention.tasks import PURGED_TITLE, purge_closed_cases, retention_cutoff
from mcm.core.audit import AuditEntry
from mcm.core.scheduler import TASKS
from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import Action, ActionProgress, ActionStatus
from tests.cases.statistics.test_statistics import figures

TODAY = date(2031, 6, 15)
DISCUSSED = date(2026, 3, 10)


def _close(app, case_ids: list[int], closed_on: date, reason: str = "Moved abroad.") -> None:
    with app.app_context():
        for case_id in case_ids:
            case = db.session.get(Case, case_id)
            case.status, case.closed_on, case.close_reason = CaseStatus.CLOSED, closed_on, reason
        db.session.commit()


def _follow_up(app, case_id: int, institution_id: int) -> int:
    with app.app_context():
        meeting_id = db.session.scalar(
            select(CaseDiscussion.meeting_id).where(CaseDiscussion.case_id == case_id)
        )
        action = Action(
            mechanism_id=mechanism_by_code("PEJ").id,
            meeting_id=meeting_id,
            title="CSW to visit the family weekly",
            responsible_institution_id=institution_id,
            due_on=DISCUSSED + timedelta(days=7),
            status=ActionStatus.DONE,
            completed_on=DISCUSSED + timedelta(days=6),
            case_id=case_id,
        )
        db.session.add(action)
        db.session.flush()
        db.session.add(
            ActionProgress(
                action_id=action.id, note="Visited; safety plan in place.", status=ActionStatus.DONE
            )
        )
        db.session.commit()
        return action.id


@pytest.fixture
def five_year_rule(app):
    assert app.config["MCM_CASE_RETENTION_YEARS"] == 5  # the default
    return retention_cutoff(TODAY, 5)


def test_the_cutoff_is_the_same_day_years_ago() -> None:
    assert retention_cutoff(date(2031, 6, 15), 5) == date(2026, 6, 15)
    assert retention_cutoff(date(2028, 2, 29), 5) == date(2023, 2, 28)


def test_text_goes_after_five_years_and_a_day_and_stays_before(
    app, make_discussed_cases, make_institution, five_year_rule
) -> None:
    old = make_discussed_cases("PEJ", 6, (DISCUSSED,))
    recent = make_discussed_cases("PEJ", 2, (DISCUSSED,))
    still_open = make_discussed_cases("PEJ", 1, (DISCUSSED,))
    _close(app, old, five_year_rule - timedelta(days=1))  # 5 years and a day ago
    _close(app, recent, TODAY - timedelta(days=4 * 365))  # 4 years ago
    csw = make_institution("PEJ", "csw")
    purged_action = _follow_up(app, old[0], csw)
    kept_action = _follow_up(app, recent[0], csw)
    _follow_up(app, still_open[0], csw)
    with app.app_context():
        db.session.add(
            CaseTransfer(
                case_id=old[1],
                from_mechanism_id=mechanism_by_code("PEJ").id,
                to_mechanism_id=mechanism_by_code("FER").id,
                reason="The victim moved to her sister's town.",
            )
        )
        db.session.commit()
        assert purge_closed_cases(TODAY) == 6
        for case_id in old:
            case = db.session.get(Case, case_id)
            assert case.purged_at is not None and case.close_reason == ""
            assert case.age_band and case.forms_of_violence == ["physical"]  # facts stay
            (discussion,) = db.session.scalars(
                select(CaseDiscussion).where(CaseDiscussion.case_id == case_id)
            )
            assert (discussion.summary, discussion.decisions) == ("", "")
            assert discussion.purged_at is not None
            assert discussion.discussed_on == DISCUSSED
        action = db.session.get(Action, purged_action)
        assert action.title == PURGED_TITLE and action.status is ActionStatus.DONE
        assert action.completed_on == DISCUSSED + timedelta(days=6)  # still counts on time
        assert (
            db.session.scalar(
                select(ActionProgress.note).where(ActionProgress.action_id == purged_action)
            )
            == ""
        )
        assert db.session.scalar(select(CaseTransfer.reason)) == ""
        for case_id in (*recent, *still_open):
            case = db.session.get(Case, case_id)
            assert case.purged_at is None
            assert (
                db.session.scalar(
                    select(CaseDiscussion.summary).where(CaseDiscussion.case_id == case_id)
                )
                == "The CSW reported on the safety plan."
            )
        assert db.session.get(Action, kept_action).title == "CSW to visit the family weekly"


def test_each_purge_is_audited_with_counts_only(
    app, make_discussed_cases, make_institution, five_year_rule
) -> None:
    old = make_discussed_cases("PEJ", 2, (DISCUSSED, DISCUSSED + timedelta(days=30)))
    _close(app, old, five_year_rule - timedelta(days=1))
    _follow_up(app, old[0], make_institution("PEJ", "police"))
    with app.app_context():
        purge_closed_cases(TODAY)
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "case_purged").order_by(AuditEntry.id)
        ).all()
        assert [(e.object_type, e.object_id) for e in entries] == [("cases", i) for i in old]
        assert entries[0].details == {"discussions": 2, "actions": 1, "progress_notes": 1}
        assert entries[1].details == {"discussions": 2, "actions": 0, "progress_notes": 0}
        peja = mechanism_by_code("PEJ").id
        assert all(e.actor_id is None and e.mechanism_id == peja for e in entries)


def test_running_twice_does_nothing_more(app, make_discussed_cases, five_year_rule) -> None:
    old = make_discussed_cases("PEJ", 3, (DISCUSSED,))
    _close(app, old, five_year_rule - timedelta(days=1))
    with app.app_context():
        assert purge_closed_cases(TODAY) == 3
        first = [c.purged_at for c in db.session.scalars(select(Case).order_by(Case.id))]
        assert purge_closed_cases(TODAY) == 0
        assert purge_closed_cases(TODAY + timedelta(days=1)) == 0
        again = [c.purged_at for c in db.session.scalars(select(Case).order_by(Case.id))]
        assert again == first
        assert (
            db.session.scalar(select(db.func.count()).where(AuditEntry.action == "case_purged"))
            == 3
        )


def test_statistics_are_the_same_after_the_purge(
    app, make_discussed_cases, make_institution, five_year_rule
) -> None:
    old = make_discussed_cases(
        "PEJ", 7, (DISCUSSED, date(2026, 8, 1)), forms_of_violence=["economic", "digital"]
    )
    make_discussed_cases("PEJ", 4, (DISCUSSED,))
    _close(app, old, five_year_rule - timedelta(days=1))
    _follow_up(app, old[0], make_institution("PEJ", "csw"))

    def published(stats) -> list:
        return [(s.key, s.bars, s.total) for s in stats.series(0)]

    before = published(figures(app, "PEJ"))
    with app.app_context():
        assert purge_closed_cases(TODAY) == 7
    assert published(figures(app, "PEJ")) == before


def test_the_period_is_configurable(app, make_discussed_cases, monkeypatch) -> None:
    old = make_discussed_cases("PEJ", 1, (DISCUSSED,))
    _close(app, old, TODAY - timedelta(days=2 * 365 + 5))
    monkeypatch.setitem(app.config, "MCM_CASE_RETENTION_YEARS", 2)
    with app.app_context():
        assert purge_closed_cases(TODAY) == 1


def test_the_task_runs_nightly() -> None:
    definition = TASKS["purge_closed_cases"]
    assert definition.period == "daily" and definition.cron == {"hour": 2, "minute": 0}
