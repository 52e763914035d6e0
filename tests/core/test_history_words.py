"""The history speaks in words: every audit event the code base writes has a label in every
language, and a history page shows labels and readable details, never event codes or ids."""

from __future__ import annotations

import ast
import pathlib
from typing import Any

from flask import Flask

import mcm
from mcm.accounts.models import Role, TokenPurpose
from mcm.core.labels import AUDIT_ACTION_LABELS
from mcm.demo import DEMO_PASSWORDS, DOMAIN, load_demo
from mcm.extensions import db
from tests.core.test_dates import _visible

WRITERS = {"record", "_audit"}  # mcm.core.audit.record and the features' thin wrappers


def _strings(node: ast.AST) -> set[str]:
    """The event codes an argument can be: a literal, either side of an if, or an f-string
    over the token purposes."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    if isinstance(node, ast.JoinedStr):
        tail = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return {f"{purpose.value}{tail}" for purpose in TokenPurpose}
    return set()


def _written_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    root = pathlib.Path(mcm.__file__).parent
    for path in root.rglob("*.py"):
        if "translations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            found: set[str] = set()
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                if name in WRITERS:
                    found = _strings(node.args[0])
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "action" for t in node.targets
            ):
                found = _strings(node.value)  # `action = "..."`, then record(action, ...)
            for code in found:
                codes.setdefault(code, str(path.relative_to(root)))
    return codes


def test_every_event_the_code_writes_has_a_label() -> None:
    codes = _written_codes()
    assert len(codes) > 80  # the walk really found the writers
    missing = {code: where for code, where in codes.items() if code not in AUDIT_ACTION_LABELS}
    assert missing == {}


def test_history_pages_show_words_not_codes(app: Flask, client_factory: Any) -> None:
    with app.test_request_context():
        for _ in load_demo():
            pass
        db.session.commit()
    client = client_factory()
    assert client.login(f"admin@{DOMAIN}", DEMO_PASSWORDS[Role.ADMINISTRATOR]).status_code == 302
    client.post("/language", {"language": "sq", "next": "/"})
    html = _visible(client.get("/admin/audit").get_data(as_text=True))
    shown = [code for code in AUDIT_ACTION_LABELS if f" {code} " in f" {html} "]
    assert shown == []
    assert "U kyç" in html  # "Signed in", in Albanian
