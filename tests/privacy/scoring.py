"""Scores the privacy guard on the labelled synthetic corpus (tests and benchmark share it)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from mcm.privacy import find_pii

CORPUS = Path(__file__).parent / "corpus"
SPLITS = ("tuning", "heldout")
LANGUAGES = ("sq", "sr-Latn", "sr-Cyrl", "en")
# Clean sentences without a class of their own are ordinary minutes and case notes.
GENERAL = "general"


@dataclass
class Example:
    """One sentence with its labelled PII spans as (kind, start, end, class)."""

    lang: str
    text: str
    spans: list[tuple[str, int, int, str]]
    allowed: list[str]
    # The hard case a clean sentence tests (public lines, professional minutes text).
    clean_class: str = GENERAL


@dataclass
class Tally:
    """Counts for one slice of the corpus (a language, a kind, a class, or everything)."""

    spans: int = 0
    found: int = 0
    right_kind: int = 0
    clean: int = 0
    alarms: int = 0

    @property
    def recall(self) -> float:
        """Labelled spans overlapped by some finding / labelled spans."""
        return self.found / self.spans if self.spans else 1.0

    @property
    def kind_accuracy(self) -> float:
        """Found spans whose overlapping finding has the labelled kind / found spans."""
        return self.right_kind / self.found if self.found else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """Clean sentences with any finding / clean sentences."""
        return self.alarms / self.clean if self.clean else 0.0


@dataclass
class Report:
    """Totals plus per-language, per-kind and per-class tallies, and what went wrong."""

    total: Tally = field(default_factory=Tally)
    by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_class: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)
    wrong_kinds: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)


def load(split: str) -> list[Example]:
    """The examples of one corpus file (tuning or heldout).

    A labelled span is [kind, text] or [kind, text, class]; without a class its kind is its
    class. A clean sentence may name the class it tests in "class".
    """
    data = json.loads((CORPUS / f"{split}.json").read_text("utf-8"))
    allowed = data["allowed_names"]
    out = []
    for item in data["examples"]:
        spans = []
        for kind, span, *rest in item["pii"]:
            start = item["text"].index(span)
            spans.append((kind, start, start + len(span), rest[0] if rest else kind))
        clean_class = item.get("class", GENERAL)
        out.append(Example(item["lang"], item["text"], spans, allowed, clean_class))
    return out


def evaluate(examples: list[Example]) -> Report:
    """Run find_pii on every example and tally recall and false alarms."""
    report = Report()
    for ex in examples:
        findings = find_pii(ex.text, allowed_names=ex.allowed)
        lang = report.by_lang[ex.lang]
        if not ex.spans:
            for tally in (report.total, lang, report.by_class[ex.clean_class]):
                tally.clean += 1
                tally.alarms += bool(findings)
            if findings:
                shown = ", ".join(f"{f.kind}={ex.text[f.start : f.end]!r}" for f in findings)
                report.alarms.append(f"[{ex.lang}] {ex.text}  ->  {shown}")
            continue
        for kind, start, end, cls in ex.spans:
            hits = [f for f in findings if f.start < end and start < f.end]
            slices = [report.total, lang, report.by_kind[kind]]
            if cls != kind:
                slices.append(report.by_class[cls])
            for tally in slices:
                tally.spans += 1
                tally.found += bool(hits)
                tally.right_kind += any(f.kind == kind for f in hits)
            if not hits:
                report.misses.append(f"[{ex.lang}] {cls}={ex.text[start:end]!r} in {ex.text}")
            elif not any(f.kind == kind for f in hits):
                got = ", ".join(f.kind for f in hits)
                report.wrong_kinds.append(f"[{ex.lang}] {kind}->{got}: {ex.text[start:end]!r}")
    return report
