"""Lists that scale with years of use: one page at a time, filters and a sort order read from the
URL and kept in it (so a page can be bookmarked, shared and exported with the same choice).

Every value comes from the query string and is checked against a whitelist: an unknown sort key,
a page that is not a number or a year out of range is ignored, never an error. A page past the
last shows the last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import request, url_for
from sqlalchemy import Select, func, select

from mcm.core.db import parse_id
from mcm.extensions import db

PAGE_SIZE = 25
FIRST_YEAR, LAST_YEAR = 1990, 2100


def choice(raw: str | None, allowed: Iterable[str]) -> str:
    """The value if it is one of the allowed, else "" (no filter)."""
    return raw if raw is not None and raw in set(allowed) else ""


def year(raw: str | None) -> int | None:
    """A year to filter on, or None when the value is not a plausible year."""
    if raw is None or not raw.isdigit() or len(raw) != 4:
        return None
    value = int(raw)
    return value if FIRST_YEAR <= value <= LAST_YEAR else None


def record_id(raw: str | None) -> int | None:
    """A record id to filter on, or None."""
    return parse_id(raw) if raw else None


@dataclass
class Listing:
    """The choices a list page was asked for: filters, sort key and direction, page."""

    endpoint: str
    filters: dict[str, Any]
    sort: str
    descending: bool
    page: int = 1
    values: dict[str, Any] = field(default_factory=dict)  # URL values such as mechanism_code

    @classmethod
    def read(
        cls,
        endpoint: str,
        filters: dict[str, Any],
        sort_keys: Iterable[str],
        default_sort: str,
        **values: Any,
    ) -> Listing:
        """The sort (`?sort=due` or `?sort=-due`, unknown keys ignored) and page of a request."""
        raw = request.args.get("sort", "")
        key = raw.removeprefix("-")
        if key not in set(sort_keys):
            raw, key = default_sort, default_sort.removeprefix("-")
        page = parse_id(request.args.get("page", "1")) or 1
        return cls(endpoint, filters, key, raw.startswith("-"), page, values)

    @property
    def args(self) -> dict[str, Any]:
        """The filters and sort as URL parameters, empty ones left out."""
        found = {k: v for k, v in self.filters.items() if v not in (None, "")}
        found["sort"] = ("-" if self.descending else "") + self.sort
        return found

    def url(self, endpoint: str | None = None, **changes: Any) -> str:
        """This list's URL with some parameters changed (another endpoint: an export)."""
        args = {**self.args, **changes}
        args = {k: v for k, v in args.items() if v not in (None, "")}
        return url_for(endpoint or self.endpoint, **self.values, **args)

    def sort_url(self, key: str) -> str:
        """The URL that sorts by a column: again on the same column reverses it; back to page 1."""
        descending = not self.descending if key == self.sort else False
        return self.url(sort=("-" if descending else "") + key, page=None)

    def aria_sort(self, key: str) -> str | None:
        if key != self.sort:
            return None
        return "descending" if self.descending else "ascending"

    def order(self, columns: Mapping[str, Any], tiebreak: Any) -> list[Any]:
        """ORDER BY clauses for the chosen key, a stable tiebreak last."""
        chosen = columns[self.sort]
        chosen = chosen if isinstance(chosen, (list, tuple)) else [chosen]
        ordered = [c.desc() if self.descending else c.asc() for c in chosen]
        return [*ordered, tiebreak.desc() if self.descending else tiebreak.asc()]


@dataclass
class Page:
    """One page of a list, with what the pager needs."""

    items: list[Any]
    total: int
    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate(
    stmt: Select[Any], page: int, per_page: int = PAGE_SIZE, *, scalars: bool = True
) -> Page:
    """Count the rows, then read one page of them: two queries, whatever the number of rows."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    limited = stmt.limit(per_page).offset((page - 1) * per_page)
    result = db.session.scalars(limited) if scalars else db.session.execute(limited)
    return Page(list(result.unique() if scalars else result.all()), total, page, pages)
