"""Dates of birth and identity documents: only in their context, so meeting dates stay."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator

from mcm.privacy.text import CASE_CODE

Span = tuple[int, int]

# --- dates --------------------------------------------------------------------------------
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NO = r"(?:0?[1-9]|1[0-2])"
_DATE_NUMERIC = re.compile(
    rf"(?<![\d.\-/]){_DAY}\s?([./\-])\s?{_MONTH_NO}\s?\1\s?(?:19|20)?\d{{2}}(?!\d)"
    rf"|(?<![\d.\-/])(?:19|20)\d{{2}}([./\-]){_MONTH_NO}\2{_DAY}(?!\d)"
)
# Month names, folded (no accents), Albanian / Serbian (Latin and Cyrillic) / English.
_MONTH = (
    r"(?:jan(?:ar|uar|uary)?|shkurt|feb(?:ruar|ruary)?|mars?|mart|march|prill|apr(?:il)?"
    r"|maj|may|qershor|jun[ei]?|korrik|jul[iy]?|gusht|avg(?:ust)?|aug(?:ust)?|shtator"
    r"|sep(?:t|tembar|tember|tembra)?|tetor|okt(?:obar|obra)?|oct(?:ober)?|nentor"
    r"|nov(?:embar|ember|embra)?|dhjetor|dec(?:embar|ember|embra)?)[a-z]*\.?"
)
_DATE_WORDS = re.compile(
    rf"(?<!\d){_DAY}(?:\.|st|nd|rd|th)?\s+(?:of\s+)?\b{_MONTH},?\s+(?:19|20)\d{{2}}(?!\d)"
    rf"|\b{_MONTH}\s+{_DAY}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}(?!\d)"
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_BIRTH_WORDS = re.compile(
    r"(?:\bborn|\bbirth\w*|\bdate of birth|\bdob\b|\bd\.\s?o\.\s?b\b\.?"
    r"|\blindur\w*|\blindi\b|\blindj\w*|\bdatelindj\w*|\bditelindj\w*|\bd\.\s?lindj\w*"
    r"|\bdt\.?\s?lind\w*|\bd\.\s?l\.|\brodj?en\w*|\brodj?\.|\bdat\.?\s?rodj?\.?|\brodj?endan\w*)"
)
_BIRTH_WORDS_BACK = re.compile(_BIRTH_WORDS.pattern + r"[^\d\n]{0,35}$")
# The gap between the birth word and the date: no sentence end, and not a certificate's date.
_GAP_BREAKS = re.compile(
    r"[.!?;]\s+\S|certifik|certific|izvod|issued|leshu|izdat|regjistr|registr|deklar|prijav"
)
_AGE_AFTER = re.compile(r"\s*\(\s*(\d{1,3})\s*(?:vjec\w*|years?|yrs?|god\w*|g\.|y\.?o\.?)")
_NAME_DATE_GAP = re.compile(r"\s*(?:,|\(|\u2013|-)\s*")


def _age_fits(date: str, age: int) -> bool:
    """Whether the age in brackets is that of someone born on date ("12.03.1990 (36 years)")."""
    digits = re.findall(r"\d+", date)
    year = int(next((d for d in reversed(digits) if len(d) in (2, 4)), "0"))
    if year < 100:
        year += 2000 if year <= datetime.date.today().year % 100 else 1900
    return abs(datetime.date.today().year - year - age) <= 1


def _keyword_end(match: re.Match[str]) -> int:
    """End of the birth word itself inside a back-window match (the rest is the gap)."""
    word = _BIRTH_WORDS.match(match.string, match.start(), match.end())
    return word.end() if word else match.end()


def _dates(text: str, folded: str) -> Iterator[Span]:
    """Every full date in text (numbers or month names)."""
    for m in _DATE_NUMERIC.finditer(text):
        yield m.span()
    # Dates with month names end in a year: find the (rare) years, then look just before.
    last_end = 0
    for year in _YEAR.finditer(folded):
        start = max(last_end, year.start() - 30)
        m = _DATE_WORDS.search(folded, start, year.end())
        if m and m.end() == year.end():
            last_end = m.end()
            yield m.span()


def find_dates_of_birth(text: str, folded: str, name_spans: Iterable[Span] = ()) -> Iterator[Span]:
    """Dates next to a birth word ("lindur më", "rođena", "DOB"), an age, or a name."""
    name_ends = {end for _, end in name_spans}
    for start, end in _dates(text, folded):
        before = _BIRTH_WORDS_BACK.search(folded, max(0, start - 60), start)
        if before and not _GAP_BREAKS.search(folded, _keyword_end(before), start):
            yield start, end
            continue
        after = folded[end : end + 20]
        birth_after = _BIRTH_WORDS.match(after.lstrip(" ,(")) if after else None
        age = _AGE_AFTER.match(folded, end)
        if birth_after or (age and _age_fits(text[start:end], int(age.group(1)))):
            yield start, end
            continue
        # "Arta Berisha, 12.03.1990" or "Arta Berisha (12.03.1990)": a person's date.
        i = start
        while i > 0 and text[i - 1] in " ,(-\u2013":
            i -= 1
        if i in name_ends and _NAME_DATE_GAP.fullmatch(text, i, start):
            yield start, end


# --- identity documents -------------------------------------------------------------------
_DOCUMENT_WORDS = re.compile(
    r"\b(?:pasaport\w*|pasos\w*|passport\w*|putn\w* isprav\w*|leternjoftim\w*"
    r"|travel document\w*|dokument\w* (?:i |e )?udhetim\w*"
    r"|licn\w* kart\w*|id[\s-]?kart\w*|id[\s-]?card\w*|identity card\w*|identity document\w*"
    r"|karta e identitetit|kartel\w* identifikues\w*|dokument\w* identifikim\w*"
    r"|dokument\w* identiteti\w*|lk|patent\w* (?:e )?shofer\w*|leje\w* (?:e )?drejtimit"
    r"|leje\w* (?:e )?vozitjes|vozack\w* dozvol\w*|driv(?:ing|er'?s) licen[cs]e"
    r"|id (?:no|nr|number|br)\b\.?|id(?=\s*:)"
    r"|(?<!case )(?<!rasti )(?<!slucaj )id(?=\s+[a-z]{0,2}\d)"
    r"|broj licne karte|numri i leternjoftimit"
    r"|residence permit|leje\w* (?:e )?qendrimit|boravisn\w* dozvol\w*)"
)
_DOCUMENT_NUMBER = re.compile(
    r"[^\d\n]{0,30}?(?<![\w])([A-Z]{0,3}[\s\-]?\d(?:[\s\-]?\d){3,12}[A-Z]?|[A-Z0-9]{6,12})(?!\w)"
)


def find_id_documents(text: str, folded: str) -> Iterator[Span]:
    """Passport, identity card, driving licence or residence permit numbers."""
    for m in _DOCUMENT_WORDS.finditer(folded):
        number = _DOCUMENT_NUMBER.match(text, m.end())
        if not number:
            continue
        gap = text[m.end() : number.start(1)]
        if _GAP_BREAKS.search(gap) or sum(c.isdigit() for c in number.group(1)) < 4:
            continue
        if CASE_CODE.fullmatch(number.group(1)):
            continue
        start, end = number.span(1)
        while text[start].isspace() or text[start] == "-":
            start += 1
        yield start, end
