"""The words found, marked in the text as it was written: escaped HTML with <mark> around each
word that a search token begins, so "kosove" marks "Kosovë" and no typed or stored text can
become markup."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from mcm.search.folding import fold_with_offsets

_WORD = re.compile(r"\S+")
ELLIPSIS = "…"


def _matches(word: str, tokens: list[str]) -> bool:
    return any(word.startswith(t) if len(t) > 1 else word == t for t in tokens)


def spans(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Where in the original text the matching words stand, as (start, end) positions."""
    folded, offsets = fold_with_offsets(text)
    found: list[tuple[int, int]] = []
    for word in _WORD.finditer(folded):
        if _matches(word.group(), tokens):
            start, end = offsets[word.start()], offsets[word.end() - 1] + 1
            if found and start <= found[-1][1]:
                found[-1] = (found[-1][0], max(end, found[-1][1]))
            else:
                found.append((start, end))
    return found


def _window(text: str, found: list[tuple[int, int]], width: int) -> tuple[int, int]:
    if len(text) <= width:
        return 0, len(text)
    first = found[0][0] if found else 0
    start = max(0, first - width // 4)
    space = text.rfind(" ", 0, start + 1) if start else -1
    start = space + 1 if space >= 0 and first - space < width // 2 else start
    end = min(len(text), start + width)
    space = text.find(" ", end)
    end = space if 0 <= space - end < 20 else end
    return start, end


def highlight(text: str, tokens: list[str], width: int | None = None) -> Markup:
    """The text (or, with a width, an excerpt around the first match) with matches marked."""
    found = spans(text, tokens)
    start, end = _window(text, found, width) if width else (0, len(text))
    out = [escape(ELLIPSIS) if start > 0 else Markup("")]
    position = start
    for low, high in found:
        if high <= start or low >= end:
            continue
        low, high = max(low, start), min(high, end)
        out += [escape(text[position:low]), Markup("<mark>"), escape(text[low:high])]
        out.append(Markup("</mark>"))
        position = high
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append(escape(ELLIPSIS))
    return Markup("").join(out)
