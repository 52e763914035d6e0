"""Forms of the actions decided: recording one, recording its progress."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional

from mcm.core.forms import Form, LocalDateField, VersionField, input_required, max_length, required


class ActionForm(Form):
    version = VersionField()
    agenda_item = SelectField(_l("Agenda item"), validators=[Optional()])
    title = TextAreaField(
        _l("What is to be done"),
        validators=[required(), max_length(1000)],
        description=_l("Cases by their code only, for example PEJ-2026-003."),
    )
    institution = SelectField(_l("Responsible institution"), validators=[required()])
    due_on = LocalDateField(_l("Due date"), validators=[input_required()])
    lap_activity = SelectField(
        _l("Plan activity"),
        validators=[Optional()],
        description=_l("The activity of the local action plan this action serves, if any."),
    )
    submit = SubmitField(_l("Save the action"))


class ActionUpdateForm(Form):
    version = VersionField()
    status = SelectField(_l("Status"), validators=[required()])
    not_done_reason = SelectField(
        _l("Why it is not done by its date"),
        validators=[Optional()],
        description=_l("Required when the due date has passed or the action is dropped."),
    )
    note = TextAreaField(_l("Progress note"), validators=[Optional(), max_length(5000)])
    submit = SubmitField(_l("Record the progress"))
