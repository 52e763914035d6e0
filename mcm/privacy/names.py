"""People's names: the marked runs of the name rules, less eponyms, titles and allowed names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mcm.privacy.lexicon import SHORT_TITLES, TITLES, keys_of, lexicon
from mcm.privacy.name_rules import INITIAL_AFTER, Scan
from mcm.privacy.text import UPPER, WORD_RE, Token, fold_word

# Straight and typographic quotes (\u2018-\u201e), guillemets.
_QUOTES_OPEN = "\"'\u201c\u201e\u00ab\u2018"
_QUOTES_CLOSE = "\"'\u201d\u201c\u00bb\u2019"
# Initials stand for a person too: "M.G.", "L. K." and Cyrillic ones. Exactly two letters:
# three or more dotted capitals are an institution (O.S.B.E., Q.P.S.).
_INITIALS = re.compile(rf"(?<![\w.])[{UPPER}]\.[ \t]?[{UPPER}]\.(?![\w]|[ \t]?[{UPPER}]\.)")
# Dotted abbreviations that are not people (N.N. is "unknown person", already anonymous;
# K.K. the municipal assembly; A.M./P.M. times; B.A./M.A. degrees; R.K./R.S. republics).
_NOT_INITIALS = frozenset(
    {"us", "uk", "eu", "nn", "ps", "ad", "dd", "sa", "ok", "bb", "nb", "kk", "am", "pm"}
    | {"ba", "ma", "bs", "rk", "rs", "tv", "dj"}
)
_INITIAL_BEFORE = re.compile(rf"(?<![\w.])([{UPPER}])\.[ \t]?$")


def allowed_keys(allowed_names: Iterable[str]) -> list[frozenset[str]]:
    """For each allowed name, the folded forms of its words (with case endings)."""
    out = []
    for name in allowed_names:
        words = WORD_RE.findall(name)
        parts = [p for w in words for p in w.split("-")]
        if parts:
            out.append(frozenset(keys_of(words + parts)))
    return out


def _is_allowed(scan: Scan, first: int, last: int, allowed: list[frozenset[str]]) -> bool:
    """The run is (part of) a representative's name, perhaps after an unknown word such as a
    job title ("Psychologist Arta Krasniqi"), but with no other person's name in it."""
    keys = [t.key for t in scan.tokens[first : last + 1]]
    for forms in allowed:
        inside = [k in forms for k in keys]
        if all(inside):
            return True
        others = [i for i, ok in zip(range(first, last + 1), inside, strict=True) if not ok]
        if sum(inside) >= 2 and not any(scan.flagged(i) for i in others):
            return True
    return False


def _initials_fit(initials: str, allowed: list[frozenset[str]], keys: tuple[str, ...]) -> bool:
    """ "L. Berisha" may be the allowed Luan Berisha; "F. Berisha" is someone else."""
    letters = [fold_word(c) for c in initials if c.isalpha()]
    for forms in allowed:
        if all(k in forms for k in keys) and all(any(f[:1] == x for f in forms) for x in letters):
            return True
    return False


def _is_short_title(text: str, initial: re.Match[str]) -> bool:
    """ "Z." and "G." before a name are titles, unless a title already precedes them."""
    if fold_word(initial.group(1)) not in SHORT_TITLES:
        return False
    before = WORD_RE.findall(text[max(0, initial.start() - 12) : initial.start()])
    return not (before and fold_word(before[-1]) in TITLES)


def find_initials(text: str) -> list[tuple[int, int]]:
    """Initials written for a person: "M.G.", "L. K." (not U.S., N.N. and the like)."""
    spans = []
    for m in _INITIALS.finditer(text):
        letters = "".join(fold_word(c) for c in m.group() if c.isalpha())
        if letters not in _NOT_INITIALS:
            spans.append(m.span())
    return spans


def find_names(
    text: str, tokens: list[Token], allowed: list[frozenset[str]]
) -> list[tuple[int, int]]:
    """Spans of people's names in text, leaving out the allowed names and eponyms."""
    lex = lexicon()
    scan = Scan(text, tokens, lex)
    scan.run()
    spans = find_initials(text) if "." in text else []
    for first, last in scan.runs():
        start, end = tokens[first].start, tokens[last].end
        keys = tuple(t.key for t in tokens[first : last + 1])
        # A lower-case name is not a school's or a centre's ("at the centre arbnora said").
        eponym = tokens[first].cap and scan.named_after_something(first)
        if keys in lex.eponyms or eponym:
            continue
        inside = start > 0 and end < len(text)
        if inside and text[start - 1] in _QUOTES_OPEN and text[end] in _QUOTES_CLOSE:
            continue  # a quoted title: the "Drita" campaign, OJQ "Shpresa"
        in_case = any(scan.in_case[first : last + 1])
        # An initial next to the name belongs to it: "F. Berisha", "Arta K.".
        before = _INITIAL_BEFORE.search(text, max(0, start - 4), start)
        if before and _is_short_title(text, before):
            before = None  # "Z. Hoxha", "G. Savić": zoti, gospodin
        after = INITIAL_AFTER.match(text, end)
        if before or after:
            initials = (before.group(1) if before else "") + (after.group(1) if after else "")
            start = before.start() if before else start
            end = after.end() if after else end
            if not in_case and _initials_fit(initials, allowed, keys):
                continue
        elif not in_case and _is_allowed(scan, first, last, allowed):
            continue
        spans.append((start, end))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, overlapping ones joined ("L. K." found as initials and as a name)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out
