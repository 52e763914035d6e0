"""National strategy pages: everyone signed in reads them; administrators import new versions
from YAML or XLSX, after a preview that reports every bad row."""

from __future__ import annotations

import io
from typing import Any

import yaml
from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import HiddenField, SubmitField

from mcm.core.access import Rule, allow
from mcm.core.forms import Form, required
from mcm.extensions import db
from mcm.plans import bp
from mcm.plans.models import Strategy
from mcm.plans.strategy import services as service
from mcm.plans.strategy.template import TEMPLATE


class StrategyImportForm(Form):
    file = FileField(
        _l("Strategy file (YAML or XLSX)"),
        validators=[required()],
        description=_l("Use one of the templates; every row is checked before anything is saved."),
    )
    submit = SubmitField(_l("Check the file"))


class ConfirmStrategyForm(Form):
    payload = HiddenField()
    submit = SubmitField(_l("Import this strategy"))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="mcm-strategy-import")


@bp.route("/plans/strategies/")
@allow(Rule.SIGNED_IN)
def strategies() -> str:
    """The national strategies, newest first."""
    return render_template("plans/strategy/index.html", strategies=service.strategies())


@bp.route("/plans/strategies/<int:strategy_id>")
@allow(Rule.SIGNED_IN)
def strategy(strategy_id: int) -> str:
    """One strategy's pillars and objectives, in the user's language."""
    item = db.session.get(Strategy, strategy_id)
    if item is None:
        abort(404)
    return render_template(
        "plans/strategy/detail.html", strategy=item, tree=service.objective_tree(item.id)
    )


@bp.route("/plans/strategies/import", methods=["GET", "POST"])
@allow(Rule.ADMIN)
def strategy_import() -> Any:
    """Upload a strategy file and see every row checked."""
    form = StrategyImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = getattr(upload, "filename", "") or ""
        try:
            meta, rows = service.read_file(filename, upload.stream.read(service.MAX_BYTES + 1))
        except service.StrategyFileError as error:
            form.file.errors = [str(error)]
        else:
            meta_problems, report = service.check(meta, rows)
            ok = not meta_problems and not any(problems for _n, _r, problems in report)
            confirm = ConfirmStrategyForm(
                payload=_serializer().dumps({"meta": meta, "rows": rows, "file": filename})
                if ok
                else ""
            )
            return render_template(
                "plans/strategy/import_preview.html",
                meta=meta,
                meta_problems=meta_problems,
                report=report,
                columns=service.COLUMNS,
                ok=ok,
                saved_code=service.next_code(meta["code"]) if meta["code"] else "",
                confirm=confirm,
            )
    return render_template(
        "plans/strategy/import.html",
        form=form,
        columns=service.COLUMNS,
        meta_fields=service.META_FIELDS,
    )


@bp.route("/plans/strategies/import/confirm", methods=["POST"])
@allow(Rule.ADMIN)
def strategy_import_confirm() -> Any:
    """Save the checked strategy; the signed payload is exactly what the preview showed."""
    form = ConfirmStrategyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = _serializer().loads(form.payload.data or "", max_age=3600)
    except BadSignature:
        flash(_("The preview has expired. Upload the file again."), "error")
        return redirect(url_for("plans.strategy_import"))
    meta_problems, report = service.check(data["meta"], data["rows"])
    if meta_problems or any(problems for _n, _r, problems in report):
        abort(400)
    saved = service.save_strategy(
        data["meta"], data["rows"], source_filename=data.get("file", ""), actor=current_user
    )
    db.session.commit()
    flash(_("The strategy %(code)s has been imported.", code=saved.code), "success")
    return redirect(url_for("plans.strategy", strategy_id=saved.id))


def _example() -> tuple[dict[str, str], list[dict[str, str]]]:
    meta = {field: str(TEMPLATE[field]) for field in service.META_FIELDS}
    meta["code"] = "NS-2022"
    return meta, TEMPLATE["objectives"][:3]


@bp.route("/plans/strategies/template.<fmt>")
@allow(Rule.ADMIN)
def strategy_template(fmt: str) -> Response:
    """An example strategy file of each kind, to fill in with the official text."""
    if fmt not in ("yaml", "xlsx"):
        abort(404)
    meta, rows = _example()
    if fmt == "yaml":
        text = yaml.safe_dump(
            {**meta, "objectives": rows}, allow_unicode=True, sort_keys=False, width=100
        )
        return Response(
            text,
            mimetype="application/yaml",
            headers={"Content-Disposition": "attachment; filename=strategy-template.yaml"},
        )
    from openpyxl import Workbook

    workbook = Workbook()
    info = workbook.active
    info.title = "strategy"
    info.append(["field", "value"])
    for field in service.META_FIELDS:
        info.append([field, meta[field]])
    sheet = workbook.create_sheet("objectives")
    sheet.append(service.COLUMNS)
    for row in rows:
        sheet.append([row[c] for c in service.COLUMNS])
    output = io.BytesIO()
    workbook.save(output)
    return Response(
        output.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": "attachment; filename=strategy-template.xlsx"},
    )
