"""Public telephone lines: institutions' and helplines' numbers, never a person's.

The one list of them. A number the guard would otherwise call a phone is let through when its
digits are one of these lines (with or without a country code, in any grouping).
"""

from __future__ import annotations

import re

# (number as published, whose line it is). Kosovo's lines; add other countries' here.
PUBLIC_LINES: tuple[tuple[str, str], ...] = (
    ("048 105 800", "Kosovo Women's Network (KWN)"),
    ("192", "Kosovo Police"),
    ("112", "Emergency number"),
    ("193", "Fire brigade"),
    ("194", "Ambulance"),
    ("0800 11 112", "Victim Advocacy and Assistance Office, free line"),
)

# Country codes under which Kosovo's numbers are dialled from abroad (383; formerly 377, 386).
_COUNTRY_CODES = ("383", "377", "386")


def _national(digits: str) -> str:
    """Digits as dialled inside the country: 0038348105800 and 38348105800 -> 048105800."""
    if digits.startswith("00"):
        digits = digits[2:]
    for code in _COUNTRY_CODES:
        if digits.startswith(code) and len(digits) > len(code) + 5:
            return "0" + digits[len(code) :]
    return digits


_LINES = frozenset(_national(re.sub(r"\D", "", number)) for number, _ in PUBLIC_LINES)


def is_public_line(number: str) -> bool:
    """True when number (as written, with spaces, dashes, +) is one of the public lines."""
    return _national(re.sub(r"\D", "", number)) in _LINES
