"""The name rules: one pass over a text's tokens that marks the words forming people's names."""

from __future__ import annotations

import re

from mcm.privacy.lexicon import (
    AMBIGUOUS,
    AUXILIARIES,
    CONNECTORS,
    FAMILY_WORDS,
    GIVEN,
    INSTITUTION_WORDS,
    PERSON_VERBS,
    ROLE_WORDS,
    SHORT_TITLES,
    SURNAME,
    TITLES,
    Lexicon,
)
from mcm.privacy.text import UPPER, Token, adjacent, fold_word, to_latin

# Serbian and Bosniak surnames have a telling ending, also inflected (Jovanovića, Hodžićem).
_SURNAME_SHAPE = re.compile(r"(?:ovi[ćc]|evi[ćc]|..ić)(?:a|u|em|om|i|e)?$")
# Weaker endings (Albanian -aj, unaccented -ic) that count only next to other evidence.
_WEAK_SHAPE = re.compile(r"(?:...aj|...ic)$")
_TITLE_GAP = re.compile(r"\.?[ \t\u00a0]+")
_ROLE_GAP = re.compile(r"[\s,:(\u2013\u2014-]*")
# Straight and typographic quotes (\u2018-\u201e), guillemets.
_INSTITUTION_GAP = re.compile(r"[\s\"'\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb.]*")
_FAMILY_BEFORE = frozenset({"family", "household"})
_MAX_RUN = 4
# Words after which a name may follow: titles, roles, family words.
_TRIGGERS = TITLES | ROLE_WORDS | FAMILY_WORDS
# An initial after a name ("Arta K."), which belongs to it.
INITIAL_AFTER = re.compile(rf"[ \t]([{UPPER}])\.(?![\w])")
# What introduces a sentence-opening ambiguous name as a person: an age ("Besa, 28 vjeçe",
# "Nada (41)") or a relative pronoun ("Flutura, who ...", "Nada, koja ...").
_AGE_OR_WHO_AFTER = re.compile(
    r"\s*[,(]\s*(?:aged\s+\d{1,2}"
    r"|\d{1,2}\s*(?:vjec\w*|vjet\w*|godin\w*|god\.|g\.|years?|yrs?|\))"
    r"|(?:who|e cila|i cili|koja|koji)\b)"
)
# "Mimozës i është ofruar": a declined name with the Albanian dative pronoun and a verb.
_DATIVE = frozenset({"i", "iu"})
_DATIVE_VERB = frozenset({"eshte", "ishte", "jane", "kane", "ka", "u"})
# "Drita nga Rahoveci", "Vera iz Štrpca", "Shpresa from Podujeva": a place of origin.
_FROM = frozenset({"nga", "iz", "from"})
# "Shpresa dhe vajza e saj", "Lule dhe dy fëmijët": with her family.
_WITH = frozenset({"dhe", "and", "me", "with", "sa", "i"})
_COUNT_OR_OWNER = frozenset(
    {"dy", "tre", "kater", "two", "three", "dvoje", "troje", "dva", "tri", "her", "his"}
    | {"saj", "tij", "njena", "njen", "njegova", "svoje", "svojom", "e", "te", "se"}
)


class Scan:
    """One pass of the name rules over the tokens of one text."""

    def __init__(self, text: str, tokens: list[Token], lex: Lexicon) -> None:
        self.text = text
        self.tokens = tokens
        self.lex = lex
        # Every word is looked up: names are also written in lower case ("arta krasniqi").
        self.flags = [lex.flags(t.key) for t in tokens]
        self._name_like = [t.cap and self._compute_name_like(i) for i, t in enumerate(tokens)]
        self.marked = [False] * len(tokens)
        # Words marked because a role or family word precedes them: people in the case, even
        # when a representative shares the name ("viktima Arta" with Arta Krasniqi allowed).
        self.in_case = [False] * len(tokens)

    def flagged(self, i: int) -> bool:
        """A known name or a surname-shaped word (whatever its ambiguity)."""
        t = self.tokens[i]
        return bool(self.flags[i]) or self.shaped(i) or bool(_WEAK_SHAPE.search(t.key))

    def shaped(self, i: int) -> bool:
        """Word ends like a Serbian or Bosniak surname."""
        return bool(_SURNAME_SHAPE.search(to_latin(self.tokens[i].text).lower()))

    def name_like(self, i: int) -> bool:
        """Capitalised word that may be (part of) a name: not a place, office or title."""
        return self._name_like[i]

    def _compute_name_like(self, i: int) -> bool:
        t = self.tokens[i]
        if not t.cap or len(t.text) < 2 or self.lex.is_never_name(t.key) or self.is_title(i):
            return False
        if t.key in ROLE_WORDS or t.key in FAMILY_WORDS or t.key in INSTITUTION_WORDS:
            return False
        # Acronyms (QPS, OSBE) are institutions unless they spell a known name.
        return not (len(t.text) > 1 and t.text.isupper() and not self.flags[i])

    def is_title(self, i: int) -> bool:
        """Znj., z., gospođa, Mr, Dr ... (short ones need their full stop, not after a year)."""
        t = self.tokens[i]
        if t.key not in TITLES:
            return False
        if t.key in SHORT_TITLES:
            if self.text[t.end : t.end + 1] != ".":
                return False
            before = self.text[: t.start].rstrip()
            if before.endswith(".") and before[-2:-1].isdigit():
                return False  # "2026. g." is a year
            if before[-1:].isdigit():
                return False
        return True

    def heads_a_title(self, i: int) -> bool:
        """The word opens a proper noun: "Ditën e Gruas", "Bashkimin Evropian"."""
        toks = self.tokens
        j = i + 1
        if j < len(toks) and self.next_to(i, j) and toks[j].key in CONNECTORS:
            j += 1
            return j < len(toks) and self.next_to(j - 1, j) and toks[j].cap
        return self.next_to(i, j) and toks[j].cap and self.lex.is_never_name(toks[j].key)

    def acts_as_person(self, i: int) -> bool:
        """An opening word followed by a person's verb or a possessive: "Drita said"."""
        toks = self.tokens
        j = i + 1
        if j < len(toks) and toks[j].key == "s" and self.text[toks[i].end] in "'\u2019":
            return True  # "Mimoza's ex-partner"
        for _ in range(3):
            if j >= len(toks) or not self.text[toks[j - 1].end : toks[j].start].isspace():
                return False
            if toks[j].key in PERSON_VERBS:
                return True
            if toks[j].key not in AUXILIARIES:
                return False
            j += 1
        return False

    def introduced(self, i: int) -> bool:
        """An opening word introduced as a person: "Drita nga Rahoveci", "Besa, 28 vjeçe",
        "Shpresa dhe vajza e saj", "Flutura, who ..."."""
        toks = self.tokens
        if _AGE_OR_WHO_AFTER.match(fold_word(self.text[toks[i].end : toks[i].end + 24])):
            return True
        if INITIAL_AFTER.match(self.text, toks[i].end):
            return True  # "Mimoza K. u paraqit"
        j = i + 1
        if not self.next_to(i, j):
            return False
        if toks[j].key in _DATIVE and toks[i].key not in self.lex.base_names:
            return self.next_to(j, j + 1) and toks[j + 1].key in _DATIVE_VERB
        if toks[j].key in _FROM:
            return self.next_to(j, j + 1) and toks[j + 1].cap
        if toks[j].key in _WITH:
            k = j + 1
            while k < j + 3 and self.next_to(k - 1, k) and toks[k].key in _COUNT_OR_OWNER:
                k += 1  # "and her two children", "me dy fëmijët e saj"
            return self.next_to(k - 1, k) and toks[k].key in ROLE_WORDS
        return False

    def lower_given(self, i: int) -> bool:
        """A lower-case word that is a known given name and not an ordinary word."""
        t = self.tokens[i]
        flags = self.flags[i]
        return (
            not t.cap
            and bool(flags & GIVEN)
            and not flags & AMBIGUOUS
            and len(t.key) > 3
            and not self.lex.is_never_name(t.key)
        )

    def set_off(self, i: int) -> bool:
        """The word stands between commas or brackets, or ends the sentence: an apposition."""
        t = self.tokens[i]
        before = self.text[max(0, t.start - 3) : t.start].rstrip()
        after = self.text[t.end : t.end + 2].lstrip()
        return before[-1:] in (",", "(", ":") and (not after or after[0] in ",.;)")

    def lower_surname(self, i: int) -> bool:
        """A lower-case word that is a known surname or ends like one (jovanović)."""
        t = self.tokens[i]
        if t.cap or self.lex.is_never_name(t.key) or len(t.key) < 4:
            return False
        return bool(self.flags[i] & SURNAME) or self.shaped(i)

    def lower_full_name(self, i: int) -> bool:
        """A known given name and a surname next to it, in lower case: "besnik gashi"."""
        j = i + 1
        if not self.next_to(i, j) or not self.lower_surname(j):
            return False
        flags = self.flags[i]
        if flags & AMBIGUOUS:
            # An ambiguous given name (besa, drita) needs a listed surname, not only the shape.
            return bool(flags & GIVEN and self.flags[j] & SURNAME) and len(self.tokens[i].key) > 3
        return self.lower_given(i)

    def is_role(self, i: int) -> bool:
        """Victim, perpetrator, relative or 'named' word (any part of a hyphenated word)."""
        key = self.tokens[i].key
        if key in ROLE_WORDS:
            return True
        return "-" in key and any(part in ROLE_WORDS for part in key.split("-"))

    def next_to(self, i: int, j: int) -> bool:
        """Tokens i and j (i < j) are neighbours separated by spaces only."""
        return 0 <= i < j < len(self.tokens) and adjacent(self.text, self.tokens[i], self.tokens[j])

    def mark_run(self, j: int, limit: int = 3, in_case: bool = False) -> None:
        """Mark j and up to limit - 1 following name-like neighbours."""
        self.marked[j] = True
        self.in_case[j] |= in_case
        k = j
        while k + 1 < len(self.tokens) and limit > 1 and self.next_to(k, k + 1):
            if not self.name_like(k + 1):
                break
            k += 1
            limit -= 1
            self.marked[k] = True
            self.in_case[k] |= in_case

    def run(self) -> None:
        """Apply every rule, then grow the marked words into whole names."""
        for i, tok in enumerate(self.tokens):
            flags = self.flags[i]
            if self._name_like[i]:
                strong = flags & (GIVEN | SURNAME) and not flags & AMBIGUOUS
                if strong or self.shaped(i):
                    self.marked[i] = True
                elif flags and not tok.initial and not self.heads_a_title(i):
                    # Ambiguous names (Drita, Besa, Nada) count mid-sentence, capitalised.
                    self.marked[i] = True
                elif flags and (self.acts_as_person(i) or self.introduced(i)):
                    self.marked[i] = True
            elif not tok.cap and self.lower_full_name(i):
                self.marked[i] = self.marked[i + 1] = True
            elif not tok.cap and self.lower_given(i) and self.acts_as_person(i):
                self.marked[i] = True  # "mimoza tha se ...", "jelena je rekla"
            key = tok.key
            if key not in _TRIGGERS and "-" not in key:
                continue  # most words: nothing follows from them
            if self.is_title(i):
                self._after_title(i)
            elif self.is_role(i):
                self._after_role(i)
            elif key in FAMILY_WORDS:
                self._family(i)
        self._grow()

    def _after_title(self, i: int) -> None:
        j = i + 1
        if j < len(self.tokens) and self.name_like(j):
            gap = self.text[self.tokens[i].end : self.tokens[j].start]
            if _TITLE_GAP.fullmatch(gap):
                self.mark_run(j)

    def _after_role(self, i: int) -> None:
        toks = self.tokens
        title_case = toks[i].cap and not toks[i].initial  # "Victim Advocacy Office"
        j = i + 1
        skipped = 0
        while j < len(toks):
            gap = self.text[toks[j - 1].end : toks[j].start]
            if not _ROLE_GAP.fullmatch(gap):
                return
            # "nëna e saj Drita", "djali i viktimës, ardit": little words and other roles.
            skippable = toks[j].key in CONNECTORS or self.is_role(j)
            if skippable and not toks[j].cap and skipped < 3:
                skipped += 1
                j += 1
                continue
            break
        else:
            return
        if not toks[j].cap:
            # In lower case only a name set off by commas ("djali, ardit, ...") or with its
            # surname: "fëmija luan në oborr" is "the child plays", not a boy called Luan.
            if self.lower_full_name(j) or (self.lower_given(j) and self.set_off(j)):
                self.marked[j] = self.in_case[j] = True
                if self.next_to(j, j + 1) and self.lower_surname(j + 1):
                    self.marked[j + 1] = self.in_case[j + 1] = True
            return
        if self.is_title(j) or not self.name_like(j):
            return
        if title_case and not self.flagged(j):
            return
        self.mark_run(j, in_case=True)

    def _family(self, i: int) -> None:
        toks = self.tokens
        english = toks[i].key in _FAMILY_BEFORE
        j = i + 1
        named = j < len(toks) and self.next_to(i, j) and self.name_like(j)
        if named and (not english or self.flagged(j)):
            self.mark_run(j, limit=1, in_case=True)
        p = i - 1
        before = english and self.next_to(p, i) and self.name_like(p)
        if before and (not toks[p].initial or self.flagged(p)):
            self.mark_run(p, limit=1, in_case=True)  # "the Morina family"

    def _grow(self) -> None:
        """Neighbouring capitalised words join a marked name (Arta + Berisha)."""
        toks, n = self.tokens, len(self.tokens)
        changed = True
        while changed:
            changed = False
            for i in range(n):
                if not self.marked[i]:
                    continue
                k = i + 1
                if k < n and self._joins(i, k) and not toks[k].initial:
                    self.marked[k] = changed = True
                p = i - 1
                if p >= 0 and self._joins(p, i, left=True):
                    if toks[p].initial and not (self.flags[p] or self.shaped(p)):
                        continue  # "Sipas Krasniqit": the opening word is not a first name
                    self.marked[p] = changed = True

    def _joins(self, i: int, j: int, left: bool = False) -> bool:
        """The unmarked one of neighbours i < j is a capitalised word that may join the name."""
        other = i if left else j
        return not self.marked[other] and self.next_to(i, j) and self.name_like(other)

    def runs(self) -> list[tuple[int, int]]:
        """Index ranges [first, last] of consecutive marked neighbours."""
        out: list[tuple[int, int]] = []
        i, n = 0, len(self.tokens)
        while i < n:
            if not self.marked[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and self.marked[j + 1] and self.next_to(j, j + 1) and j - i < _MAX_RUN:
                j += 1
            out.append((i, j))
            i = j + 1
        return out

    def named_after_something(self, first: int) -> bool:
        """Run follows an institution word ("Shkolla fillore 'Naim Frashëri'", "OJQ Shpresa")."""
        toks = self.tokens
        p = first - 1
        steps = 0
        while p >= 0 and steps < 4:
            gap = self.text[toks[p].end : toks[p + 1].start]
            if not _INSTITUTION_GAP.fullmatch(gap):
                return False
            if toks[p].key in INSTITUTION_WORDS:
                return True
            if not (self.lex.is_never_name(toks[p].key) or self.is_title(p)):
                return False
            p -= 1
            steps += 1
        return False
