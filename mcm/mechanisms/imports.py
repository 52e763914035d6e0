"""Importing an existing member list from CSV or XLSX: template, preview with every bad row
explained, and nothing saved until the coordinator confirms."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from flask import Response, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from mcm.core import pii
from mcm.core.access import Rule, allow
from mcm.core.labels import MOU_STATUS_LABELS
from mcm.extensions import db
from mcm.mechanisms import bp
from mcm.mechanisms.forms import ConfirmImportForm, ImportForm
from mcm.mechanisms.institutions import services as mechanisms
from mcm.mechanisms.models import MouStatus
from mcm.reference.models import InstitutionType

COLUMNS = ["type", "name", "address", "member_since", "mou_status", "mou_date", "signatory"]
MAX_ROWS = 500
# Where each free-text column of the file is stored, for the privacy guard.
STORED_IN = {
    "name": "institutions.name",
    "address": "institutions.address",
    "signatory": "mou_events.signatory",
}
EXAMPLE = [
    "police",
    "Stacioni i Policisë (shembull)",
    "Rruga e Institucioneve, objekti 2",
    "2024-03-01",
    "signed",
    "2024-05-15",
    "Komandanti i stacionit",
]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="mcm-member-import")


def _read_rows(upload: Any) -> list[list[str]]:
    """The rows of a CSV or XLSX file as text, header included."""
    content = upload.stream.read(2 * 1024 * 1024 + 1)
    if len(content) > 2 * 1024 * 1024:
        raise ValueError(_("The file is larger than 2 MB."))
    if content.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ValueError(_("The spreadsheet could not be read.")) from error
        return [
            [
                "" if v is None else (v.date().isoformat() if isinstance(v, datetime) else str(v))
                for v in row
            ]
            for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(_("Save the CSV file as UTF-8 and try again.")) from error
    dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _parse_date(raw: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError


def _lookups() -> tuple[dict[str, int], dict[str, str]]:
    types: dict[str, int] = {}
    for t in db.session.scalars(select(InstitutionType)):
        for key in (t.code, t.name_sq, t.name_sr, t.name_en):
            types[key.strip().lower()] = t.id
    statuses = {s.value: s.value for s in MouStatus}
    statuses |= {str(label).lower(): key for key, label in MOU_STATUS_LABELS.items()}
    return types, statuses


def check_rows(
    rows: list[list[str]],
) -> tuple[list[dict[str, Any]], list[tuple[int, list[str], list[str]]]]:
    """Valid rows as dicts, and every row with its problems (row number as in the file)."""
    if not rows:
        raise ValueError(_("The file is empty."))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("type", "name") if c not in header]
    if missing:
        raise ValueError(
            _("The first row must name the columns; missing: %(cols)s.", cols=", ".join(missing))
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ValueError(_("At most %(n)d institutions at a time.", n=MAX_ROWS))
    types, statuses = _lookups()
    valid, report = [], []
    for number, raw in enumerate(rows[1:], start=2):
        values = dict(zip(header, [str(v).strip() for v in raw], strict=False))
        if not any(values.values()):
            continue
        problems: list[str] = []
        row: dict[str, Any] = {"name": values.get("name", ""), "address": values.get("address", "")}
        row["type_id"] = types.get(values.get("type", "").lower())
        if row["type_id"] is None:
            problems.append(_("unknown type “%(value)s”", value=values.get("type", "")))
        if not row["name"]:
            problems.append(_("the name is missing"))
        elif len(row["name"]) > 200:
            problems.append(_("the name is longer than 200 characters"))
        if len(row["address"]) > 300:
            problems.append(_("the address is longer than 300 characters"))
        for column in ("member_since", "mou_date"):
            row[column] = None
            if values.get(column):
                try:
                    row[column] = _parse_date(values[column]).isoformat()
                except ValueError:
                    problems.append(
                        _(
                            "“%(value)s” is not a date (use 2025-07-24 or 24.07.2025)",
                            value=values[column],
                        )
                    )
        row["mou_status"] = None
        if values.get("mou_status"):
            row["mou_status"] = statuses.get(values["mou_status"].lower())
            if row["mou_status"] is None:
                problems.append(_("unknown MoU status “%(value)s”", value=values["mou_status"]))
            elif row["mou_date"] is None:
                problems.append(_("the MoU status needs a date"))
            elif row["mou_status"] == MouStatus.SIGNED and not values.get("signatory"):
                problems.append(_("a signed MoU needs the signatory"))
        row["signatory"] = values.get("signatory", "")
        if len(row["signatory"]) > 200:
            problems.append(_("the signatory is longer than 200 characters"))
        problems.extend(pii.row_problems(values, STORED_IN))
        report.append((number, [values.get(c, "") for c in COLUMNS], problems))
        if not problems:
            valid.append(row)
    return valid, report


@bp.route("/m/<mechanism_code>/institutions/import", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def import_members() -> Any:
    """Upload a member list and see what would be added, row by row."""
    form = ImportForm()
    if form.validate_on_submit():
        try:
            valid, report = check_rows(_read_rows(form.file.data))
        except (ValueError, csv.Error) as error:
            form.file.errors = [str(error) if str(error) else _("The file could not be read.")]
        else:
            confirm = ConfirmImportForm(
                payload=_serializer().dumps({"mechanism": g.mechanism.id, "rows": valid})
            )
            return render_template(
                "mechanisms/import_preview.html",
                report=report,
                valid=valid,
                columns=COLUMNS,
                confirm=confirm,
            )
    return render_template("mechanisms/import.html", form=form, columns=COLUMNS)


@bp.route("/m/<mechanism_code>/institutions/import/confirm", methods=["POST"])
@allow(Rule.MECHANISM_MANAGE)
def import_confirm() -> Any:
    """Add the checked rows; the payload is signed, so it is exactly what the preview showed."""
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = _serializer().loads(form.payload.data, max_age=3600)
    except BadSignature:
        flash(_("The preview has expired. Upload the file again."), "error")
        return redirect(url_for("mechanisms.import_members"))
    if data.get("mechanism") != g.mechanism.id:
        abort(400)
    for row in data["rows"]:
        institution = mechanisms.add_institution(
            g.mechanism,
            db.session.get(InstitutionType, row["type_id"]),
            row["name"],
            row["address"],
            date.fromisoformat(row["member_since"]) if row["member_since"] else None,
        )
        if row["mou_status"]:
            mechanisms.record_mou_event(
                institution,
                MouStatus(row["mou_status"]),
                date.fromisoformat(row["mou_date"]),
                signatory=row["signatory"],
            )
    db.session.commit()
    flash(_("%(n)d institutions have been added.", n=len(data["rows"])), "success")
    return redirect(url_for("mechanisms.home"))


@bp.route("/m/<mechanism_code>/institutions/import/template.<any(csv, xlsx):fmt>")
@allow(Rule.MECHANISM_MANAGE)
def import_template(fmt: str) -> Any:
    """An empty member list with the expected columns and one example row."""
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([COLUMNS, EXAMPLE])
        return Response(
            "\ufeff" + buffer.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=members-template.csv"},
        )
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(EXAMPLE)
    output = io.BytesIO()
    workbook.save(output)
    return Response(
        output.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": "attachment; filename=members-template.xlsx"},
    )
