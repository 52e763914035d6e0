"""The measured quality bar on the labelled synthetic corpus (tuning and held-out sets)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mcm.privacy.lexicon import lexicon
from mcm.privacy.text import fold_word
from tests.privacy.scoring import LANGUAGES, SPLITS, evaluate, load

MUNICIPALITIES = Path(__file__).parents[2] / "mcm" / "reference" / "files" / "municipalities.csv"

# Minimum recall per hard class on the held-out set, a little below what was measured the
# first time each held-out batch was scored (then every class found all its spans except
# passports 5/6, common-word names 12/13 and initials 11/12, misses fixed since with tuning
# examples of their own): one more miss in a class of about 10 fails.
MIN_RECALL = {
    "name_common_word": 0.85,
    "name_lower_case": 0.85,
    "name_initials": 0.85,
    "name_declined": 0.85,
    "name_cyrillic": 0.80,
    "handle_without_at": 0.85,
    "profile_url": 0.85,
    "jmbg": 0.80,
    "albanian_nid": 0.75,
    "passport": 0.80,
}
# Maximum false-alarm rate per class of clean sentences on the held-out set (measured: 0 of 11
# public lines, 0 of 36 professional sentences, 1 of 71 general ones).
MAX_FALSE_ALARMS = {"public_line": 0.13, "professional": 0.05, "general": 0.05}


def test_corpus_is_big_enough_and_labelled() -> None:
    examples = [ex for split in SPLITS for ex in load(split)]
    assert len(examples) >= 600
    assert sum(1 for ex in examples if ex.spans) >= 300
    assert sum(1 for ex in examples if not ex.spans) >= 300
    assert {ex.lang for ex in examples} == set(LANGUAGES)
    held_out = load("heldout")
    assert len(held_out) >= 0.18 * len(examples)
    # Every hard class is in both sets, so tuning never saw the held-out sentences of a class.
    for split in SPLITS:
        classes = {cls for ex in load(split) for *_, cls in ex.spans}
        classes |= {ex.clean_class for ex in load(split) if not ex.spans}
        assert set(MIN_RECALL) | set(MAX_FALSE_ALARMS) <= classes, split


def test_serbian_is_labelled_by_its_script() -> None:
    for split in SPLITS:
        for ex in load(split):
            cyrillic = any("\u0400" <= c <= "\u04ff" for c in ex.text)
            if ex.lang.startswith("sr"):
                assert ex.lang == ("sr-Cyrl" if cyrillic else "sr-Latn"), ex.text


def test_recall_and_false_alarms_on_the_whole_corpus() -> None:
    report = evaluate([ex for split in SPLITS for ex in load(split)])
    assert report.total.recall >= 0.95, report.misses
    assert report.total.false_alarm_rate <= 0.05, report.alarms


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_and_language_clears_the_bar(split: str) -> None:
    report = evaluate(load(split))
    assert set(report.by_lang) == set(LANGUAGES)
    for lang, tally in report.by_lang.items():
        assert tally.recall >= 0.95, (lang, report.misses)
        assert tally.false_alarm_rate <= 0.06, (lang, report.alarms)


@pytest.mark.parametrize("cls", sorted(MIN_RECALL))
def test_each_hard_class_is_found_on_the_held_out_set(cls: str) -> None:
    report = evaluate(load("heldout"))
    tally = report.by_class[cls]
    assert tally.spans >= 4
    assert tally.recall >= MIN_RECALL[cls], [m for m in report.misses if f"] {cls}=" in m]


@pytest.mark.parametrize("cls", sorted(MAX_FALSE_ALARMS))
def test_each_clean_class_stays_quiet_on_the_held_out_set(cls: str) -> None:
    report = evaluate(load("heldout"))
    tally = report.by_class[cls]
    assert tally.clean >= 8
    assert tally.false_alarm_rate <= MAX_FALSE_ALARMS[cls], report.alarms


def test_every_municipality_is_a_place_not_a_name() -> None:
    lex = lexicon()
    with MUNICIPALITIES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for column in ("name_sq", "name_sr", "name_en"):
                for word in row[column].split():
                    key = fold_word(word)
                    assert lex.is_never_name(key) or len(key) <= 2, row[column]
