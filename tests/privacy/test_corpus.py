"""The measured quality bar on the labelled synthetic corpus (tuning and held-out sets)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mcm.privacy.lexicon import lexicon
from mcm.privacy.text import fold_word
from tests.privacy.scoring import SPLITS, evaluate, load

MUNICIPALITIES = Path(__file__).parents[2] / "mcm" / "reference" / "files" / "municipalities.csv"


def test_corpus_is_big_enough_and_labelled() -> None:
    examples = [ex for split in SPLITS for ex in load(split)]
    assert len(examples) >= 400
    assert sum(1 for ex in examples if ex.spans) >= 200
    assert sum(1 for ex in examples if not ex.spans) >= 200
    assert {ex.lang for ex in examples} == {"sq", "sr", "en"}
    held_out = load("heldout")
    assert len(held_out) >= 0.18 * len(examples)


def test_recall_and_false_alarms_on_the_whole_corpus() -> None:
    report = evaluate([ex for split in SPLITS for ex in load(split)])
    assert report.total.recall >= 0.95, report.misses
    assert report.total.false_alarm_rate <= 0.10, report.alarms


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_and_language_clears_the_bar(split: str) -> None:
    report = evaluate(load(split))
    for lang, tally in report.by_lang.items():
        assert tally.recall >= 0.95, (lang, report.misses)
        assert tally.false_alarm_rate <= 0.10, (lang, report.alarms)


def test_every_municipality_is_a_place_not_a_name() -> None:
    lex = lexicon()
    with MUNICIPALITIES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for column in ("name_sq", "name_sr", "name_en"):
                for word in row[column].split():
                    key = fold_word(word)
                    assert lex.is_never_name(key) or len(key) <= 2, row[column]
