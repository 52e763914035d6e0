"""Text helpers shared by the detectors: folding, transliteration and word tokens."""

# This module maps Cyrillic letters and typographic quotes on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Serbian Cyrillic to Latin, letter by letter (the official correspondence).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip


def _one_char(c: str) -> str:
    """Lower-case c and drop its accents, keeping exactly one character."""
    low = c.lower()
    if low in _CYRILLIC:
        low = _CYRILLIC[low][0]
    if low in ("đ", "ð"):
        return "d"
    if low == "ı" or c == "İ":
        return "i"
    base = "".join(ch for ch in unicodedata.normalize("NFD", low) if not unicodedata.combining(ch))
    return base if len(base) == 1 else c


# A one-to-one table, so offsets in the folded text are offsets in the original: the
# keyword detectors search the folded text and report spans of the original.
_FOLD_TABLE = {
    code: _one_char(chr(code))
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x400, 0x460)]
    if _one_char(chr(code)) != chr(code)
}


def fold_text(text: str) -> str:
    """Lower-case, accent-free, Latin copy of text with the same length."""
    return text.translate(_FOLD_TABLE)


def to_latin(word: str) -> str:
    """Transliterate Serbian Cyrillic letters in word to Latin, keeping case."""
    if not any("\u0400" <= c <= "\u04ff" for c in word):
        return word
    out = []
    for c in word:
        latin = _CYRILLIC.get(c.lower())
        if latin is None:
            out.append(c)
        elif c.isupper():
            out.append(latin[0].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


def _key_char(c: str) -> str:
    """Lookup-key form of one character: Latin, lower-case, no accents ('đ' -> 'dj')."""
    low = c.lower()
    latin = _CYRILLIC.get(low, low)
    out = []
    for ch in latin:
        if ch in ("đ", "ð"):
            out.append("dj")
            continue
        if ch == "ı":
            out.append("i")
            continue
        out.append(
            "".join(x for x in unicodedata.normalize("NFD", ch) if not unicodedata.combining(x))
        )
    return "".join(out)


_KEY_TABLE = {
    code: _key_char(chr(code))
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x400, 0x460), 0x2019]
    if _key_char(chr(code)) != chr(code)
}
_KEY_TABLE[0x2019] = "'"
_KEY_TABLE[0x130] = "i"  # Turkish dotted capital I


def fold_word(word: str) -> str:
    """The lookup key of a word: Latin, lower-case, no accents; 'đ' and 'dj' agree."""
    return word.translate(_KEY_TABLE)


# Upper-case letters of the three languages (and Turkish), for patterns that need a capital.
UPPER = "A-ZÀ-ÖØ-ÞĆČĐŠŽĞİŞ\u0400-\u042f"
# Case codes (PEJ-2026-014) are how cases are meant to be named: never personal data.
CASE_CODE = re.compile(rf"[{UPPER}]{{3}}-\d{{4}}-\d{{2,4}}")
WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SPACES_RE = re.compile(r"[ \t\u00a0]+")

# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset(
    [
        *("z", "znj", "zj", "g", "gđa", "gdja", "gđe", "gđo", "gđi", "gđu", "gđom"),
        *("dr", "mr", "ms", "mrs", "prof", "nr", "br", "no", "rr", "ul", "st", "sh", "bul"),
        *("psh", "etj", "etc", "sr", "fam", "tel", "mob", "vs", "resp", "p.sh"),
    ]
)


@dataclass(slots=True)
class Token:
    """A word of the text with what the name rules need to know about it."""

    start: int
    end: int
    text: str
    key: str
    cap: bool
    initial: bool


_BOUNDARY = re.compile(r"[\n!?:;…]|\.(?!\d)")  # the dots of 12.03.2026 end nothing
_LEAD = re.compile(r"[\s\"'“”„«»‘’(\[{\-–—•*·]*")
_ABBREVIATION_BEFORE = re.compile(r"[^\W\d_][^\W\d_.]*(?:\.[^\W\d_]+)*$")


def sentence_openings(text: str) -> set[int]:
    """Offsets where a sentence, a line or a list item starts (after quotes and bullets)."""
    openings = {_LEAD.match(text).end()}  # type: ignore[union-attr]
    for m in _BOUNDARY.finditer(text):
        if m.group() == ".":
            word = _ABBREVIATION_BEFORE.search(text, max(0, m.start() - 8), m.start())
            if word and word.group().lower() in _ABBREVIATIONS:
                continue  # "z. Gashi", "nr. 12": not a sentence end
        openings.add(_LEAD.match(text, m.end()).end())  # type: ignore[union-attr]
    return openings


def tokenize(text: str) -> list[Token]:
    """The words of text, each with its lookup key, capitalisation and position."""
    openings = sentence_openings(text)
    table = _KEY_TABLE
    return [
        Token(
            m.start(),
            m.end(),
            word,
            word.translate(table),
            word[0].isupper(),
            word[0].isupper() and m.start() in openings,
        )
        for m in WORD_RE.finditer(text)
        for word in (m.group(),)
    ]


def adjacent(text: str, left: Token, right: Token) -> bool:
    """True when only spaces separate the two words (no punctuation, no line break)."""
    if right.start == left.end:
        return False
    return _SPACES_RE.fullmatch(text, left.end, right.start) is not None
