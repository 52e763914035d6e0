"""Enumeration labels are translated once per request and language: the same label asked again
in the request is the one already translated, and an e-mail written in its recipient's language
inside the request still gets that language's words."""

from __future__ import annotations

from flask import Flask, g
from flask_babel import force_locale

from mcm.core.labels import presence_label
from mcm.meetings.models import Presence


def test_labels_follow_the_language_within_one_request(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert presence_label(Presence.PRESENT) == "Present"
        with force_locale("sq"):
            assert presence_label(Presence.PRESENT) == "I pranishëm"
        assert presence_label("present") == "Present"
        # Asked three times in two languages: translated twice, kept for the request.
        assert len(g.translated_labels) == 2
