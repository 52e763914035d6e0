"""Retention: the text of a closed case is removed once the retention period has passed; its
structured, anonymous facts stay, so the statistics do not change."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, select, update

from mcm.cases.models import Case, CaseDiscussion, CaseStatus, CaseTransfer
from mcm.cases.statistics.figures import local_today
from mcm.core import audit
from mcm.core.db import utcnow
from mcm.core.scheduler import task
from mcm.extensions import db
from mcm.meetings.models import Action, ActionProgress, Minutes, MinutesVersion

# What a follow-up action's title becomes: the same in every language, and no text at all.
PURGED_TITLE = "—"


def retention_cutoff(today: date, years: int) -> date:
    """Cases closed before this day are past the retention period (29 February counts as 28)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _purge_recorded_actions(ids: list[int]) -> None:
    """The approved minutes record each action as it stood: its title goes there too."""
    versions = db.session.scalars(
        select(MinutesVersion)
        .join(Minutes, Minutes.id == MinutesVersion.minutes_id)
        .where(
            MinutesVersion.actions.is_not(None),
            Minutes.meeting_id.in_(select(Action.meeting_id).where(Action.case_id.in_(ids))),
        )
    )
    purged = set(ids)
    for version in versions:
        entries = [
            {**entry, "title": PURGED_TITLE} if entry.get("case_id") in purged else entry
            for entry in version.actions or []
        ]
        if entries != version.actions:
            version.actions = entries


def _per_case(column: Any, ids: list[int]) -> Counter[int]:
    """How many rows each case has, by a column holding the case id."""
    rows = db.session.execute(select(column, func.count()).where(column.in_(ids)).group_by(column))
    return Counter({case_id: number for case_id, number in rows})


@task("purge_closed_cases", period="daily", hour=2, minute=0)
def purge_closed_cases(today: date | None = None) -> int:
    """Remove the discussion text, decisions, follow-up titles and notes of cases closed longer
    ago than MCM_CASE_RETENTION_YEARS; one audit entry per case, with counts only."""
    today = today or local_today()
    cutoff = retention_cutoff(today, current_app.config["MCM_CASE_RETENTION_YEARS"])
    cases = db.session.scalars(
        select(Case).where(
            Case.status == CaseStatus.CLOSED,
            Case.closed_on < cutoff,
            Case.purged_at.is_(None),
        )
    ).all()
    if not cases:
        return 0
    ids = [case.id for case in cases]
    now = utcnow()
    discussions = _per_case(CaseDiscussion.case_id, ids)
    actions = _per_case(Action.case_id, ids)
    notes = Counter(
        {
            case_id: number
            for case_id, number in db.session.execute(
                select(Action.case_id, func.count(ActionProgress.id))
                .join(ActionProgress, ActionProgress.action_id == Action.id)
                .where(Action.case_id.in_(ids), ActionProgress.note != "")
                .group_by(Action.case_id)
            )
        }
    )
    # Bulk updates, each raising the version so that a form opened before the purge cannot
    # write the text back.
    db.session.execute(
        update(CaseDiscussion)
        .where(CaseDiscussion.case_id.in_(ids))
        .values(summary="", decisions="", purged_at=now, version=CaseDiscussion.version + 1),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(ActionProgress)
        .where(ActionProgress.action_id.in_(select(Action.id).where(Action.case_id.in_(ids))))
        .values(note=""),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(Action)
        .where(Action.case_id.in_(ids))
        .values(title=PURGED_TITLE, version=Action.version + 1),
        execution_options={"synchronize_session": False},
    )
    _purge_recorded_actions(ids)
    db.session.execute(
        update(CaseTransfer)
        .where(or_(CaseTransfer.case_id.in_(ids), CaseTransfer.new_case_id.in_(ids)))
        .values(reason=""),
        execution_options={"synchronize_session": False},
    )
    for case in cases:
        case.close_reason = ""
        case.purged_at = now
        audit.record(
            "case_purged",
            obj=case,
            mechanism_id=case.mechanism_id,
            discussions=discussions[case.id],
            actions=actions[case.id],
            progress_notes=notes[case.id],
        )
    db.session.commit()
    current_app.logger.info("retention: text removed from %d closed case(s)", len(cases))
    return len(cases)
