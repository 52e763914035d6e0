"""The shared form base and validators with our own messages, so every error reads well in
Albanian, Serbian and English (WTForms ships no Albanian and only Cyrillic Serbian).

Every form of the app inherits ``Form``. Its input is parsed once, the same way everywhere:
submitted text is stripped and NUL characters dropped before any field sees it (so whitespace
counts as empty), WTForms' English-only parsing errors read in the user's language, and on
validation every free-text field passes the privacy guard (mcm.core.pii) unless it is declared
professional or public data in mcm.core.public_fields.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app, has_app_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from flask_wtf.i18n import translations as flask_wtf_translations
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    DecimalField,
    FieldList,
    FileField,
    FloatField,
    FormField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    PasswordField,
    StringField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError

from mcm.core import error_summary
from mcm.core.i18n import day_format

# Any text longer than this is refused even where a field forgot its own maximum (the walking
# test makes every free-text field declare one; this only keeps a forgotten one bounded).
FALLBACK_MAX = 100_000


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


# WTForms' own parsing messages, in our words (they reach the user for any field type that
# does not set its own message).
_OURS = {
    "Not a valid integer value.": _l("Enter a whole number, such as 12."),
    "Not a valid decimal value.": _l("Enter a number, for example 12 or 3.5."),
    "Not a valid float value.": _l("Enter a number, for example 12 or 3.5."),
    "Not a valid date value.": _l("Enter the date as day, month and year."),
    "Not a valid datetime value.": _l("Enter the date as day, month and year."),
    "Not a valid time value.": _l("Enter the time as hours and minutes, for example 14:30."),
    "Not a valid week value.": _l("Enter the date as day, month and year."),
    "Invalid Choice: could not coerce.": _l("Choose one of the options offered."),
    "Not a valid choice.": _l("Choose one of the options offered."),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l(
        "Choose among the options offered."
    ),
    "'%(value)s' is not a valid choice for this field.": _l("Choose among the options offered."),
    "'%(value)s' are not valid choices for this field.": _l("Choose among the options offered."),
    "This field is required.": _l("Please fill in this field."),
    "Invalid input.": _l("Please check this field."),
}


class _Translations:
    """WTForms' messages in our words, anything else through Flask-WTF's translations."""

    def gettext(self, string: str) -> str:
        ours = _OURS.get(string)
        return str(ours) if ours is not None else flask_wtf_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        ours = _OURS.get(singular if n == 1 else plural)
        if ours is not None:
            return str(ours)
        return flask_wtf_translations.ngettext(singular, plural, n)


_TRANSLATIONS = _Translations()


def clean_text(value: str) -> str:
    """Submitted text as we keep it: no NUL characters (PostgreSQL cannot store them), no
    surrounding whitespace."""
    return value.replace("\x00", "").strip()


def _cleaned(source: Any, keep_as_typed: set[str]) -> MultiDict:
    cleaned: MultiDict = MultiDict()
    for key, value in source.items(multi=True):
        if isinstance(value, str):
            value = value.replace("\x00", "") if key in keep_as_typed else clean_text(value)
        cleaned.add(key, value)
    return cleaned


class Form(FlaskForm):
    """The base of every form: input parsed once, free text guarded (see the module's doc)."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            if formdata is _Auto:
                # HTML forms only: a JSON body would hand fields lists and numbers.
                if not _is_submitted():
                    return None
                formdata = MultiDict(request.form.items(multi=True))
                for key, upload in request.files.items(multi=True):
                    formdata.add(key, upload)
            if formdata is None:
                return None
            passwords = {
                name for name, field in form._fields.items() if isinstance(field, PasswordField)
            }
            return _cleaned(formdata, passwords)

        def get_translations(self, form: Any) -> Any:
            return _TRANSLATIONS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        error_summary.register(self)  # its errors head the page that shows it

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' own checks, numbers the database can hold, then the privacy guard on
        every free-text field that passed."""
        refuse_not_a_number(self)  # before the validators compare with a NaN and crash
        valid = super().validate(extra_validators)
        valid = numbers_in_range(self) and valid
        from mcm.core.pii import guard_form  # pii builds on this module

        return guard_form(self) and valid


# What an integer column holds on every database we run on, and a Numeric(14, 2).
LARGEST_WHOLE = 2_147_483_647
LARGEST_DECIMAL = Decimal("999999999999.99")


def _all_fields(form: Any) -> Iterator[Any]:
    for field in form:
        if isinstance(field, FormField):
            yield from _all_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                yield from _all_fields(entry.form) if isinstance(entry, FormField) else [entry]
        else:
            yield field


def refuse_not_a_number(form: Any) -> None:
    """ "NaN" and "Infinity" parse as decimals but are no number a user means."""
    for field in _all_fields(form):
        data = field.data
        infinite = isinstance(data, Decimal) and not data.is_finite()
        if infinite or (isinstance(data, float) and not math.isfinite(data)):
            field.data = None
            field.process_errors.append(str(_l("Enter a number, for example 12 or 3.5.")))


def _too_large(field: Any, data: Any) -> bool:
    if isinstance(field, IntegerField) and isinstance(data, int):
        return abs(data) > LARGEST_WHOLE
    if isinstance(field, (DecimalField, FloatField)) and isinstance(data, Decimal):
        return not data.is_finite() or abs(data) > LARGEST_DECIMAL
    if isinstance(field, FloatField) and isinstance(data, float):
        return not math.isfinite(data) or abs(data) > LARGEST_DECIMAL
    return False


def numbers_in_range(form: Any) -> bool:
    """A number too large to store is the user's error, not the database's."""
    fine = True
    for field in _all_fields(form):
        data = field.data
        if field.errors or data is None or isinstance(data, bool):
            continue
        too_large = _too_large(field, data)
        if too_large:
            field.errors = [*field.errors, str(_l("This number is too large."))]
            fine = False
    return fine


def text_fields(form: Any) -> Iterator[tuple[Any, Any]]:
    """(form class that declares it, field) for every free-text field, inside FieldList and
    FormField too."""
    for field in form:
        if isinstance(field, FieldList):
            for entry in field.entries:
                yield from _entry_fields(form, entry)
        elif isinstance(field, FormField):
            yield from text_fields(field.form)
        elif is_free_text(field):
            yield type(form), field


def _entry_fields(form: Any, entry: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(entry, FormField):
        yield from text_fields(entry.form)
    elif is_free_text(entry):
        yield type(form), entry


def upload_fields(form: Any) -> Iterator[Any]:
    """Every file field of the form (a file's name is free text too)."""
    for field in form:
        if isinstance(field, FormField):
            yield from upload_fields(field.form)
        elif isinstance(field, (FileField, MultipleFileField)):
            yield field


def is_free_text(field: Any) -> bool:
    """A field whose value is text the user typed (hidden and parsed fields are not)."""
    return (
        isinstance(field, StringField)
        and not isinstance(field, HiddenField)
        and getattr(field, "free_text", True)
    )


def declared_max(field: Any) -> int | None:
    """The field's declared maximum length (its Length validator), if any."""
    maxima = [v.max for v in field.validators if isinstance(v, Length) and v.max >= 0]
    return min(maxima) if maxima else None


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
        first=day_format(first),
        last=day_format(last),
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
