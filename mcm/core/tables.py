"""Exports of a list as CSV or XLSX: the same rows in both, every text cell made formula-safe."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font

from mcm.core.cells import formula_safe

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return (
            value.isoformat(sep=" ", timespec="minutes")
            if isinstance(value, datetime)
            else value.isoformat()
        )
    return formula_safe(value)


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows ë, ç and š correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([formula_safe(h) for h in headers])
    for row in rows:
        writer.writerow([_plain(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet with a bold, frozen header row; dates stay dates, text is never a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([formula_safe(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                v.replace(tzinfo=None)
                if isinstance(v, datetime)
                else ""
                if v is None
                else formula_safe(v)
                for v in row
            ]
        )
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(
    fmt: str, name: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Response:
    """The rows as a file to download; `fmt` is csv or xlsx (the route accepts nothing else)."""
    rows = list(rows)
    body = to_csv(headers, rows) if fmt == "csv" else to_xlsx(title, headers, rows)
    response = Response(body, mimetype=FORMATS[fmt].split(";")[0])
    response.headers["Content-Type"] = FORMATS[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
