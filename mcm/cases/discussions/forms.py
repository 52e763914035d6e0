"""Forms of a case's discussion at a meeting: what was discussed and decided, the actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, StringField, SubmitField
from wtforms import Form as RowForm
from wtforms.validators import Optional

from mcm.cases.fields import NO_NAMES, Choice, text_area
from mcm.core.forms import Form, LocalDateField, VersionField, max_length, required


class ActionRowForm(RowForm):
    """One action decided for the case: counted only when its title is filled in."""

    title = StringField(_l("What is to be done"), validators=[Optional(), max_length(500)])
    institution = Choice(_l("Responsible institution"), validators=[Optional()])
    due_on = LocalDateField(_l("Due on"), validators=[Optional()])


class DiscussionForm(Form):
    agenda_item = Choice(_l("Agenda item"), validators=[required()])
    summary = text_area(_l("What was discussed"), description=NO_NAMES)
    decisions = text_area(_l("Decisions"), optional=True, description=NO_NAMES)
    actions = FieldList(FormField(ActionRowForm), min_entries=3, max_entries=12)
    submit = SubmitField(_l("Save the discussion"))


class DiscussionEditForm(Form):
    version = VersionField()
    summary = text_area(_l("What was discussed"), description=NO_NAMES)
    decisions = text_area(_l("Decisions"), optional=True, description=NO_NAMES)
    submit = SubmitField(_l("Save"))
