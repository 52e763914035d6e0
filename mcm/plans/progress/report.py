"""The annual progress report of a mechanism, in the reader's language, ready to send to the
ministry: meetings held, attendance, actions done on time, plan progress per objective and the
anonymous case statistics with small cells suppressed."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from mcm.cases.statistics import figures as statistics
from mcm.cases.statistics.charts import figure
from mcm.core.i18n import day_format
from mcm.core.word import WordDocument
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Presence,
)
from mcm.meetings.planning.dates import Quarter, local, to_utc
from mcm.meetings.planning.services import year_plan
from mcm.plans.local.exports import (
    STATUS_LABELS,
    in_reader_language,
    municipality_name,
    period,
    start_document,
)
from mcm.plans.models import ActionPlan, PlanStatus
from mcm.plans.progress.queries import plan_progress

QUARTER_STATE_TEXT = {"held": _l("Held"), "planned": _l("Planned"), "missing": _l("Missing")}


def plan_for_year(mechanism: Mechanism, year: int) -> ActionPlan | None:
    """The mechanism's plan covering a year: an adopted one first, then the latest."""
    return db.session.scalar(
        select(ActionPlan)
        .where(
            ActionPlan.mechanism_id == mechanism.id,
            ActionPlan.starts_year <= year,
            ActionPlan.ends_year >= year,
        )
        .order_by((ActionPlan.status == PlanStatus.DRAFT), ActionPlan.id.desc())
        .limit(1)
    )


def _meeting_rows(mechanism: Mechanism, year: int) -> list[list[str]]:
    plans = year_plan(mechanism, year)
    first, last = to_utc(date(year, 1, 1), time(0)), to_utc(date(year + 1, 1, 1), time(0))
    ad_hoc: dict[Quarter, int] = defaultdict(int)
    for (starts_at,) in db.session.execute(
        select(Meeting.starts_at).where(
            Meeting.mechanism_id == mechanism.id,
            Meeting.kind == MeetingKind.AD_HOC,
            Meeting.status == MeetingStatus.HELD,
            Meeting.starts_at >= first,
            Meeting.starts_at < last,
        )
    ):
        ad_hoc[Quarter.of(local(starts_at).date())] += 1
    return [
        [
            str(plan.quarter),
            str(sum(1 for m in plan.meetings if m.status is MeetingStatus.HELD)),
            str(ad_hoc[plan.quarter]),
            str(QUARTER_STATE_TEXT[plan.state.value]),
        ]
        for plan in plans
    ]


def _attendance_rows(mechanism: Mechanism, year: int) -> list[list[str]]:
    """Per institution, its presence at the held meetings of the year: one aggregate query."""
    first, last = to_utc(date(year, 1, 1), time(0)), to_utc(date(year + 1, 1, 1), time(0))
    held = and_(
        Meeting.id == Attendance.meeting_id,
        Meeting.status == MeetingStatus.HELD,
        Meeting.starts_at >= first,
        Meeting.starts_at < last,
    )
    rows = db.session.execute(
        select(
            Institution.name,
            func.count(Meeting.id).filter(Attendance.presence == Presence.PRESENT),
            func.count(Meeting.id),
        )
        .outerjoin(Attendance, Attendance.institution_id == Institution.id)
        .outerjoin(Meeting, held)
        .where(Institution.mechanism_id == mechanism.id)
        .group_by(Institution.id, Institution.name)
        .order_by(Institution.name)
    ).all()
    return [
        [
            name,
            f"{present} / {recorded}",
            f"{round(100 * present / recorded)} %" if recorded else "—",
        ]
        for name, present, recorded in rows
    ]


def _action_rows(mechanism: Mechanism, year: int, today: date) -> list[list[str]]:
    """The meeting actions due in the year by outcome (case follow-ups are in the suppressed
    case statistics): one aggregate query."""
    done = Action.status == ActionStatus.DONE
    pending = Action.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
    row = db.session.execute(
        select(
            func.count().filter(done, Action.completed_on <= Action.due_on),
            func.count().filter(done, Action.completed_on > Action.due_on),
            func.count().filter(pending, Action.due_on < today),
            func.count().filter(pending, Action.due_on >= today),
            func.count().filter(Action.status == ActionStatus.DROPPED),
        ).where(
            Action.mechanism_id == mechanism.id,
            Action.case_id.is_(None),
            Action.due_on >= date(year, 1, 1),
            Action.due_on <= date(year, 12, 31),
        )
    ).one()
    labels = [_("Done on time"), _("Done late"), _("Overdue"), _("Open, not yet due"), _("Dropped")]
    return [[label, str(count)] for label, count in zip(labels, row, strict=True)]


def _progress_rows(plan: ActionPlan, today: date) -> list[list[str]]:
    """Per objective, its progress as the plan page shows it (mcm.plans.progress.queries)."""
    rows = []
    for objective in plan_progress(plan, today).objectives:
        overdue = sum(1 for _activity, progress in objective.activities if progress.overdue)
        rows.append(
            [
                objective.objective.code,
                objective.objective.title,
                str(len(objective.activities)),
                str(overdue),
                f"{objective.percent} %" if objective.activities else "—",
            ]
        )
    return rows


def _case_statistics(document: WordDocument, mechanism: Mechanism, year: int, today: date) -> None:
    stats = statistics.collect(year, today, mechanism)
    document.paragraph(
        _(
            "Anonymous figures. Counts from 1 to 4 are shown as <5, and some other figures are "
            "withheld (\u00d7) so that they cannot be worked out."
        )
    )
    document.facts([(_("Cases discussed"), figure(stats.cases(0)))])
    series = stats.series(0)
    if not series:
        document.paragraph(
            _("Fewer than 5 cases were discussed: no breakdown is published for the year.")
        )
    for item in series:
        document.heading(item.title, level=3)
        rows = [[label, figure(count)] for label, count in item.bars]
        if item.total is not None:
            rows.append([_("Total"), figure(item.total)])
        document.table([_("Category"), _("Cases")], rows, widths_mm=(120, 46))
        if item.note:
            document.paragraph(item.note)


def annual_report(mechanism: Mechanism, year: int, today: date) -> bytes:
    """The mechanism's progress report for a year, ready to send to the ministry."""
    plan = plan_for_year(mechanism, year)
    with in_reader_language() as language:
        document = start_document(
            mechanism,
            language,
            _("Annual progress report %(year)d", year=year),
            _(
                "Coordination mechanism against domestic violence of %(municipality)s",
                municipality=municipality_name(mechanism, language),
            ),
        )
        document.facts([(_("Prepared on"), day_format(today, "long"))])
        document.heading(_("Meetings held per quarter"), level=1)
        document.table(
            [
                _("Quarter"),
                _("Regular meetings held"),
                _("Ad hoc meetings held"),
                _("Regular meeting"),
            ],
            _meeting_rows(mechanism, year),
            widths_mm=(30, 44, 44, 48),
        )
        document.heading(_("Attendance per institution"), level=1)
        attendance = _attendance_rows(mechanism, year)
        document.table(
            [_("Institution"), _("Present / recorded"), _("Attendance rate")],
            attendance,
            widths_mm=(96, 40, 30),
        )
        document.heading(_("Actions decided at meetings, due in the year"), level=1)
        document.table(
            [_("Outcome"), _("Actions")], _action_rows(mechanism, year, today), widths_mm=(120, 46)
        )
        document.heading(_("Local action plan progress per objective"), level=1)
        if plan is None:
            document.paragraph(_("No local action plan covers this year."))
        else:
            document.facts(
                [
                    (_("Plan"), plan.title),
                    (_("Period"), period(plan)),
                    (_("Status"), str(STATUS_LABELS[plan.status])),
                ]
            )
            document.table(
                [_("Code"), _("Objective"), _("Activities"), _("Overdue"), _("Progress")],
                _progress_rows(plan, today),
                widths_mm=(16, 90, 22, 18, 20),
            )
        document.heading(_("Case statistics"), level=1)
        _case_statistics(document, mechanism, year, today)
        return document.to_bytes()
