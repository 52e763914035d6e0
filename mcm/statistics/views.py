"""The national statistics page, filtered by year and region."""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from mcm.cases.statistics.charts import charted
from mcm.cases.statistics.figures import (
    chosen_year,
    collect,
    discussed_years,
    local_today,
    year_choices,
)
from mcm.statistics import bp


@bp.route("/")
def index() -> Any:
    """The year's case figures of every region together, or of one region."""
    today = local_today()
    years = year_choices(discussed_years(), today)
    year = chosen_year(request.args.get("year"), years, today)
    figures = collect(year, today)
    code = request.args.get("region", "")
    row = next((i for i, unit in enumerate(figures.units) if unit.code == code), None)
    return render_template(
        "statistics/index.html",
        year=year,
        years=years,
        units=figures.units,
        region=figures.units[row] if row is not None else None,
        cases=figures.cases(row),
        left_out=row in figures.left_out,
        some_left_out=bool(figures.left_out),
        sections=charted(figures.series(row)),
    )
