"""Dates read one way per language on every page: never the two-digit short form ("3/10/27")
beside the medium one, never an English date in an Albanian or Serbian page, and the 24-hour
clock in Albanian and Serbian."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask

from mcm.accounts.models import Role
from mcm.core.i18n import datetime_format, day_format
from mcm.demo import DEMO_PASSWORDS, DOMAIN, load_demo
from mcm.extensions import db
from tests.core.test_fuzz import _url, _values

SHORT = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}\.\d{1,2}\.\d{2}\b(?![\d.])")
ENGLISH_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}"
)
TWELVE_HOUR = re.compile(r"\d{1,2}:\d{2}\s*(AM|PM|[ap]\.\s?m\.|[mp]\.d\.)", re.IGNORECASE)
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
FILE_FORMAT = {"2025-07-24"}  # how a date may be written in an imported file, not a date shown


class _Text(HTMLParser):
    """The text a reader sees (not scripts, styles or attribute values)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style", "textarea")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style", "textarea")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _wrong_dates(text: str, language: str) -> list[str]:
    found = [m.group(0) for m in SHORT.finditer(text)]
    found += [m.group(0) for m in ISO.finditer(text) if m.group(0) not in FILE_FORMAT]
    if language != "en":
        found += [m.group(0) for m in ENGLISH_DATE.finditer(text)]
        found += [m.group(0) for m in TWELVE_HOUR.finditer(text)]
    return found


@pytest.mark.parametrize(
    ("language", "moment", "day"),
    [
        ("sq", "10 mar 2027, 14:30", "10 mar 2027"),
        ("sr", "10. 3. 2027., 14:30", "10. 3. 2027."),
        ("en", "Mar 10, 2027, 2:30 PM", "Mar 10, 2027"),
    ],
)
def test_one_way_to_write_a_date_per_language(
    app: Flask, language: str, moment: str, day: str
) -> None:
    when = datetime(2027, 3, 10, 13, 30, tzinfo=UTC)  # 14:30 in Europe/Belgrade
    with app.test_request_context(headers={"Accept-Language": language}):
        assert datetime_format(when) == moment
        assert day_format(when) == day
        with pytest.raises(ValueError):
            day_format(when, "short")


def test_every_page_writes_dates_the_language_s_way(app: Flask, client_factory: Any) -> None:
    with app.test_request_context():
        for _ in load_demo():
            pass
        db.session.commit()
        values = _values("PEJ")
    gets = [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and r.endpoint != "static" and not r.arguments - set(values)
    ]
    wrong: dict[tuple[str, str], list[str]] = {}
    pages = 0
    for role, email in (
        ("coordinator", f"coordinator.pej@{DOMAIN}"),
        ("administrator", f"admin@{DOMAIN}"),
    ):
        client = client_factory()
        assert client.login(email, DEMO_PASSWORDS[Role(role)]).status_code == 302
        for language in ("sq", "sr", "en"):
            client.post("/language", {"language": language, "next": "/"})
            for rule in gets:
                response = client.get(_url(app, rule, values))
                if response.status_code != 200 or "html" not in response.content_type:
                    continue
                pages += 1
                found = _wrong_dates(_visible(response.get_data(as_text=True)), language)
                if found:
                    wrong[(language, rule.rule)] = sorted(set(found))[:3]
    assert wrong == {}
    assert pages > 150
