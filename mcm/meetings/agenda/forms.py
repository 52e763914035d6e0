"""The form of one agenda item."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional

from mcm.core.forms import (
    Form,
    max_length,
    required,
)
from mcm.meetings.planning.forms import CHOICE


class AgendaItemForm(Form):
    title = StringField(_l("Title"), validators=[required(), max_length(300)])
    presenter = SelectField(_l("Presented by"), validators=[Optional()], **CHOICE)
    duration = IntegerField(
        _l("Expected duration (minutes)"),
        invalid_value_message=_l("Enter a whole number of minutes, such as 30."),
        validators=[
            Optional(),
            NumberRange(1, 480, message=_l("Between %(min)d and %(max)d minutes, please.")),
        ],
    )
    notes = TextAreaField(
        _l("Notes"),
        validators=[Optional(), max_length(5000)],
        description=_l("Never write names or other details of victims."),
    )
    submit = SubmitField(_l("Save the item"))
