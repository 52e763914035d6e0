"""The national matrix as a spreadsheet: one row per municipality, one column per national
objective with the progress in percent, empty where no adopted plan covers the objective."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from mcm.core.cells import formula_safe
from mcm.core.i18n import localized
from mcm.plans.national.queries import Matrix

GAP_FILL = PatternFill("solid", fgColor="F8D7DA")


def headers(matrix: Matrix) -> list[str]:
    fixed = [_("Region"), _("Code"), _("Municipality"), _("Action plans")]
    objectives = [f"{o.code} {localized(o, 'text')}" for o in matrix.columns]
    return fixed + objectives + [_("Objectives not covered")]


def table(matrix: Matrix) -> list[list[Any]]:
    """One row per municipality: progress in percent per objective, None where not covered."""
    rows = []
    for region, items in matrix.regions:
        for row in items:
            municipality = row.mechanism.municipality
            plans = "; ".join(f"{p.title} ({p.starts_year}-{p.ends_year})" for p in row.plans)
            rows.append(
                [region.name, municipality.code, municipality.name, plans]
                + [c.percent if c.covered else None for c in row.cells]
                + [row.uncovered]
            )
    return rows


def to_csv(matrix: Matrix) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows ë, ç and š correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([formula_safe(h) for h in headers(matrix)])
    for row in table(matrix):
        writer.writerow(["" if v is None else formula_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(matrix: Matrix) -> bytes:
    """One sheet, bold frozen header, progress as numbers and gaps shaded."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Action plans")[:31]
    sheet.append([formula_safe(h) for h in headers(matrix)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    first, last = 5, 4 + len(matrix.columns)
    for values in table(matrix):
        sheet.append([formula_safe(v) for v in values])
        for column in range(first, last + 1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            if cell.value is None:
                cell.fill = GAP_FILL
    sheet.freeze_panes = "E2"
    for column, width in ((1, 14), (2, 6), (3, 20), (4, 30)):
        sheet.column_dimensions[get_column_letter(column)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
