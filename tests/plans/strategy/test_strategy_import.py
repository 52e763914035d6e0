"""Importing a national strategy: YAML and XLSX, a preview reporting every bad row, versions,
older strategies still readable, the shipped template, and the CLI commands."""

from __future__ import annotations

import io
import re

import yaml
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.plans.models import Strategy, StrategyObjective
from mcm.plans.strategy.services import ensure_template_strategy
from tests.conftest import text_of

META = {
    "code": "NS-2022",
    "name_sq": "Strategjia Kombëtare",
    "name_sr": "Nacionalna strategija",
    "name_en": "National Strategy",
    "starts_year": 2022,
    "ends_year": 2026,
}
GOOD = [
    ["pillar", "1", "", "Parandalimi", "Prevencija", "Prevention"],
    ["strategic", "1.1", "1", "Qëndrimet", "Stavovi", "Attitudes"],
    ["specific", "1.1.1", "1.1", "Fushata", "Kampanje", "Campaigns"],
    ["pillar", "2", "", "Mbrojtja", "Zaštita", "Protection"],
]
COLUMNS = ["level", "code", "parent_code", "text_sq", "text_sr", "text_en"]


def _yaml(meta=META, rows=GOOD) -> bytes:
    data = {**meta, "objectives": [dict(zip(COLUMNS, row, strict=True)) for row in rows]}
    return yaml.safe_dump(data, allow_unicode=True).encode()


def _xlsx(meta=META, rows=GOOD) -> bytes:
    book = Workbook()
    info = book.active
    info.title = "strategy"
    for key, value in meta.items():
        info.append([key, value])
    sheet = book.create_sheet("objectives")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, content: bytes, name: str):
    return client.post(
        "/plans/strategies/import",
        {"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _confirm(client, html: str):
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', html)
    assert payload, html
    return client.post("/plans/strategies/import/confirm", {"payload": payload.group(1)})


def _count(app, model=Strategy) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def test_yaml_and_xlsx_import_after_preview(app, client, make_user) -> None:
    client.login_user(make_user("administrator", None))
    for content, name in ((_yaml(), "strategy.yaml"), (_xlsx(), "strategy.xlsx")):
        preview = _upload(client, content, name)
        assert preview.status_code == 200
        assert "Every row is correct" in text_of(preview)
        assert _count(app) == (0 if name.endswith("yaml") else 1)  # nothing saved yet
        saved = _confirm(client, preview.get_data(as_text=True))
        assert saved.status_code == 302
    with app.app_context():
        codes = sorted(db.session.scalars(select(Strategy.code)))
        assert codes == ["NS-2022", "NS-2022.v2"]  # a second import is a new version
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "strategy_imported")) == 2  # fmt: skip
    assert _count(app, StrategyObjective) == 8


def test_preview_reports_every_bad_row_and_saves_nothing(app, client, make_user) -> None:
    client.login_user(make_user("administrator", None))
    rows = [
        ["pillar", "1", "", "P", "P", "P"],
        ["strategic", "1.1", "9", "S", "S", "S"],  # unknown parent
        ["strategic", "1.2", "1", "S", "S", ""],  # missing text
        ["specific", "1.1.1", "1", "X", "X", "X"],  # parent of the wrong level
        ["pillar", "1", "", "D", "D", "D"],  # duplicate code
        ["specific", "2.1.1", "2.1", "X", "X", "X"],  # parent comes later
        ["strategic", "2.1", "1", "Y", "Y", "Y"],
        ["chapter", "3", "", "Z", "Z", "Z"],  # unknown level
    ]
    for content, name in ((_yaml(rows=rows), "s.yml"), (_xlsx(rows=rows), "s.xlsx")):
        text = text_of(_upload(client, content, name))
        assert "6 rows have problems" in text
        for message in (
            "unknown parent 9",
            "the text (en) is missing",
            "the parent 1 is not a strategic objective",
            "the code 1 is used twice",
            "the parent 2.1 comes after this row",
            "unknown level “chapter”",
        ):
            assert message in text, message
        assert "Import this strategy" not in text
    bad_meta = {**META, "name_sr": "", "starts_year": "soon"}
    text = text_of(_upload(client, _yaml(meta=bad_meta), "s.yaml"))
    assert "the name (sr) is missing" in text
    assert "must be years" in text
    text = text_of(_upload(client, b"objectives: [unclosed", "s.yaml"))
    assert "could not be read" in text
    assert _count(app) == 0


def test_old_strategy_stays_readable_in_the_users_language(app, client, make_user) -> None:
    client.login_user(make_user("administrator", None))
    _confirm(client, _upload(client, _yaml(), "a.yaml").get_data(as_text=True))
    newer = [[*GOOD[0][:3], "Parandalimi i ri", "Nova prevencija", "New prevention"]]
    _confirm(client, _upload(client, _yaml(rows=newer), "b.yaml").get_data(as_text=True))
    with app.app_context():
        old_id = db.session.scalar(select(Strategy.id).where(Strategy.code == "NS-2022"))
    member = client.__class__(app)
    member.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sr"
    member.login_user(make_user("member", "PEJ", language="sr"))
    text = text_of(member.get(f"/plans/strategies/{old_id}"))
    assert "Prevencija" in text and "Kampanje" in text
    listing = text_of(member.get("/plans/strategies/"))
    assert "NS-2022.v2" in listing and "NS-2022" in listing
    assert member.get("/plans/strategies/import").status_code == 403


def test_templates_download_and_import_back(app, client, make_user) -> None:
    client.login_user(make_user("administrator", None))
    xlsx = client.get("/plans/strategies/template.xlsx")
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["strategy", "objectives"]
    assert [c.value for c in book["objectives"][1]] == COLUMNS
    for fmt in ("xlsx", "yaml"):
        content = client.get(f"/plans/strategies/template.{fmt}").data
        assert "Every row is correct" in text_of(_upload(client, content, f"t.{fmt}"))


def test_template_strategy_is_labelled_and_idempotent(app, client, make_user) -> None:
    with app.app_context():
        first = ensure_template_strategy().id
        assert ensure_template_strategy().id == first
        db.session.commit()
        pillars = db.session.scalars(
            select(StrategyObjective.text_en).where(
                StrategyObjective.strategy_id == first, StrategyObjective.parent_id.is_(None)
            )
        ).all()
    assert pillars == [
        "Prevention",
        "Protection and support",
        "Prosecution",
        "Coordinated policies",
    ]
    client.login_user(make_user("observer", None))
    text = text_of(client.get(f"/plans/strategies/{first}"))
    assert "This is a template" in text


def test_cli_load_template_and_import(app, tmp_path) -> None:
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["strategy", "load-template"])
        assert result.exit_code == 0, result.output
    assert _count(app) == 1
    good = tmp_path / "good.xlsx"
    good.write_bytes(_xlsx())
    result = runner.invoke(args=["strategy", "import", str(good)])
    assert result.exit_code == 0 and "imported strategy NS-2022" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(_yaml(rows=[["specific", "1.1.1", "7", "x", "x", ""]]))
    result = runner.invoke(args=["strategy", "import", str(bad)])
    assert result.exit_code != 0
    assert "objective 1: unknown parent 7; the text (en) is missing" in result.output
    assert _count(app) == 2


def test_yaml_codes_stay_text(app) -> None:
    from mcm.plans.strategy.services import read_yaml

    content = b"code: NS\nstarts_year: 2022\nobjectives:\n  - {level: pillar, code: 1.10}\n"
    meta, rows = read_yaml(content)
    assert rows[0]["code"] == "1.10" and meta["starts_year"] == "2022"
