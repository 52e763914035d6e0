"""The national overview as a spreadsheet: CSV for any tool, XLSX for Excel and LibreOffice."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from mcm.core.cells import formula_safe
from mcm.core.labels import status_label
from mcm.overview.services import OverviewRow
from mcm.partners.models import stage_label
from mcm.reference.models import Region


def headers() -> list[str]:
    return [
        _("Region"),
        _("Code"),
        _("Municipality"),
        _("Mechanism status"),
        _("Member institutions"),
        _("MoUs signed"),
        _("Last meeting held"),
        _("Partner pipeline stage"),
        _("Stage date"),
        _("Partner organisations"),
    ]


def table(grouped: list[tuple[Region, list[OverviewRow]]]) -> list[list[Any]]:
    """One row per municipality, the values as the page shows them."""
    rows = []
    for region, items in grouped:
        for row in items:
            municipality = row.mechanism.municipality
            partners = "; ".join(
                f"{p.organisation}: {stage_label(p.stage)}"
                + (f" ({p.stage_on.isoformat()})" if p.stage_on else "")
                for p in row.partners
            )
            rows.append(
                [
                    region.name,
                    municipality.code,
                    municipality.name,
                    status_label(row.mechanism.status),
                    row.members,
                    row.mou_signed,
                    row.last_meeting.date() if row.last_meeting else None,
                    stage_label(row.stage),
                    row.stage_on,
                    partners,
                ]
            )
    return rows


def to_csv(grouped: list[tuple[Region, list[OverviewRow]]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows ë, ç and š correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in table(grouped):
        writer.writerow([v.isoformat() if isinstance(v, date) else formula_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(grouped: list[tuple[Region, list[OverviewRow]]]) -> bytes:
    """One sheet with a bold, frozen header row and real numbers and dates."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("National overview")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table(grouped):
        sheet.append([formula_safe(v) for v in row])
    for cell in sheet["H"][1:]:
        cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (12, 6, 22, 20, 12, 10, 28, 12, 50), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
