"""Folding text for search: lower case, no diacritics, words only. The same folding is applied
to what is indexed and to what is typed, so `fushe kosove` finds "Fushë Kosovë" on every
database without an accent-stripping extension."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark. Serbian đ is written
# "dj" by those who type without diacritics (Djakovica), so it folds to "dj".
_SPECIAL = {
    "đ": "dj",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "\u0131": "i",
    "þ": "th",
}
MAX_TOKENS = 8
MAX_TOKEN_LENGTH = 40


def _fold_char(char: str) -> str:
    """One character's folded form: letters and digits without marks, anything else a space."""
    out = []
    for lower in char.casefold():
        special = _SPECIAL.get(lower)
        if special is not None:
            out.append(special)
            continue
        for part in unicodedata.normalize("NFKD", lower):
            if unicodedata.combining(part):
                continue
            out.append(part if part.isalnum() else " ")
    return "".join(out)


def fold(text: str) -> str:
    """The text as the index holds it: folded words separated by single spaces."""
    return " ".join("".join(_fold_char(c) for c in text).split())


def query_tokens(query: str) -> list[str]:
    """The words of what was typed, folded, without repeats, at most MAX_TOKENS of them; a
    10,000-character paste costs no more than a short query."""
    tokens: list[str] = []
    for token in fold(query[: MAX_TOKENS * (MAX_TOKEN_LENGTH + 1) * 4]).split():
        token = token[:MAX_TOKEN_LENGTH]
        if token not in tokens:
            tokens.append(token)
        if len(tokens) == MAX_TOKENS:
            break
    return tokens
