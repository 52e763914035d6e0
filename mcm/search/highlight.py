"""The words found, marked in the text as it was written: escaped HTML with <mark> around each
word that a search token begins, so "kosove" marks "Kosovë" and no typed or stored text can
become markup."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from mcm.search.folding import fold

# A word as written; folding it gives the index's words (one, or more for "a_b" or "½").
_WORD = re.compile(r"\w+")
ELLIPSIS = "…"
Span = tuple[int, int]


@lru_cache(maxsize=20_000)
def _folded_words(word: str) -> tuple[str, ...]:
    return tuple(fold(word).split())


def _matches(word: str, tokens: list[str]) -> bool:
    return any(
        folded.startswith(t) if len(t) > 1 else folded == t
        for folded in _folded_words(word)
        for t in tokens
    )


def spans(text: str, tokens: list[str], start: int = 0, end: int | None = None) -> list[Span]:
    """Where in the original text (or the part of it from start to end) the matching words
    stand, as (start, end) positions."""
    words = _WORD.finditer(text, start, len(text) if end is None else end)
    return [word.span() for word in words if _matches(word.group(), tokens)]


def _first(text: str, tokens: list[str]) -> int:
    for word in _WORD.finditer(text):
        if _matches(word.group(), tokens):
            return word.start()
    return 0


def _window(text: str, width: int, tokens: list[str]) -> tuple[int, int]:
    """An excerpt about `width` long that starts a little before the first match, on a word."""
    if len(text) <= width:
        return 0, len(text)
    first = _first(text, tokens)
    start = max(0, first - width // 4)
    space = text.rfind(" ", 0, start + 1) if start else -1
    start = space + 1 if space >= 0 and first - space < width // 2 else start
    end = min(len(text), start + width)
    space = text.find(" ", end)
    end = space if 0 <= space - end < 20 else end
    return start, end


def highlight(text: str, tokens: list[str], width: int | None = None) -> Markup:
    """The text (or, with a width, an excerpt around the first match) with matches marked."""
    start, end = _window(text, width, tokens) if width else (0, len(text))
    out = [escape(ELLIPSIS) if start > 0 else Markup("")]
    position = start
    for low, high in spans(text, tokens, start, end):
        out += [escape(text[position:low]), Markup("<mark>"), escape(text[low:high])]
        out.append(Markup("</mark>"))
        position = high
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append(escape(ELLIPSIS))
    return Markup("").join(out)
