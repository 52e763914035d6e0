"""The statistics' SQL: each breakdown is one statement grouped by unit (a region, or the one
mechanism) and category, whatever the number of cases. Lists kept as JSON (forms of violence,
services) are opened in SQL with json_each (SQLite) or json_array_elements_text (PostgreSQL)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, distinct, exists, func, literal, select, true, union_all

from mcm.cases.models import Case, CaseDiscussion, CaseIncident, CaseInstitution
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.meetings.models import Action, ActionStatus
from mcm.reference.models import Municipality

Rows = list[tuple[Any, ...]]


def discussed_years(mechanism_id: int | None = None) -> tuple[int, int] | None:
    """The first and last year with a case discussion (of one mechanism, or anywhere)."""
    stmt = select(func.min(CaseDiscussion.discussed_on), func.max(CaseDiscussion.discussed_on))
    if mechanism_id is not None:
        stmt = stmt.join(Case, Case.id == CaseDiscussion.case_id).where(
            Case.mechanism_id == mechanism_id
        )
    first, last = db.session.execute(stmt).one()
    return (first.year, last.year) if first and last else None


class Scope:
    """Which cases, and which unit each belongs to: a region, or the one mechanism."""

    def __init__(self, year: int, mechanism_id: int | None) -> None:
        self.year, self.mechanism_id = year, mechanism_id
        self.start, self.end = date(year, 1, 1), date(year, 12, 31)
        self.unit = Municipality.region_id if mechanism_id is None else Case.mechanism_id

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
        """Join a select of cases to their municipality, limited to the mechanism if any."""
        stmt = stmt.join(Mechanism, Mechanism.id == Case.mechanism_id).join(
            Municipality, Municipality.id == Mechanism.municipality_id
        )
        if self.mechanism_id is not None:
            stmt = stmt.where(Case.mechanism_id == self.mechanism_id)
        return stmt


def _grouped(inner: Select[Any], counted: str | None = None) -> Rows:
    """Group a per-case (or per-row) select by all its columns but the counted one."""
    sub = inner.subquery()
    keys = [c for c in sub.c if c.name != counted]
    number = func.count(distinct(sub.c[counted])) if counted else func.count()
    return [tuple(row) for row in db.session.execute(select(*keys, number).group_by(*keys))]


def _elements(column: Any) -> Any:
    """The values of a JSON list column as a table joined to its row, on either database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(column).table_valued("value")
    return func.json_each(column).table_valued("value")


def facts(scope: Scope) -> Rows:
    """(unit, age band, risk level, whether a repeat incident was reported in the year, cases)."""
    repeat = exists().where(
        CaseIncident.case_id == Case.id,
        CaseIncident.is_repeat,
        CaseIncident.reported_on.between(scope.start, scope.end),
    )
    return _grouped(
        scope.cases(
            Case.age_band.label("age_band"), Case.risk_level.label("risk"), repeat.label("repeat")
        )
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
    return [
        tuple(row) for row in db.session.execute(select(flags.c.unit, *sums).group_by(flags.c.unit))
    ]


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
    return _grouped(inner, "case_id")


def forms(scope: Scope) -> Rows:
    """(unit, form of violence, cases)."""
    forms = _elements(Case.forms_of_violence)
    inner = scope.cases(forms.c.value.label("code"), Case.id.label("case_id")).join(forms, true())
    return _grouped(inner, "case_id")


def institutions(scope: Scope) -> Rows:
    """(unit, institution type id, cases an institution of that type is involved in)."""
    inner = (
        scope.cases(Institution.institution_type_id.label("code"), Case.id.label("case_id"))
        .join(CaseInstitution, CaseInstitution.case_id == Case.id)
        .join(Institution, Institution.id == CaseInstitution.institution_id)
    )
    return _grouped(inner, "case_id")


def services(scope: Scope) -> Rows:
    """(unit, "services_provided" or "services_needed", service, cases)."""
    parts = []
    for kind, column in (
        ("services_provided", CaseInstitution.services_provided),
        ("services_needed", CaseInstitution.services_needed),
    ):
        values = _elements(column)
        parts.append(
            scope.cases(
                literal(kind).label("kind"), values.c.value.label("code"), Case.id.label("case_id")
            )
            .join(CaseInstitution, CaseInstitution.case_id == Case.id)
            .join(values, true())
        )
    return _grouped(union_all(*parts).subquery().select(), "case_id")


def actions(scope: Scope, today: date) -> Rows:
    """(unit, outcome, actions): case follow-ups due in the year, dropped ones left out."""
    done = Action.status == ActionStatus.DONE
    outcome = case(
        (
            and_(done, Action.completed_on.is_not(None), Action.completed_on <= Action.due_on),
            "on_time",
        ),
        (done, "late"),
        (Action.due_on < today, "overdue"),
        else_="pending",
    )
    inner = scope.within(
        select(scope.unit.label("unit"), outcome.label("code"))
        .select_from(Action)
        .join(Case, Case.id == Action.case_id)
        .where(
            Action.due_on.between(scope.start, scope.end),
            Action.status != ActionStatus.DROPPED,
        )
    )
    return _grouped(inner)
