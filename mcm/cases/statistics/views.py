"""A mechanism's statistics page: aggregate figures of its cases, small figures suppressed, for
the coordinators and member representatives of the mechanism."""

from __future__ import annotations

from typing import Any

from flask import g, render_template, request

from mcm.cases import bp
from mcm.cases.statistics.charts import charted
from mcm.cases.statistics.figures import (
    chosen_year,
    collect,
    discussed_years,
    local_today,
    year_choices,
)


@bp.route("/m/<mechanism_code>/cases/statistics")
def statistics() -> Any:
    """The year's figures of the mechanism's cases, as charts and tables."""
    today = local_today()
    years = year_choices(discussed_years(g.mechanism.id), today)
    year = chosen_year(request.args.get("year"), years, today)
    figures = collect(year, today, g.mechanism)
    return render_template(
        "cases/statistics/index.html",
        year=year,
        years=years,
        cases=figures.cases(0),
        left_out=0 in figures.left_out,
        sections=charted(figures.series(0)),
    )
