"""Forms of ad hoc meeting requests: asking for one, declining one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional

from mcm.core.forms import (
    Form,
    LocalDateField,
    max_length,
    required,
)
from mcm.core.labels import URGENCY_LABELS
from mcm.meetings.planning.forms import CHOICE, MEETING_WINDOW


class AdHocRequestForm(Form):
    institution = SelectField(_l("For the institution"), validators=[Optional()], **CHOICE)
    reason = TextAreaField(
        _l("Why is the meeting needed?"),
        validators=[required(), max_length(2000)],
        description=_l("Describe the situation without names or other details of any person."),
    )
    urgency = SelectField(
        _l("How urgent is it?"),
        choices=lambda: [SelectChoice(v, label) for v, label in URGENCY_LABELS.items()],
        validators=[required()],
        **CHOICE,
    )
    date1 = LocalDateField(_l("Proposed date"), validators=[Optional(), MEETING_WINDOW])
    date2 = LocalDateField(_l("Another possible date"), validators=[Optional(), MEETING_WINDOW])
    date3 = LocalDateField(_l("A third possible date"), validators=[Optional(), MEETING_WINDOW])
    submit = SubmitField(_l("Send the request"))


class DeclineForm(Form):
    reason = TextAreaField(
        _l("Reason for declining"),
        validators=[required(), max_length(2000)],
        description=_l("The institution that asked reads it in the e-mail."),
    )
    submit = SubmitField(_l("Decline the request"))
