"""find_pii: run every detector, keep the most specific finding where spans overlap."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import cast

from mcm.privacy import finding as k
from mcm.privacy.addresses import find_addresses
from mcm.privacy.contacts import find_emails, find_phones, find_social
from mcm.privacy.documents import find_dates_of_birth, find_id_documents
from mcm.privacy.finding import MESSAGES, Finding
from mcm.privacy.names import allowed_keys, find_names
from mcm.privacy.numbers import (
    find_albanian_nids,
    find_ibans,
    find_labelled_personal_numbers,
    find_personal_numbers,
    find_plates,
)
from mcm.privacy.text import fold_text, tokenize

Span = tuple[int, int]


def _candidates(text: str, allowed: list[frozenset[str]]) -> Iterator[tuple[str, Span]]:
    """Every detector's spans, most specific kinds first (the order breaks overlaps)."""
    folded = fold_text(text)
    for span in find_emails(text):
        yield k.EMAIL, span
    for span in find_social(text, folded):
        yield k.SOCIAL_HANDLE, span
    for span in find_labelled_personal_numbers(text, folded):
        yield k.PERSONAL_NUMBER, span
    for span in find_albanian_nids(text):
        yield k.PERSONAL_NUMBER, span
    for span in find_ibans(text, folded):
        yield k.IBAN, span
    for span in find_id_documents(text, folded):
        yield k.ID_DOCUMENT, span
    names = find_names(text, tokenize(text), allowed)
    for span in find_dates_of_birth(text, folded, names):
        yield k.DATE_OF_BIRTH, span
    for span in find_phones(text, folded):
        yield k.PHONE, span
    for span in find_personal_numbers(text, folded):
        yield k.PERSONAL_NUMBER, span
    for span in find_plates(text, folded):
        yield k.VEHICLE_PLATE, span
    for span in find_addresses(text, folded):
        yield k.STREET_ADDRESS, span
    for span in names:
        yield k.PERSON_NAME, span


def find_pii(text: str, *, allowed_names: Iterable[str] = ()) -> list[Finding]:
    """Personal data in text, in order of position; allowed_names are never flagged."""
    if not text:
        return []
    # Accepted spans never overlap, so sorted starts and their ends answer "is this span
    # free?" by looking at the two neighbours only.
    starts: list[int] = []
    ends: list[int] = []
    found: list[Finding] = []
    for kind, (start, end) in _candidates(text, allowed_keys(allowed_names)):
        i = bisect.bisect_right(starts, start)
        if start >= end or (i > 0 and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        # The lazy message stays lazy: no app context is needed until someone shows it.
        found.append(Finding(start, end, kind, cast(str, MESSAGES[kind])))
    found.sort(key=lambda f: (f.start, f.end))
    return found
