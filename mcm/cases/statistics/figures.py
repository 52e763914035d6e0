"""Aggregate figures about the cases discussed in a year, for one mechanism or for every region,
published only through the small-cell suppression of mcm.cases.statistics.suppression.

The population of a year is the cases discussed at least once that year (a CaseDiscussion dated
in it); a case transferred and discussed by two mechanisms counts once in each. Each breakdown
is a table of units (the regions, or the one mechanism) by categories; a region's page and the
national page show a row and the column totals of the same suppressed table.

Every table of the population shares the number of cases of each unit (N_i) and in all (N):
the age bands, risk levels and repeats add up to them, and the overlapping breakdowns are bounded
by them (no cell exceeds N_i; every case discussed in a year is in some quarter). So these totals
are always published exactly and never withheld to protect a cell: given them, the tables are
independent, and each one's exact protection protects them all. A unit with 1 to 4 cases would
have its total shown as "<5" and be worked out from the others, so it is left out of every case
figure, the national ones included, and its total is shown as "<5".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mcm.cases.labels import AGE_BAND_LABELS, FORM_OF_VIOLENCE_LABELS, RISK_LABELS, SERVICE_LABELS
from mcm.cases.models import FORMS_OF_VIOLENCE, SERVICES, AgeBand, CaseFigure, RiskLevel
from mcm.cases.statistics import queries
from mcm.cases.statistics.aggregates import DUE, FILLED, MECHANISM, REGION
from mcm.cases.statistics.queries import discussed_years
from mcm.cases.statistics.suppression import THRESHOLD, Count, State, Table, suppress
from mcm.extensions import db
from mcm.mechanisms.models import Mechanism
from mcm.reference.models import InstitutionType, Region

__all__ = ["Statistics", "chosen_year", "collect", "discussed_years", "local_today", "year_choices"]

QUARTERS = ("1", "2", "3", "4")
REPEATS = ("repeat", "no_repeat")
OUTCOMES = ("on_time", "late", "overdue", "pending")
ADDITIVE = ("age_band", "risk", "repeat")  # every case in exactly one category
OVERLAPPING = (
    "quarter",
    "form_of_violence",
    "institution_type",
    "services_provided",
    "services_needed",
)  # a case may count in several categories, or none
ORDER = (
    "quarter",
    "form_of_violence",
    "age_band",
    "risk",
    "repeat",
    "institution_type",
    "services_provided",
    "services_needed",
    "actions",
)

TITLES = {
    "cases": _l("Cases discussed, by region"),
    "quarter": _l("Cases discussed, by quarter"),
    "form_of_violence": _l("Forms of violence"),
    "age_band": _l("Age of the victim"),
    "risk": _l("Risk level"),
    "repeat": _l("Repeat incidents"),
    "institution_type": _l("Institutions involved, by type"),
    "services_provided": _l("Services provided"),
    "services_needed": _l("Services needed"),
    "actions": _l("Actions due in the year"),
}
NOTES = {
    "quarter": _l("A case discussed in several quarters counts in each of them."),
    "form_of_violence": _l("A case with several forms of violence counts in each of them."),
    "institution_type": _l("A case counts once for each type of institution involved in it."),
    "services_provided": _l("A case counts once for each service provided in it."),
    "services_needed": _l("A case counts once for each service needed in it."),
    "repeat": _l("A new incident reported within 12 months of the case's last discussion."),
    "actions": _l(
        "Actions assigned in case discussions and due in the year; dropped actions are left "
        "out. An action done without a completion date counts as late."
    ),
}
CATEGORY_LABELS: dict[str, dict[str, Any]] = {
    "quarter": {q: _l("Quarter %(number)s", number=q) for q in QUARTERS},
    "repeat": {"repeat": _l("With a repeat incident"), "no_repeat": _l("Without")},
    "actions": {
        "on_time": _l("Done on time"),
        "late": _l("Done late"),
        "overdue": _l("Open and overdue"),
        "pending": _l("Open, not yet due"),
    },
    "age_band": AGE_BAND_LABELS,
    "risk": RISK_LABELS,
    "form_of_violence": FORM_OF_VIOLENCE_LABELS,
    "services_provided": SERVICE_LABELS,
    "services_needed": SERVICE_LABELS,
}


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Series:
    """One breakdown as a page shows it: labelled figures and, unless they overlap, a total."""

    key: str
    title: str
    note: str
    bars: tuple[tuple[str, Count], ...]
    total: Count | None


@dataclass(frozen=True)
class Statistics:
    year: int
    national: bool
    units: tuple[Unit, ...]
    categories: dict[str, tuple[str, ...]]  # per breakdown, the categories' labels
    tables: dict[str, Table]  # per breakdown, units by categories, suppressed
    counted: tuple[int, ...]  # cases discussed per unit, 0 for a unit left out
    left_out: frozenset[int]  # units with 1 to 4 cases: in no case figure

    def cases(self, row: int | None = None) -> Count:
        """How many cases were discussed in the year (in one unit), as it may be published:
        always exactly, but "<5" for a unit left out."""
        if row in self.left_out:
            return Count(State.SMALL)
        if row is None and self.national:
            return Count(State.SHOWN, sum(self.counted))
        return Count(State.SHOWN, self.counted[row or 0])

    def series(self, row: int | None = None) -> list[Series]:
        """Every breakdown for one unit (its row) or for all of them (the column totals); none
        for a unit left out."""
        if row in self.left_out:
            return []
        result = []
        if self.national and row is None:
            bars = tuple((u.name, self.cases(i)) for i, u in enumerate(self.units))
            result.append(Series("cases", str(TITLES["cases"]), "", bars, self.cases()))
        for key in ORDER:
            table = self.tables[key]
            at = row if row is not None else (None if self.national else 0)
            counts = table.column_totals if at is None else table.cells[at]
            total = table.total if at is None else table.row_totals[at]
            bars = tuple(zip(self.categories[key], counts, strict=True))
            note = str(NOTES.get(key, ""))
            result.append(
                Series(key, str(TITLES[key]), note, bars, None if key in OVERLAPPING else total)
            )
        return result


def local_today() -> date:
    """Today in the installation's time zone."""
    return datetime.now(ZoneInfo(current_app.config["MCM_TIMEZONE"])).date()


def year_choices(span: tuple[int, int] | None, today: date) -> list[int]:
    """The years a reader may choose, latest first: those with discussions, and this one."""
    first, last = span or (today.year, today.year)
    return list(range(max(last, today.year), min(first, today.year) - 1, -1))


def chosen_year(raw: str | None, years: list[int], today: date) -> int:
    """The year asked for in the query string when it is one of the choices, else this year."""
    if raw and raw.isdigit() and int(raw) in years:
        return int(raw)
    return today.year


def _code(value: Any) -> str:
    return str(getattr(value, "value", value))


def _matrix(rows: queries.Rows, index: dict[int, int], codes: list[str]) -> list[list[int]]:
    """(unit, code, count) rows as a units-by-codes table of counts."""
    column = {code: j for j, code in enumerate(codes)}
    cells = [[0] * len(codes) for _ in index]
    for unit, code, number in rows:
        if unit in index and _code(code) in column:
            cells[index[unit]][column[_code(code)]] += int(number)
    return cells


def _counts(
    year: int, mechanism: Mechanism | None, today: date, index: dict[int, int]
) -> tuple[dict[str, queries.Rows], dict[str, list[int]]]:
    """Every breakdown's (unit, code, count) rows, and per unit how many cases have each list
    filled in: read from the figures kept on write (regions' rows, or the mechanism's)."""
    stmt = select(CaseFigure.unit_id, CaseFigure.dimension, CaseFigure.code, CaseFigure.cases)
    if mechanism is None:
        stmt = stmt.where(CaseFigure.unit == REGION, CaseFigure.year == year)
    else:
        stmt = stmt.where(
            CaseFigure.unit == MECHANISM,
            CaseFigure.year == year,
            CaseFigure.unit_id == mechanism.id,
        )
    counts: dict[str, queries.Rows] = defaultdict(list)
    filled = {key: [0] * len(index) for key in OVERLAPPING}
    for unit, dimension, code, n in db.session.execute(stmt):
        if dimension == FILLED:
            if unit in index and code in filled:
                filled[code][index[unit]] = n
        elif dimension == "actions" and code.startswith(DUE):
            overdue = date.fromisoformat(code.removeprefix(DUE)) < today
            counts[dimension].append((unit, "overdue" if overdue else "pending", n))
        else:
            counts[dimension].append((unit, code, n))
    return counts, filled


def collect(year: int, today: date, mechanism: Mechanism | None = None) -> Statistics:
    """The year's statistics of one mechanism, or of every region when none is given."""
    national = mechanism is None
    if mechanism is None:
        regions = db.session.scalars(select(Region).order_by(Region.name_en)).all()
        units = tuple(Unit(r.id, r.code, r.name) for r in regions)
    else:
        units = (Unit(mechanism.id, mechanism.code, mechanism.municipality.name),)
    index = {unit.id: i for i, unit in enumerate(units)}
    types = db.session.scalars(
        select(InstitutionType).order_by(InstitutionType.position, InstitutionType.name_en)
    ).all()
    codes: dict[str, list[str]] = {
        "quarter": list(QUARTERS),
        "age_band": [a.value for a in AgeBand],
        "risk": [r.value for r in RiskLevel],
        "repeat": list(REPEATS),
        "form_of_violence": list(FORMS_OF_VIOLENCE),
        "institution_type": [str(t.id) for t in types],
        "services_provided": list(SERVICES),
        "services_needed": list(SERVICES),
        "actions": list(OUTCOMES),
    }
    counts, filled = _counts(year, mechanism, today, index)
    cells = {key: _matrix(counts[key], index, codes[key]) for key in codes}
    cases = [sum(row) for row in cells["age_band"]]
    filled["quarter"] = list(cases)  # every case discussed in the year is in some quarter
    left_out = frozenset(i for i, n in enumerate(cases) if 0 < n < THRESHOLD)
    for key in (*ADDITIVE, *OVERLAPPING):
        for i in left_out:
            cells[key][i] = [0] * len(codes[key])
    for i in left_out:
        cases[i] = 0
        for key in OVERLAPPING:
            filled[key][i] = 0
    tables = {key: _additive(cells[key], national) for key in ADDITIVE}
    for key in OVERLAPPING:
        tables[key] = _overlapping(cells[key], cases, filled[key], national)
    tables["actions"] = suppress(cells["actions"], column_totals=national)
    labels = {key: CATEGORY_LABELS.get(key, {}) for key in codes}
    labels["institution_type"] = {str(t.id): t.name for t in types}
    categories = {key: tuple(str(labels[key].get(c, c)) for c in codes[key]) for key in codes}
    return Statistics(year, national, units, categories, tables, tuple(cases), left_out)


def _additive(cells: list[list[int]], national: bool) -> Table:
    """A breakdown in which every case has exactly one category: its row totals (and grand
    total) are the shared numbers of cases, kept published."""
    rows, columns = len(cells), len(cells[0]) if cells else 0
    keep = [(i, columns) for i in range(rows)] + [(rows, columns)]
    return suppress(cells, column_totals=national, keep=keep)


def _overlapping(
    cells: list[list[int]], cases: list[int], filled: list[int], national: bool
) -> Table:
    """A breakdown whose categories overlap: no row total is published, but a reader knows no
    cell exceeds its row's number of cases, and that when every case of the row has some
    category, the row's cells add up to at least that number (likewise nationally)."""
    rows, columns = len(cells), len(cells[0]) if cells else 0
    caps = {(i, j): n for i, n in enumerate(cases) for j in range(columns)}
    floors = {(i, columns): n for i, n in enumerate(cases) if filled[i] == n}
    if national:
        caps |= {(rows, j): sum(cases) for j in range(columns)}
        if filled == cases:
            floors[rows, columns] = sum(cases)
    return suppress(cells, row_totals=False, column_totals=national, floors=floors, caps=caps)
