"""Every Word document the app writes, in Albanian and in Serbian: on A4 paper, and without an
English label left in it (the case extract and the plan documents in the reader's language, the
meeting documents in the meeting's)."""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.shared import Mm
from flask import Flask
from sqlalchemy import text

from mcm.accounts.models import Role
from mcm.demo import DEMO_PASSWORDS, DOMAIN, load_demo
from mcm.extensions import db
from tests.core.test_fuzz import _url, _values

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Labels the documents write, in English: none may be left in an Albanian or Serbian one.
ENGLISH = [
    "deputy", "Agenda", "Attendance sheet", "Invitation", "Minutes", "Date", "Time", "Place",
    "Signature", "Present", "Absent", "Excused", "Institution", "Representative", "Decisions",
    "Actions", "Due date", "Case extract", "Risk level", "Page", "Approved",
    "Responsible institution", "Objective", "Activity", "Indicator", "Target", "Budget",
    "Prepared on", "Meeting", "Comments", "Reason", "Draft", "Open", "Done",
]  # fmt: skip
WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")


def _text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def test_every_word_document_is_a4_and_translated(app: Flask, client_factory: Any) -> None:
    with app.test_request_context():
        for _ in load_demo():
            pass
        db.session.commit()
        values = _values("PEJ")
    client = client_factory()
    email = f"coordinator.pej@{DOMAIN}"
    assert client.login(email, DEMO_PASSWORDS[Role.COORDINATOR]).status_code == 302
    for language in ("sq", "sr"):
        with app.app_context():  # the meeting documents are written in the meeting's language
            db.session.execute(text("UPDATE meetings SET language = :l"), {"l": language})
            db.session.commit()
        client.post("/language", {"language": language, "next": "/"})
        _check_documents(app, client, values, language)


def _check_documents(app: Flask, client: Any, values: dict[str, Any], language: str) -> None:
    found: dict[str, list[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.endswith(".docx") or rule.arguments - set(values):
            continue
        response = client.get(_url(app, rule, values))
        if response.status_code != 200 or response.mimetype != DOCX:
            continue
        document = Document(io.BytesIO(response.data))
        for section in document.sections:
            size = (round(section.page_width / Mm(1)), round(section.page_height / Mm(1)))
            assert size == (210, 297), (rule.endpoint, size)
        words = _text(document)
        found[f"{language} {rule.endpoint}"] = sorted(
            {
                m.group(0) + " in «" + words[max(0, m.start() - 30) : m.end() + 30] + "»"
                for m in WORDS.finditer(words)
            }
        )
    assert len(found) >= 5, sorted(found)  # invitation, attendance, minutes, extract, plan …
    assert {endpoint: words for endpoint, words in found.items() if words} == {}
