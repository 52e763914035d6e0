"""The statistics' SQL over the source tables: each breakdown is one statement grouped by
mechanism and category, whatever the number of cases. The pages read the figures kept from it
(mcm.cases.statistics.aggregates), recomputed per mechanism and year. Lists kept as JSON (forms
of violence, services) are opened in SQL with json_each (SQLite) or json_array_elements_text
(PostgreSQL)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, distinct, exists, func, literal, select, true, union_all
from sqlalchemy.orm import Session

from mcm.cases.models import Case, CaseDiscussion, CaseIncident, CaseInstitution
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.meetings.models import Action, ActionStatus

Rows = list[tuple[Any, ...]]


def discussed_years(mechanism_id: int | None = None) -> tuple[int, int] | None:
    """The first and last year with a case discussion (of one mechanism, or anywhere)."""
    if mechanism_id is None:  # two lookups in the index of discussion dates
        first, last = db.session.execute(
            select(
                select(func.min(CaseDiscussion.discussed_on)).scalar_subquery(),
                select(func.max(CaseDiscussion.discussed_on)).scalar_subquery(),
            )
        ).one()
    else:
        first, last = db.session.execute(
            select(func.min(CaseDiscussion.discussed_on), func.max(CaseDiscussion.discussed_on))
            .join(Case, Case.id == CaseDiscussion.case_id)
            .where(Case.mechanism_id == mechanism_id)
        ).one()
    first, last = (date.fromisoformat(v) if isinstance(v, str) else v for v in (first, last))
    return (first.year, last.year) if first and last else None


class Scope:
    """Which cases: those of the year, of some mechanisms or of all; the unit of each is its
    mechanism."""

    def __init__(
        self, year: int, mechanism_ids: Collection[int] | None, session: Session | None = None
    ) -> None:
        self.year, self.mechanism_ids = year, mechanism_ids
        self.session = session or db.session
        self.start, self.end = date(year, 1, 1), date(year, 12, 31)
        self.unit = Case.mechanism_id

    def cases(self, *columns: Any) -> Select[Any]:
        """The cases discussed in the year, with their unit first."""
        discussed = exists().where(
            CaseDiscussion.case_id == Case.id,
            CaseDiscussion.discussed_on.between(self.start, self.end),
        )
        return self.within(
            select(self.unit.label("unit"), *columns).select_from(Case).where(discussed)
        )

    def within(self, stmt: Select[Any]) -> Select[Any]:
        """Limit a select of cases to the mechanisms, if any."""
        if self.mechanism_ids is not None:
            stmt = stmt.where(Case.mechanism_id.in_(sorted(self.mechanism_ids)))
        return stmt

    def rows(self, stmt: Any) -> Rows:
        """The statement's rows as tuples."""
        return [tuple(row) for row in self.session.execute(stmt)]

    def elements(self, column: Any) -> Any:
        """The values of a JSON list column as a table joined to its row, on either database."""
        if self.session.get_bind().dialect.name == "postgresql":
            return func.json_array_elements_text(column).table_valued("value")
        return func.json_each(column).table_valued("value")


def _grouped(scope: Scope, inner: Select[Any], counted: str | None = None) -> Rows:
    """Group a per-case (or per-row) select by all its columns but the counted one."""
    sub = inner.subquery()
    keys = [c for c in sub.c if c.name != counted]
    number = func.count(distinct(sub.c[counted])) if counted else func.count()
    return scope.rows(select(*keys, number).group_by(*keys))


def facts(scope: Scope) -> Rows:
    """(unit, age band, risk level, whether a repeat incident was reported in the year, cases)."""
    repeat = exists().where(
        CaseIncident.case_id == Case.id,
        CaseIncident.is_repeat,
        CaseIncident.reported_on.between(scope.start, scope.end),
    )
    return _grouped(
        scope,
        scope.cases(
            Case.age_band.label("age_band"), Case.risk_level.label("risk"), repeat.label("repeat")
        ),
    )


def coverage(scope: Scope) -> Rows:
    """(unit, cases with forms of violence, with an institution involved, with a service
    provided, with a service needed): whether a reader may take every case to be in some
    category of those breakdowns."""

    def filled(column: Any) -> Any:
        return func.max(case((func.json_array_length(column) > 0, 1), else_=0))

    # One pass over the institutions involved, grouped by case, rather than a lookup per case.
    involved = (
        select(
            CaseInstitution.case_id.label("case_id"),
            filled(CaseInstitution.services_provided).label("provided"),
            filled(CaseInstitution.services_needed).label("needed"),
        )
        .group_by(CaseInstitution.case_id)
        .subquery()
    )
    flags = (
        scope.cases(
            (func.json_array_length(Case.forms_of_violence) > 0).label("forms"),
            involved.c.case_id.is_not(None).label("institutions"),
            (func.coalesce(involved.c.provided, 0) > 0).label("provided"),
            (func.coalesce(involved.c.needed, 0) > 0).label("needed"),
        )
        .outerjoin(involved, involved.c.case_id == Case.id)
        .subquery()
    )
    sums = [
        func.sum(case((flags.c[name], 1), else_=0))
        for name in ("forms", "institutions", "provided", "needed")
    ]
    return scope.rows(select(flags.c.unit, *sums).group_by(flags.c.unit))


def quarters(scope: Scope) -> Rows:
    """(unit, quarter, cases with a discussion in that quarter)."""
    y = scope.year
    quarter = case(
        (CaseDiscussion.discussed_on < date(y, 4, 1), "1"),
        (CaseDiscussion.discussed_on < date(y, 7, 1), "2"),
        (CaseDiscussion.discussed_on < date(y, 10, 1), "3"),
        else_="4",
    )
    inner = scope.within(
        select(scope.unit.label("unit"), quarter.label("code"), Case.id.label("case_id"))
        .select_from(CaseDiscussion)
        .join(Case, Case.id == CaseDiscussion.case_id)
        .where(CaseDiscussion.discussed_on.between(scope.start, scope.end))
    )
    return _grouped(scope, inner, "case_id")


def forms(scope: Scope) -> Rows:
    """(unit, form of violence, cases)."""
    forms = scope.elements(Case.forms_of_violence)
    inner = scope.cases(forms.c.value.label("code"), Case.id.label("case_id")).join(forms, true())
    return _grouped(scope, inner, "case_id")


def institutions(scope: Scope) -> Rows:
    """(unit, institution type id, cases an institution of that type is involved in)."""
    inner = (
        scope.cases(Institution.institution_type_id.label("code"), Case.id.label("case_id"))
        .join(CaseInstitution, CaseInstitution.case_id == Case.id)
        .join(Institution, Institution.id == CaseInstitution.institution_id)
    )
    return _grouped(scope, inner, "case_id")


def services(scope: Scope) -> Rows:
    """(unit, "services_provided" or "services_needed", service, cases)."""
    parts = []
    for kind, column in (
        ("services_provided", CaseInstitution.services_provided),
        ("services_needed", CaseInstitution.services_needed),
    ):
        values = scope.elements(column)
        parts.append(
            scope.cases(
                literal(kind).label("kind"), values.c.value.label("code"), Case.id.label("case_id")
            )
            .join(CaseInstitution, CaseInstitution.case_id == Case.id)
            .join(values, true())
        )
    return _grouped(scope, union_all(*parts).subquery().select(), "case_id")


def actions(scope: Scope) -> Rows:
    """(unit, outcome, due date of an open action, actions): case follow-ups due in the year,
    dropped ones left out. Whether an open one is overdue depends on the day it is read, so
    open actions are counted by their due date."""
    done = Action.status == ActionStatus.DONE
    outcome = case(
        (
            and_(done, Action.completed_on.is_not(None), Action.completed_on <= Action.due_on),
            "on_time",
        ),
        (done, "late"),
        else_="open",
    )
    inner = scope.within(
        select(
            scope.unit.label("unit"),
            outcome.label("code"),
            case((done, None), else_=Action.due_on).label("due_on"),
        )
        .select_from(Action)
        .join(Case, Case.id == Action.case_id)
        .where(
            Action.due_on.between(scope.start, scope.end),
            Action.status != ActionStatus.DROPPED,
        )
    )
    return _grouped(scope, inner)
