"""Validators with our own messages, so every error reads well in Albanian, Serbian and English
(WTForms ships no Albanian and only Cyrillic Serbian)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError


def required() -> DataRequired:
    return DataRequired(message=_l("Please fill in this field."))


def input_required() -> InputRequired:
    """For dates: unlike DataRequired, it keeps the "not a date" error of a mistyped value."""
    return InputRequired(message=_l("Please fill in this field."))


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


class LocalDateField(DateField):
    """A date input whose error reads well in every language (WTForms' own is English only)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not valuelist[0]:
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Enter the date as day, month and year.")) from error


def not_in_future(form: Any, field: Any) -> None:
    """Events are recorded once they happened."""
    if field.data and field.data > date.today():
        raise ValidationError(_l("This date is in the future."))


class VersionField(HiddenField):
    """The version of the record the form was opened on, to detect a concurrent save."""
