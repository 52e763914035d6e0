"""Validators with our own messages, so every error reads well in Albanian, Serbian and English
(WTForms ships no Albanian and only Cyrillic Serbian)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import current_app, has_app_context
from flask_babel import format_date
from flask_babel import gettext as _
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


def _years(value: int | str) -> int:
    """A number of years, or the configuration key that holds it."""
    if isinstance(value, int):
        return value
    return int(current_app.config[value]) if has_app_context() else 0


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def year_window(past: int | str, future: int | str, today: date | None = None) -> tuple[date, date]:
    """The first and last plausible day: `past` years before today, `future` years after; each
    a number or the configuration key that holds it (such as MCM_MEETING_PAST_YEARS)."""
    today = today or date.today()
    return _shift(today, -_years(past)), _shift(today, _years(future))


def outside_window(day: date, past: int | str, future: int | str) -> str | None:
    """Why the date is implausible (the window it must lie in), or None when it is in it."""
    first, last = year_window(past, future)
    if first <= day <= last:
        return None
    return _(
        "Enter a date between %(first)s and %(last)s.",
        first=format_date(first),
        last=format_date(last),
    )


def within_years(past: int | str, future: int | str) -> Callable[[Any, Any], None]:
    """A date validator: refuse a date outside year_window(past, future), such as year 9999."""

    def validate(form: Any, field: Any) -> None:
        message = outside_window(field.data, past, future) if field.data else None
        if message:
            raise ValidationError(message)

    return validate


class VersionField(HiddenField):
    """The version of the record the form was opened on, to detect a concurrent save."""
