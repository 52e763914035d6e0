"""The form for an indicator value reported at a meeting."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Optional

from mcm.core.forms import Form, LocalDateField, input_required, max_length, not_in_future

LIMIT = Decimal("999999999999.99")  # what the Numeric(14, 2) column holds


class NumberField(StringField):
    """A number typed with a point or a comma; the typed text is kept when it is not one."""

    free_text = False  # parsed into a Decimal: not text the privacy guard reads

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw_data = valuelist
        text = (valuelist[0] if valuelist else "").strip().replace(" ", "").replace(",", ".")
        self.data = None
        if not text:
            return
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_l("Enter a number, for example 12 or 3.5.")) from None
        if not number.is_finite() or abs(number) > LIMIT:
            raise ValueError(_l("Enter a number, for example 12 or 3.5."))
        self.data = number.quantize(Decimal("0.01"))

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)


class IndicatorValueForm(Form):
    value = NumberField(_l("Value"), validators=[input_required()])
    reported_on = LocalDateField(
        _l("Date of the value"), validators=[input_required(), not_in_future]
    )
    source = StringField(
        _l("Source"),
        validators=[Optional(), max_length(300)],
        description=_l("Where the figure comes from, for example the police's quarterly data."),
    )
    meeting = SelectField(_l("Reported at the meeting"), validators=[Optional()])
    submit = SubmitField(_l("Record the value"))
