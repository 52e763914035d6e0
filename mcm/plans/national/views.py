"""The national matrix page and its downloads."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from mcm.core.db import parse_id
from mcm.partners.services import today
from mcm.plans.national import bp, exports, kept  # noqa: F401 - kept: the cells on write
from mcm.plans.national.queries import LEVELS, Matrix, build


def _matrix() -> Matrix:
    return build(parse_id(request.args.get("strategy")), request.args.get("level"))


def _query(matrix: Matrix) -> dict[str, Any]:
    """The choices in the query string, for the download links."""
    values: dict[str, Any] = {"level": matrix.level.value}
    if matrix.strategy is not None:
        values["strategy"] = matrix.strategy.id
    return values


@bp.route("/matrix")
def matrix() -> Any:
    """Municipalities by region against the national objectives: coverage, progress and gaps."""
    found = _matrix()
    counts = {cell.activities for row in found.rows for cell in row.cells if cell.covered}
    return render_template(
        "plans/national/matrix.html",
        matrix=found,
        # each label translated once per page, not once per cell
        gap_label=_("not covered"),
        activity_labels={n: ngettext("%(num)d activity", "%(num)d activities", n) for n in counts},
        levels=LEVELS,
        query=_query(found),
        coverage=found.coverage(),
    )


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    name = f"mcm-action-plans-{today().isoformat()}.{extension}"
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/matrix.csv")
def matrix_csv() -> Any:
    """The matrix as CSV."""
    return _download(exports.to_csv(_matrix()), "text/csv", "csv")


@bp.route("/matrix.xlsx")
def matrix_xlsx() -> Any:
    """The matrix as an Excel workbook."""
    return _download(
        exports.to_xlsx(_matrix()),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )
