"""National strategies as data: read a YAML or XLSX file, check every row, save a new version,
and read a strategy's hierarchy back. Strategies are never edited in place.

File format (both kinds carry the same fields):
- strategy metadata: code, name_sq, name_sr, name_en, starts_year, ends_year
  (YAML: top-level keys; XLSX: a sheet named "strategy" with one "field | value" pair per row);
- objectives, in order, parents before their children: level (pillar, strategic, specific),
  code, parent_code (empty for pillars), text_sq, text_sr, text_en
  (YAML: a list under "objectives"; XLSX: a sheet named "objectives" with a header row).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from mcm.core import audit, pii
from mcm.extensions import db
from mcm.plans.models import ObjectiveLevel, Strategy, StrategyObjective

META_FIELDS = ["code", "name_sq", "name_sr", "name_en", "starts_year", "ends_year"]
COLUMNS = ["level", "code", "parent_code", "text_sq", "text_sr", "text_en"]
# Where the free text of the file is stored, for the privacy guard.
OBJECTIVE_COLUMNS = {
    f"text_{lang}": f"strategy_objectives.text_{lang}" for lang in ("sq", "sr", "en")
}
STRATEGY_COLUMNS = {f"name_{lang}": f"strategies.name_{lang}" for lang in ("sq", "sr", "en")}
MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024
_PARENT_LEVEL = {
    ObjectiveLevel.PILLAR: None,
    ObjectiveLevel.STRATEGIC: ObjectiveLevel.PILLAR,
    ObjectiveLevel.SPECIFIC: ObjectiveLevel.STRATEGIC,
}


class StrategyFileError(ValueError):
    """The file as a whole cannot be read (not a row problem)."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_yaml(content: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Metadata and objective rows of a YAML strategy file."""
    import yaml

    try:
        # Every value as text, so that a code such as 1.10 is not read as the number 1.1.
        data = yaml.load(content.decode("utf-8-sig"), Loader=yaml.BaseLoader)  # noqa: S506
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise StrategyFileError(_("The YAML file could not be read.")) from error
    if not isinstance(data, dict) or not isinstance(data.get("objectives"), list):
        raise StrategyFileError(
            _("The YAML file needs the strategy fields and an objectives list.")
        )
    meta = {field: _text(data.get(field)) for field in META_FIELDS}
    rows = []
    for item in data["objectives"]:
        item = item if isinstance(item, dict) else {}
        rows.append({column: _text(item.get(column)) for column in COLUMNS})
    return meta, rows


def read_xlsx(content: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Metadata and objective rows of an XLSX strategy file."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise StrategyFileError(_("The spreadsheet could not be read.")) from error
    sheets = {name.strip().lower(): book[name] for name in book.sheetnames}
    if "objectives" not in sheets or "strategy" not in sheets:
        raise StrategyFileError(_("The spreadsheet needs the sheets “strategy” and “objectives”."))
    meta = {field: "" for field in META_FIELDS}
    for row in sheets["strategy"].iter_rows(values_only=True):
        if row and _text(row[0]).lower() in meta:
            meta[_text(row[0]).lower()] = _text(row[1] if len(row) > 1 else "")
    table = [[_text(v) for v in row] for row in sheets["objectives"].iter_rows(values_only=True)]
    if not table:
        raise StrategyFileError(_("The objectives sheet is empty."))
    header = [h.lower() for h in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise StrategyFileError(
            _("The first row must name the columns; missing: %(cols)s.", cols=", ".join(missing))
        )
    rows = [dict(zip(header, values, strict=False)) for values in table[1:] if any(values)]
    return meta, [{column: row.get(column, "") for column in COLUMNS} for row in rows]


def read_file(filename: str, content: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Read a strategy file by its kind (XLSX by content, otherwise YAML)."""
    if len(content) > MAX_BYTES:
        raise StrategyFileError(_("The file is larger than 2 MB."))
    if content.startswith(b"PK\x03\x04"):
        return read_xlsx(content)
    return read_yaml(content)


def _year(raw: str) -> int | None:
    try:
        year = int(raw)
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


def check(
    meta: dict[str, str], rows: list[dict[str, str]]
) -> tuple[list[str], list[tuple[int, dict[str, str], list[str]]]]:
    """Problems of the metadata, and every objective row (numbered from 1) with its problems."""
    meta_problems: list[str] = []
    if not meta.get("code"):
        meta_problems.append(_("the strategy code is missing"))
    elif len(meta["code"]) > 30:
        meta_problems.append(_("the strategy code is longer than 30 characters"))
    for language in ("sq", "sr", "en"):
        name = meta.get(f"name_{language}", "")
        if not name:
            meta_problems.append(_("the name (%(language)s) is missing", language=language))
        elif len(name) > 300:
            meta_problems.append(_("the name (%(language)s) is too long", language=language))
    meta_problems.extend(pii.row_problems(meta, STRATEGY_COLUMNS))
    starts, ends = _year(meta.get("starts_year", "")), _year(meta.get("ends_year", ""))
    if starts is None or ends is None:
        meta_problems.append(_("the first and last years must be years such as 2022 and 2026"))
    elif ends < starts:
        meta_problems.append(_("the last year comes before the first year"))
    if not rows:
        meta_problems.append(_("the strategy has no objectives"))
    if len(rows) > MAX_ROWS:
        meta_problems.append(_("at most %(n)d objectives", n=MAX_ROWS))
    levels: dict[str, ObjectiveLevel] = {}
    all_codes = {row["code"] for row in rows}
    report = []
    for number, row in enumerate(rows, start=1):
        problems: list[str] = []
        try:
            level: ObjectiveLevel | None = ObjectiveLevel(row["level"].lower())
        except ValueError:
            level = None
            problems.append(
                _("unknown level “%(value)s” (pillar, strategic or specific)", value=row["level"])
            )
        code, parent = row["code"], row["parent_code"]
        if not code:
            problems.append(_("the code is missing"))
        elif len(code) > 40:
            problems.append(_("the code is longer than 40 characters"))
        elif code in levels:
            problems.append(_("the code %(code)s is used twice", code=code))
        if level is not None:
            wanted = _PARENT_LEVEL[level]
            if wanted is None and parent:
                problems.append(_("a pillar has no parent"))
            elif wanted is not None and not parent:
                problems.append(_("the parent code is missing"))
            elif wanted is not None and parent not in levels:
                problems.append(
                    _("the parent %(code)s comes after this row", code=parent)
                    if parent in all_codes
                    else _("unknown parent %(code)s", code=parent)
                )
            elif wanted is not None and levels[parent] is not wanted:
                problems.append(_("the parent %(code)s is not a %(level)s objective",
                                  code=parent, level=wanted.value))  # fmt: skip
        for language in ("sq", "sr", "en"):
            if not row[f"text_{language}"]:
                problems.append(_("the text (%(language)s) is missing", language=language))
        problems.extend(pii.row_problems(row, OBJECTIVE_COLUMNS))
        if code and code not in levels and level is not None:
            levels[code] = level
        report.append((number, row, problems))
    return meta_problems, report


def next_code(code: str) -> str:
    """The code a new import is saved under: the file's, or a numbered version if it is taken."""
    taken = set(db.session.scalars(select(Strategy.code).where(Strategy.code.like(f"{code}%"))))
    if code not in taken:
        return code
    number = 2
    while f"{code}.v{number}" in taken:
        number += 1
    return f"{code}.v{number}"


def save_strategy(
    meta: dict[str, str],
    rows: list[dict[str, str]],
    *,
    source_filename: str = "",
    is_template: bool = False,
    actor: Any = None,
) -> Strategy:
    """Save a checked strategy as a new version; older strategies stay as they were."""
    strategy = Strategy(
        code=next_code(meta["code"]),
        name_sq=meta["name_sq"],
        name_sr=meta["name_sr"],
        name_en=meta["name_en"],
        starts_year=int(meta["starts_year"]),
        ends_year=int(meta["ends_year"]),
        is_template=is_template,
        source_filename=source_filename[:200],
        imported_by_id=getattr(actor, "id", None),
    )
    db.session.add(strategy)
    db.session.flush()
    by_code: dict[str, StrategyObjective] = {}
    for position, row in enumerate(rows):
        objective = StrategyObjective(
            strategy_id=strategy.id,
            parent_id=by_code[row["parent_code"]].id if row["parent_code"] else None,
            level=ObjectiveLevel(row["level"].lower()),
            code=row["code"],
            position=position,
            text_sq=row["text_sq"],
            text_sr=row["text_sr"],
            text_en=row["text_en"],
        )
        db.session.add(objective)
        db.session.flush()
        by_code[row["code"]] = objective
    audit.record(
        "strategy_imported", obj=strategy, actor=actor, code=strategy.code, objectives=len(rows)
    )
    return strategy


def ensure_template_strategy() -> Strategy:
    """The shipped template framework, created once (flushed, not committed)."""
    from mcm.plans.strategy.template import CODE, TEMPLATE

    existing = db.session.scalar(select(Strategy).where(Strategy.code == CODE))
    if existing is not None:
        return existing
    meta = {field: str(TEMPLATE[field]) for field in META_FIELDS}
    return save_strategy(meta, TEMPLATE["objectives"], is_template=True)


def strategies() -> list[tuple[Strategy, int]]:
    """Every strategy with its number of objectives, newest import first."""
    count = (
        select(func.count(StrategyObjective.id))
        .where(StrategyObjective.strategy_id == Strategy.id)
        .scalar_subquery()
    )
    return list(db.session.execute(select(Strategy, count).order_by(Strategy.imported_at.desc())))  # type: ignore[arg-type]


def current_strategy() -> Strategy | None:
    """The newest imported strategy that is not the template, else the template."""
    return db.session.scalar(
        select(Strategy).order_by(Strategy.is_template, Strategy.imported_at.desc()).limit(1)
    )


def objective_tree(strategy_id: int) -> list[tuple[StrategyObjective, list[Any]]]:
    """The hierarchy: [(pillar, [(strategic objective, [specific objectives])])], in file order."""
    objectives = db.session.scalars(
        select(StrategyObjective)
        .where(StrategyObjective.strategy_id == strategy_id)
        .order_by(StrategyObjective.position)
    ).all()
    children: dict[int | None, list[StrategyObjective]] = {}
    for objective in objectives:
        children.setdefault(objective.parent_id, []).append(objective)

    def below(parent_id: int | None, depth: int) -> list[Any]:
        items = children.get(parent_id, [])
        if depth == 2:
            return items
        return [(item, below(item.id, depth + 1)) for item in items]

    return below(None, 0)


def objective_choices(
    strategy_id: int, label: Callable[[StrategyObjective], str]
) -> list[tuple[str, list[tuple[int, str]]]]:
    """Objectives to align an activity to, grouped by pillar (for a grouped multi-select)."""
    groups = []
    for pillar, strategic in objective_tree(strategy_id):
        options = []
        for objective, specifics in strategic:
            options.append((objective.id, f"{objective.code} {label(objective)}"))
            options += [(s.id, f"{s.code} {label(s)}") for s in specifics]
        groups.append((f"{pillar.code} {label(pillar)}", options))
    return groups
