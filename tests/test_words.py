"""One word per concept (README "Words"): no user-facing message says a word the table refuses,
no module or template is named by one, and the catalogs translate each concept's English word
with the table's Albanian and Serbian words."""

from __future__ import annotations

import re

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from mcm import ROOT

README = ROOT / "README.md"
# Phrases where a refused word names another concept (README "Words" says which).
OTHER_CONCEPTS = ("follow-up of open actions", "follow-up support", "gender equality officer")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{[^}]*\}")


def _table() -> list[dict[str, str]]:
    section = README.read_text(encoding="utf-8").split("\n## Words\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    names = ["concept", "en", "sq", "sr_Latn", "code", "refused"]
    rows = [
        dict(zip(names, (c.strip() for c in line.strip("|").split(" | ")), strict=True))
        for line in lines
    ]
    return [row for row in rows[1:] if set(row["en"]) != {"-"}]  # less header and separator


def _refused() -> dict[str, str]:
    """Each refused word, with the concept's own word."""
    return {word.strip(): row["en"] for row in _table() for word in row["refused"].split(",")}


def _pattern(word: str) -> re.Pattern[str]:
    # Acronyms (MCM, LAP) count in capitals only: the product's name is "mcm".
    return re.compile(rf"\b{re.escape(word)}\b", 0 if word.isupper() else re.IGNORECASE)


@pytest.fixture(scope="module")
def messages(tmp_path_factory) -> list[str]:
    """Every user-facing message of the code and the templates, as extracted for translation."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    CommandLineInterface().run(
        [
            *("pybabel", "-q", "extract", "--no-location", "-F", str(ROOT / "babel.cfg")),
            *("-k", "_l", "-o", str(pot), str(ROOT)),
        ]
    )
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    return [
        text for m in catalog if m.id for text in (m.id if isinstance(m.id, tuple) else (m.id,))
    ]


def test_the_table_is_read() -> None:
    rows = _table()
    assert len(rows) > 15
    assert {"Minutes", "Action", "Member institution", "Case code"} <= {r["en"] for r in rows}


def test_no_message_says_a_refused_word(messages: list[str]) -> None:
    assert len(messages) > 1000
    found = []
    for text in messages:
        plain = PLACEHOLDER.sub("", text)
        for phrase in OTHER_CONCEPTS:
            plain = re.sub(re.escape(phrase), "", plain, flags=re.IGNORECASE)
        for word, own in _refused().items():
            if _pattern(word).search(plain):
                found.append(f"{word!r} (say {own!r}) in {text[:80]!r}")
    assert found == []


def test_no_module_or_template_is_named_by_a_refused_word() -> None:
    # tasks.py modules hold scheduled tasks, a concept of their own with no UI word.
    refused = {w for w in _refused() if w not in {"task", "tasks"}}
    paths = [*(ROOT / "mcm").rglob("*.py"), *(ROOT / "templates").rglob("*.html")]
    found = []
    for path in paths:
        name = " ".join(re.split(r"[/_.\-]", str(path.relative_to(ROOT))))
        found += [f"{path.relative_to(ROOT)}: {w!r}" for w in refused if _pattern(w).search(name)]
    assert len(paths) > 200
    assert found == []


@pytest.mark.parametrize("locale", ["sq", "sr_Latn"])
def test_the_catalogs_use_the_words_of_the_table(locale: str) -> None:
    with (ROOT / "mcm" / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=locale)
    wrong = []
    for row in _table():
        message = catalog.get(row["en"])
        translation = message.string if message else None
        if translation != row[locale]:
            wrong.append(
                f"{row['en']!r}: the catalog says {translation!r}, the table {row[locale]!r}"
            )
    assert wrong == []
