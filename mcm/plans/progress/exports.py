"""A plan's progress as a spreadsheet: one row per activity with its objective, indicator,
latest value, linked actions and derived progress, as the coordinator's view shows them."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from mcm.core.cells import formula_safe
from mcm.plans.progress.queries import PlanProgress


def headers() -> list[str]:
    return [
        _("Objective"),
        _("Activity"),
        _("Indicator"),
        _("Baseline"),
        _("Target"),
        _("Latest value"),
        _("Date of the value"),
        _("Linked actions done"),
        _("Linked actions not dropped"),
        _("Progress (%)"),
        _("Ends"),
        _("Overdue"),
        _("No linked work"),
    ]


def table(found: PlanProgress) -> list[list[Any]]:
    rows = []
    for objective in found.objectives:
        for activity, p in objective.activities:
            m = p.measures
            rows.append(
                [
                    f"{objective.objective.code} {objective.objective.title}",
                    f"{activity.code} {activity.title}",
                    activity.indicator,
                    activity.baseline,
                    activity.target,
                    m.latest_value,
                    m.latest_on,
                    m.done,
                    m.counted,
                    None if p.progress is None else p.percent,
                    f"{activity.end_year} Q{activity.end_quarter}",
                    _("yes") if p.overdue else _("no"),
                    _("yes") if p.unlinked else _("no"),
                ]
            )
    return rows


def to_csv(found: PlanProgress) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows ë, ç and š correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in table(found):
        writer.writerow(
            ["" if v is None else v.isoformat() if hasattr(v, "isoformat") else formula_safe(v)
             for v in row]
        )  # fmt: skip
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(found: PlanProgress) -> bytes:
    """One sheet with a bold, frozen header row, numbers as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Progress")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table(found):
        sheet.append([float(v) if hasattr(v, "as_tuple") else formula_safe(v) for v in row])
    for cell in sheet["G"][1:]:
        cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
