"""Street addresses: a street word and a capitalised name, house numbers, flats, entrances."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mcm.privacy.text import UPPER

Span = tuple[int, int]

_CAP_WORD = rf"[{UPPER}][^\W\d_]*(?:[-'\u2019][^\W\d_]+)*"
_CONNECTOR = r"(?:e|i|të|së|te|se|and|of|the|od|na|el|al)"
_NUMBER_WORD = r"\d{1,2}\.?"  # "Rruga 28 Nëntori", "Ulica 24. Novembra"
_STREET_NAME = (
    rf"(?:(?:{_NUMBER_WORD}|{_CONNECTOR})\s+)?{_CAP_WORD}"
    rf"(?:\s+(?:{_CONNECTOR}\s+)?{_CAP_WORD}){{0,4}}"
)
_HOUSE_NUMBER = (
    r"(?:,?\s*(?:(?i:nr|no|br|num[eë]r|numri|broj|kbr|№)\.?\s*)?\d{1,4}(?:\s?[a-zA-Z](?!\w))?"
    r"(?:\s?/\s?\d{1,4}[a-zA-Z]?)?(?!\d|[.,]\d)"
    r"|,?\s*(?:p\.\s?n\.|pa num[eë]r|bb|b\.\s?b\.))?"
)
_UNIT_WORDS = (
    r"hyrja|hyrje|hyrjes|banesa|banes[eë]s|banes[eë]n|kati|kat|ulaz|stan|sprat|apartment|apt\."
    r"|flat|entrance|floor"
)
_UNITS = (
    rf"(?:,?\s*(?i:{_UNIT_WORDS})\s*(?:(?i:nr|br|no)\.?\s*)?(?:\d{{1,4}}[a-zA-Z]?|[A-Z])(?!\w))*"
)
# After a street word found in the folded text, the rest is read in the original (capitals).
_STREET_TAIL = re.compile(rf"\s*[\"“„«]?(?:{_STREET_NAME})[\"”»]?{_HOUSE_NUMBER}{_UNITS}")
_STREET_WORDS = re.compile(
    r"\b(?:rrug(?:a|e|es|en|et|ica)?|rr\.|bulevard(?:i|it|in)?|bul\.|blvd\.?"
    r"|shesh(?:i|it|in)?|lagj(?:j)?(?:a|e|es|en|ja|jes|jen|ia)?"
    r"|ulic(?:a|e|i|u)|ul\.|bulevar(?:u|a)?|trg(?:u)?|naselj(?:e|u|a)|sokak\w*)(?=[\s\"“„«])"
)
# "Adresa: Dardania SU 5/4": a label, a capitalised place, then a number is required.
_ADDRESS_LABEL = re.compile(
    r"\b(?:address|adres[aeë]\w*|vendbanim\w*|prebivali\w*|boravi\w*|residing at|lives at)"
    r"\s*:?"
)
_LABELLED_TAIL = re.compile(
    rf"\s*(?:{_STREET_NAME}),?\s*(?:(?:nr|no|br)\.?\s*)?\d{{1,4}}[a-zA-Z]?(?:\s?/\s?\d{{1,4}})?"
    rf"(?!\d|[.,]\d){_UNITS}"
)
# English order: "12 Dardania Street", "Mother Teresa Boulevard".
_ENGLISH_STREET = re.compile(
    rf"(?<!\w)(?:\d{{1,4}}[A-Za-z]?,?\s+)?(?:{_CAP_WORD}\s+){{1,3}}"
    r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Boulevard|Blvd\.|Drive|Square)(?!\w)"
    rf"(?:,?\s*(?:No\.?\s*)?\d{{1,4}}[a-zA-Z]?(?!\d|[.,]\d))?"
)
# Flat, entrance and apartment numbers alone ("hyrja 2, banesa 7", "stan br. 5").
_UNIT_ALONE = re.compile(
    r"\b(?:(?:hyrja|hyrje|hyrjes|banesa|banese[sn]?|ulaz|stan|apartment|apt\.|flat|entrance)"
    r"\s*(?:(?:nr|br|no)\.?\s*)?"
    r"|(?:shtepi\w*|kuca|kuce|kuci|house|home)\s*(?:nr|br|no)\.\s*)\d{1,4}[a-z]?\b"
)
_UNIT_CHAIN = re.compile(_UNITS)
_ENGLISH_SUFFIX = re.compile(
    r"\b(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Boulevard|Blvd\.|Drive|Square)\b"
)


def find_addresses(text: str, folded: str) -> Iterator[Span]:
    """Street addresses in Albanian, Serbian (Latin, Cyrillic) and English word order."""
    for m in _STREET_WORDS.finditer(folded):
        tail = _STREET_TAIL.match(text, m.end())
        if tail:
            yield m.start(), tail.end()
    for m in _ADDRESS_LABEL.finditer(folded):
        tail = _LABELLED_TAIL.match(text, m.end())
        if tail:
            start = m.end()
            while start < tail.end() and text[start].isspace():
                start += 1
            yield start, tail.end()
    if _ENGLISH_SUFFIX.search(text):
        for m in _ENGLISH_STREET.finditer(text):
            yield m.span()
    for m in _UNIT_ALONE.finditer(folded):
        chain = _UNIT_CHAIN.match(text, m.end())
        yield m.start(), chain.end() if chain else m.end()
