"""The guard's contract: offsets, Finding, lazy messages, no application needed."""

# Random texts mix in Cyrillic and typographic quotes on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest
from flask import Flask, has_app_context
from flask_babel.speaklater import LazyString

from mcm.privacy import KINDS, MESSAGES, Finding, find_pii

TEXT = (
    "Viktima, znj. Lumnije Sadiku, e lindur më 02.02.1980, jeton në rr. Fehmi Lladrovci 9. "
    "Tel. 044 111 999, e-mail l.sadiku@example.org, @lumi_demo. Kryerësi vozit 01-123-AB; "
    "numri personal 1234567890, pasaporta nr. P01234567, IBAN XK05 1212 0123 4567 8906."
)
EXPECTED = {
    ("person_name", "Lumnije Sadiku"),
    ("date_of_birth", "02.02.1980"),
    ("street_address", "rr. Fehmi Lladrovci 9"),
    ("phone", "044 111 999"),
    ("email", "l.sadiku@example.org"),
    ("social_handle", "@lumi_demo"),
    ("vehicle_plate", "01-123-AB"),
    ("personal_number", "1234567890"),
    ("id_document", "P01234567"),
    ("iban", "XK05 1212 0123 4567 8906"),
}


def test_offsets_point_at_the_personal_data() -> None:
    findings = find_pii(TEXT)
    assert {(f.kind, TEXT[f.start : f.end]) for f in findings} == EXPECTED
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start, "findings never overlap"


def test_every_kind_is_known_and_has_a_message() -> None:
    assert {kind for kind, _ in EXPECTED} == set(KINDS)
    assert set(MESSAGES) == set(KINDS)


def test_finding_is_a_frozen_dataclass() -> None:
    finding = find_pii("Tel 044 000 111")[0]
    assert isinstance(finding, Finding)
    assert [f.name for f in dataclasses.fields(Finding)] == ["start", "end", "kind", "message"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 0  # type: ignore[misc]


def test_works_without_an_application_and_messages_stay_lazy() -> None:
    assert not has_app_context()
    findings = find_pii(TEXT)
    assert findings
    assert all(isinstance(f.message, LazyString) for f in findings)


def test_messages_translate_inside_a_request(app: Flask) -> None:
    finding = find_pii("Tel 044 000 111")[0]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert str(finding.message).startswith("This looks like a phone number.")


@pytest.mark.parametrize("text", ["", " ", "\n\n", "ok", "12", "@", "—"])
def test_trivial_texts(text: str) -> None:
    assert find_pii(text) == []


def test_allowed_names_accepts_any_iterable() -> None:
    text = "Znj. Arta Krasniqi nga QPS."
    assert find_pii(text, allowed_names=iter(["Arta Krasniqi"])) == []
    assert find_pii(text, allowed_names=("Arta Krasniqi",)) == []
    assert [f.kind for f in find_pii(text)] == ["person_name"]


def test_random_texts_never_break_the_guard() -> None:
    rng = random.Random(2026)
    alphabet = "aAbBëËçÇćĆčČđĐšŠžŽжЖљЉ0123456789 .,-/:;()[]@+\"'“”„«»’\n€%#_"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        findings = find_pii(text, allowed_names=["Arta Krasniqi"])
        for f in findings:
            assert 0 <= f.start < f.end <= len(text)
        for a, b in itertools.pairwise(findings):
            assert a.end <= b.start
