"""Identifying numbers: personal numbers, bank accounts (IBAN) and vehicle plates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mcm.privacy.text import CASE_CODE

Span = tuple[int, int]

# --- personal numbers ---------------------------------------------------------------------
# Kosovo personal number: 10 digits; Yugoslav/Serbian JMBG: 13 digits; any grouping.
_PERSONAL = re.compile(
    r"(?<![\w+/.,\-])\d(?:[\s.\-]?\d){9}(?:(?:[\s.\-]?\d){3})?(?!\w)(?![.,\-/]\d)"
)
# 1.250.000.000 or 1 250 000 000 is an amount, not a personal number.
_THOUSANDS = re.compile(r"\d{1,3}(?:([ .,])\d{3})(?:\1\d{3})+")
_PERSONAL_WORDS = re.compile(
    r"\b(?:numr\w* personal\w*|nr\.? personal|personal (?:no|nr|number|id|identification"
    r" number)\b\.?|jmbg|maticn\w* broj\w*|broj maticn\w*|licn\w* broj\w*|numri identifikues"
    r"|unique (?:personal )?number)"
)
_NUMBER_AFTER_WORD = re.compile(r"[^\d\n]{0,25}?(\d(?:[\s.\-]?\d){7,12})(?!\w)")
# Reference numbers ("protocol 2026031201") are case paperwork, not people.
_REFERENCE_BEFORE = re.compile(
    r"(?:prot\w*|ref\w*|lend\w*|predmet\w*|vendim\w*|odluk\w*|decision|akt\w*|faktur\w*"
    r"|invoice|kontrat\w*|ugovor\w*|contract)\W{0,6}(?:nr|br|no)?\W{0,3}$"
)


def find_labelled_personal_numbers(text: str, folded: str) -> Iterator[Span]:
    """Any number written right after "numri personal", "JMBG", "personal number" ..."""
    for m in _PERSONAL_WORDS.finditer(folded):
        number = _NUMBER_AFTER_WORD.match(text, m.end())
        if number:
            yield number.span(1)


def jmbg_valid(digits: str) -> bool:
    """13 digits with a possible day and month (DDMMYYY...) and the JMBG check digit right."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    if not (1 <= int(digits[:2]) <= 31 and 1 <= int(digits[2:4]) <= 12):
        return False
    d = [int(c) for c in digits]
    weighted = sum(w * (d[i] + d[i + 6]) for i, w in enumerate((7, 6, 5, 4, 3, 2)))
    check = 11 - weighted % 11
    return d[12] == (0 if check > 9 else check)


def find_personal_numbers(text: str, folded: str) -> Iterator[Span]:
    """10-digit Kosovo personal numbers and 13-digit JMBGs, wherever they stand."""
    for m in _PERSONAL.finditer(text):
        if _THOUSANDS.fullmatch(m.group()):
            continue
        if _REFERENCE_BEFORE.search(folded, max(0, m.start() - 30), m.start()):
            continue
        digits = re.sub(r"\D", "", m.group())
        # Any 13 digits could be a code or a budget line; a JMBG has a date and a check digit.
        # A broken one still counts when the text calls it a personal number just after.
        broken = len(digits) == 13 and not jmbg_valid(digits)
        if broken and not _PERSONAL_WORDS.search(folded, m.end(), m.end() + 30):
            continue
        yield m.span()


# Albania's personal number (NID): a letter for the decade of birth, 8 digits, a check letter.
_ALBANIAN_NID = re.compile(r"(?<![\w\-/.])[A-Z]\d{8}[A-Z](?![\w\-/])")


def find_albanian_nids(text: str) -> Iterator[Span]:
    """Albanian personal numbers (J90101000T), labelled or not: nothing else has this shape."""
    for m in _ALBANIAN_NID.finditer(text):
        yield m.span()


# --- IBAN and bank accounts ---------------------------------------------------------------
_IBAN_LENGTHS = {
    "XK": 20, "AL": 28, "RS": 22, "ME": 22, "MK": 19, "BA": 20, "HR": 21, "SI": 19,
    "DE": 22, "AT": 20, "CH": 21, "IT": 27, "FR": 27, "GB": 22, "NL": 18, "BE": 16,
    "SE": 24, "NO": 15, "DK": 18, "FI": 18, "TR": 26, "GR": 27, "ES": 24, "LU": 20,
    "PL": 28, "CZ": 24, "HU": 28, "BG": 22, "RO": 24, "IE": 22, "PT": 25,
}  # fmt: skip
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?")
_ACCOUNT_WORDS = re.compile(
    r"\b(?:iban|llogari\w*|xhirollogari\w*|racun\w*|ziro racun\w*|tekuci racun\w*"
    r"|account(?: number| no\.?| nr\.?)?|bank account|konto|kartel\w* bankar\w*"
    r"|bank card|platn\w* kartic\w*)"
)
_ACCOUNT_AFTER_WORD = re.compile(r"[^\d\n]{0,25}?(\d(?:[\s.\-]?\d){7,30})(?!\w)")


def _mod97(compact: str) -> bool:
    """True when compact passes the IBAN check-digit test (ISO 13616)."""
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def find_ibans(text: str, folded: str) -> Iterator[Span]:
    """IBANs of any country (length or check digits must fit) and numbers called accounts."""
    for m in _IBAN.finditer(text):
        start = m.start()
        positions = [start + i for i, c in enumerate(m.group()) if c not in " -"]
        compact = m.group().replace(" ", "").replace("-", "")
        expected = _IBAN_LENGTHS.get(compact[:2])
        if expected and len(compact) >= expected:
            # A known country and enough characters: trim what ran on ("... 8906 EUR").
            yield start, positions[expected - 1] + 1
        elif 15 <= len(compact) <= 34 and _mod97(compact):
            yield m.span()
    for m in _ACCOUNT_WORDS.finditer(folded):
        number = _ACCOUNT_AFTER_WORD.match(text, m.end())
        if number:
            yield number.span(1)


# --- vehicle plates -----------------------------------------------------------------------
_L = "A-ZČĆŠŽĐ"
# Kosovo: 01-123-AB (district 01-07, 3-4 digits, 2 letters); older 123-KS-456.
_PLATE_KOSOVO = re.compile(
    rf"(?<![\w\-/.])0[1-7]\s?[-\u2013]?\s?\d{{3,4}}\s?[-\u2013]?\s?[{_L}]{{2}}(?![\w\-])"
)
_PLATE_KS_OLD = re.compile(r"(?<![\w\-])\d{3}\s?-?\s?KS\s?-?\s?\d{3}(?![\w\-])")
# Serbian style BG 123-AB / BG 1234-AB (the dash makes it plate-shaped).
_PLATE_SERBIAN = re.compile(
    rf"(?<![\w\-])[{_L}\u0400-\u042f]{{2}}\s?\d{{3,5}}\s?[-\u2013]\s?[{_L}\u0400-\u042f]{{2}}"
    rf"(?![\w\-])"
)
_VEHICLE_WORDS = re.compile(
    r"\b(?:targ\w*|tabel\w*|tablic\w*|registarsk\w*|registracij\w*|regjistrim\w*|plates?"
    r"|registration|reg\. ?(?:no|nr|br)|vetur\w*|automjet\w*|makin\w*|vozil\w*|automobil\w*"
    r"|kamion\w*|vehicle|car|truck|motor\w*|kombi\w*)\b"
)
_PLATE_AFTER_WORD = re.compile(
    rf"[^\n]{{0,40}}?(?<![\w\-])([{_L}0-9]{{1,4}}(?:[\s\-][{_L}0-9]{{1,4}}){{1,3}})(?![\w\-])"
)


def _plate_like(candidate: str) -> bool:
    """Groups each all-letters or all-digits, with at least 3 digits and 1 letter."""
    groups = re.split(r"[\s\-]", candidate)
    if not all(g.isdigit() or g.isalpha() for g in groups):
        return False
    digits = sum(len(g) for g in groups if g.isdigit())
    letters = sum(len(g) for g in groups if g.isalpha())
    return digits >= 3 and letters >= 1 and not CASE_CODE.fullmatch(candidate)


def find_plates(text: str, folded: str) -> Iterator[Span]:
    """Licence plates: plate-shaped anywhere, looser shapes after a vehicle word."""
    for pattern in (_PLATE_KOSOVO, _PLATE_KS_OLD, _PLATE_SERBIAN):
        for m in pattern.finditer(text):
            yield m.span()
    for m in _VEHICLE_WORDS.finditer(folded):
        plate = _PLATE_AFTER_WORD.match(text, m.end())
        if plate and _plate_like(plate.group(1)):
            yield plate.span(1)
