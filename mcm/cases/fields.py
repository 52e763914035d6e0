"""What the case forms share: lists and checkbox groups with messages that read well in every
language, whole numbers, free-text areas, and the button form that only carries the CSRF token."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from mcm.core.forms import Form, max_length, required

NOT_A_CHOICE = _l("Choose one of the options.")


class Choice(SelectField):
    """A list to choose one from, with our own message for a value that is not offered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("invalid_choice_message", NOT_A_CHOICE)
        super().__init__(*args, **kwargs)


class Radios(RadioField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("invalid_choice_message", NOT_A_CHOICE)
        super().__init__(*args, **kwargs)


class Checkboxes(SelectMultipleField):
    """A group of checkboxes (rendered in a fieldset by templates/cases/_fields.html)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("invalid_choice_message", NOT_A_CHOICE)
        super().__init__(*args, **kwargs)


def at_least_one(form: Any, field: Any) -> None:
    """A checkbox group needs one box ticked (without marking every box "required")."""
    if not field.data:
        raise StopValidation(_l("Tick at least one."))


class CountField(IntegerField):
    """A whole number whose error reads well in every language."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Enter a whole number.")) from error


def text_area(label: Any, *, optional: bool = False, description: Any = None) -> TextAreaField:
    first = Optional() if optional else required()
    return TextAreaField(label, validators=[first, max_length(4000)], description=description)


NO_NAMES = _l("Refer to people by their role and the case code only: no names or contact details.")


class ButtonForm(Form):
    """A button that changes state: only the CSRF token."""
