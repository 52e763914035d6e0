"""The case statistics kept on write: per mechanism and year, and per region and year, every
breakdown's counts before suppression (table case_figures), so that a statistics page reads a
few hundred rows however many cases there are. Suppression runs on these counts when a page is
asked for, never on stored results.

A change to a case, its discussions, incidents, institutions involved or follow-up actions
touches the (mechanism, year) keys of the years the case is discussed in (before and after the
change); those keys are recomputed from the source tables with the statistics' own SQL
(mcm.cases.statistics.queries), then the regions' rows of those years are summed again from
their mechanisms' (a case belongs to one mechanism, so the sums are exact). A municipality moved
to another region takes `mcm aggregates rebuild`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.orm import Session

from mcm.cases.models import Case, CaseDiscussion, CaseFigure, CaseIncident, CaseInstitution
from mcm.cases.statistics import queries
from mcm.core import aggregates
from mcm.core.aggregates import Aggregate, Keys
from mcm.mechanisms.models import Institution, Mechanism
from mcm.meetings.models import Action
from mcm.reference.models import Municipality

MECHANISM, REGION = "mechanism", "region"
FILLED = "filled"  # per breakdown whose categories overlap, the cases with some category
DUE = "due:"  # an open follow-up action, by its due date: overdue or not depends on the day

_table = CaseFigure.__table__
# Which columns of each source count in some figure: a change to any other one touches nothing.
_COUNTED: dict[type, tuple[str, ...]] = {
    Case: ("mechanism_id", "age_band", "risk_level", "forms_of_violence"),
    CaseDiscussion: ("case_id", "discussed_on"),
    CaseIncident: ("case_id", "reported_on", "is_repeat"),
    CaseInstitution: ("case_id", "institution_id", "services_provided", "services_needed"),
    Action: ("case_id", "due_on", "status", "completed_on"),
    Institution: ("institution_type_id",),
}


def _code(value: Any) -> str:
    return str(getattr(value, "value", value))


def figures_of(session: Session, year: int, mechanism_ids: Collection[int] | None) -> list[dict]:
    """The year's counts of some mechanisms (or of all), as rows of case_figures."""
    scope = queries.Scope(year, mechanism_ids, session)
    counts: dict[tuple[int, str, str], int] = defaultdict(int)
    for unit, age, risk, repeat, n in queries.facts(scope):
        counts[unit, "age_band", _code(age)] += n
        counts[unit, "risk", _code(risk)] += n
        counts[unit, "repeat", "repeat" if repeat else "no_repeat"] += n
    keys = ("form_of_violence", "institution_type", "services_provided", "services_needed")
    for unit, *numbers in queries.coverage(scope):
        for key, number in zip(keys, numbers, strict=True):
            counts[unit, FILLED, key] += int(number or 0)
    for unit, quarter, n in queries.quarters(scope):
        counts[unit, "quarter", _code(quarter)] += n
    for unit, form, n in queries.forms(scope):
        counts[unit, "form_of_violence", _code(form)] += n
    for unit, kind, n in queries.institutions(scope):
        counts[unit, "institution_type", str(kind)] += n
    for unit, kind, service, n in queries.services(scope):
        counts[unit, kind, _code(service)] += n
    for unit, outcome, due, n in queries.actions(scope):
        counts[unit, "actions", outcome if due is None else DUE + str(due)[:10]] += n
    return [
        {
            "unit": MECHANISM,
            "year": year,
            "unit_id": unit,
            "dimension": dimension,
            "code": code,
            "cases": n,
        }
        for (unit, dimension, code), n in sorted(counts.items())
        if n
    ]


def _store(session: Session, year: int, mechanism_ids: Collection[int] | None) -> None:
    """Replace the year's rows of the mechanisms (all when None) by freshly counted ones."""
    stmt = delete(_table).where(_table.c.unit == MECHANISM, _table.c.year == year)
    if mechanism_ids is not None:
        stmt = stmt.where(_table.c.unit_id.in_(sorted(mechanism_ids)))
    session.execute(stmt)
    rows = figures_of(session, year, mechanism_ids)
    if rows:
        session.execute(insert(_table), rows)


def _sum_regions(session: Session, year: int, region_ids: Collection[int] | None) -> None:
    """Replace the year's rows of the regions (all when None) by the sums of their mechanisms'."""
    stmt = delete(_table).where(_table.c.unit == REGION, _table.c.year == year)
    if region_ids is not None:
        stmt = stmt.where(_table.c.unit_id.in_(sorted(region_ids)))
    session.execute(stmt)
    mine = _table.alias("mine")
    summed = (
        select(
            func.min(REGION),  # a constant: min() keeps it out of GROUP BY on both databases
            func.min(mine.c.year),
            Municipality.region_id,
            mine.c.dimension,
            mine.c.code,
            func.sum(mine.c.cases),
        )
        .join(Mechanism, Mechanism.id == mine.c.unit_id)
        .join(Municipality, Municipality.id == Mechanism.municipality_id)
        .where(mine.c.unit == MECHANISM, mine.c.year == year)
        .group_by(Municipality.region_id, mine.c.dimension, mine.c.code)
    )
    if region_ids is not None:
        summed = summed.where(Municipality.region_id.in_(sorted(region_ids)))
    columns = ["unit", "year", "unit_id", "dimension", "code", "cases"]
    session.execute(insert(_table).from_select(columns, summed))


def recompute(session: Session, keys: Keys) -> None:
    """Count the (mechanism id, year) keys again, then their regions' sums of those years."""
    by_year: dict[int, set[int]] = defaultdict(set)
    for mechanism_id, year in keys:  # type: ignore[misc]
        by_year[year].add(mechanism_id)
    for year, mechanism_ids in sorted(by_year.items()):
        _store(session, year, mechanism_ids)
        regions = session.scalars(
            select(Municipality.region_id)
            .join(Mechanism, Mechanism.municipality_id == Municipality.id)
            .where(Mechanism.id.in_(sorted(mechanism_ids)))
            .distinct()
        ).all()
        _sum_regions(session, year, set(regions))


def rebuild(session: Session) -> None:
    """Count every year of every mechanism again, and every region's sums."""
    session.execute(delete(_table))
    days = [
        date.fromisoformat(v) if isinstance(v, str) else v
        for v in session.execute(
            select(
                select(func.min(CaseDiscussion.discussed_on)).scalar_subquery(),
                select(func.max(CaseDiscussion.discussed_on)).scalar_subquery(),
                # a case's follow-ups count in the year they are due, discussed then or not
                select(func.min(Action.due_on))
                .where(Action.case_id.is_not(None))
                .scalar_subquery(),
                select(func.max(Action.due_on))
                .where(Action.case_id.is_not(None))
                .scalar_subquery(),
            )
        ).one()
        if v is not None
    ]
    if not days:
        return
    for year in range(min(days).year, max(days).year + 1):
        _store(session, year, None)
        _sum_regions(session, year, None)


def _values(record: Any, attribute: str) -> set[Any]:
    """The attribute's value now and before the change (None left out)."""
    history = inspect(record).attrs[attribute].history
    return {v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None}


def _changes_counted(session: Session, record: Any) -> bool:
    if record in session.new:
        return not isinstance(record, Institution)  # a new institution is in no case yet
    if record in session.deleted:
        return True
    state = inspect(record)
    return any(state.attrs[name].history.has_changes() for name in _COUNTED[type(record)])


def _years(days: Iterable[date]) -> set[int]:
    return {day.year for day in days}


def touched(session: Session, changed: list[Any]) -> Keys:
    """The (mechanism id, year) keys whose figures the flushed records may have changed."""
    records = [r for r in changed if type(r) in _COUNTED and _changes_counted(session, r)]
    if not records:
        return set()
    # For each case: the years to recount, or None for every year it is discussed in.
    cases: dict[int, set[int] | None] = {}
    mechanisms_of: dict[int, set[int]] = defaultdict(set)
    whole_mechanisms: set[int] = set()

    def every_year(case_id: int) -> None:
        cases[case_id] = None

    def some_years(case_id: int, years: set[int]) -> None:
        if cases.get(case_id, set()) is not None:
            cases[case_id] = (cases.get(case_id) or set()) | years

    for record in records:
        if isinstance(record, Case):
            mechanisms_of[record.id] |= _values(record, "mechanism_id")
            every_year(record.id)
        elif isinstance(record, CaseDiscussion):
            for case_id in _values(record, "case_id"):
                some_years(case_id, _years(_values(record, "discussed_on")))
        elif isinstance(record, CaseIncident):
            for case_id in _values(record, "case_id"):
                some_years(case_id, _years(_values(record, "reported_on")))
        elif isinstance(record, CaseInstitution):
            for case_id in _values(record, "case_id"):
                every_year(case_id)
        elif isinstance(record, Action):
            for case_id in _values(record, "case_id"):
                some_years(case_id, _years(_values(record, "due_on")))
        elif isinstance(record, Institution):
            whole_mechanisms |= _values(record, "mechanism_id")
    keys: Keys = set()
    ids = sorted(cases)
    if ids:
        for case_id, mechanism_id in session.execute(
            select(Case.id, Case.mechanism_id).where(Case.id.in_(ids))
        ):
            mechanisms_of[case_id].add(mechanism_id)
        discussed: dict[int, set[int]] = defaultdict(set)
        wanted = [case_id for case_id, years in cases.items() if years is None]
        if wanted:
            for case_id, day in session.execute(
                select(CaseDiscussion.case_id, CaseDiscussion.discussed_on).where(
                    CaseDiscussion.case_id.in_(wanted)
                )
            ):
                discussed[case_id].add(day.year)
        for case_id, years in cases.items():
            for mechanism_id in mechanisms_of[case_id]:
                for year in years if years is not None else discussed[case_id]:
                    keys.add((mechanism_id, year))
    if whole_mechanisms:
        for mechanism_id, day in session.execute(
            select(Case.mechanism_id, CaseDiscussion.discussed_on)
            .join(CaseDiscussion, CaseDiscussion.case_id == Case.id)
            .where(Case.mechanism_id.in_(sorted(whole_mechanisms)))
        ):
            keys.add((mechanism_id, day.year))
    return keys


aggregates.register(Aggregate("case statistics", touched, recompute, rebuild))
