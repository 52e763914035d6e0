"""Validators with our own messages, so every error reads well in Albanian, Serbian and English
(WTForms ships no Albanian and only Cyrillic Serbian)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, Length


def required() -> DataRequired:
    return DataRequired(message=_l("Please fill in this field."))


def email_address() -> Email:
    return Email(message=_l("Enter an e-mail address such as name@institution.org."))


def max_length(n: int) -> Length:
    return Length(max=n, message=_l("At most %(max)d characters, please.", max=n))


def length_between(low: int, high: int) -> Length:
    return Length(
        min=low,
        max=high,
        message=_l("Between %(min)d and %(max)d characters, please.", min=low, max=high),
    )
