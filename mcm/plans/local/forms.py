"""Forms of a local action plan: the plan, its objectives and activities, adoption, revision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DecimalField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from mcm.core.forms import Form, LocalDateField, VersionField, input_required, max_length, required

CHOICE = {"invalid_choice_message": _l("Choose one of the options offered.")}
YEAR = {
    "invalid_value_message": _l("Enter a year, such as 2025."),
    "validators": [
        required(),
        NumberRange(2000, 2100, message=_l("Enter a year from %(min)d to %(max)d.")),
    ],
}
NUMBER = {
    "invalid_value_message": _l("Enter a number, such as 12 or 12.5."),
    "places": 2,
    "validators": [
        Optional(),
        NumberRange(0, 999_999_999_999, message=_l("Enter a number from 0 upwards.")),
    ],
}
QUARTERS = [SelectChoice(str(q), f"Q{q}") for q in range(1, 5)]


class Checkboxes(SelectMultipleField):
    """A group of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlanForm(Form):
    title = StringField(_l("Title"), validators=[required(), max_length(300)])
    strategy = SelectField(
        _l("National strategy it aligns to"), validators=[required()], coerce=str, **CHOICE
    )
    starts_year = IntegerField(_l("First year"), **YEAR)
    ends_year = IntegerField(_l("Last year"), **YEAR)
    version = VersionField()
    submit = SubmitField(_l("Save the plan"))


class ObjectiveForm(Form):
    code = StringField(_l("Code"), validators=[required(), max_length(40)])
    title = TextAreaField(_l("Objective"), validators=[required(), max_length(2000)])
    position = IntegerField(
        _l("Order"),
        invalid_value_message=_l("Enter a whole number, such as 1."),
        validators=[Optional(), NumberRange(0, 999, message=_l("Enter a number from 0 to 999."))],
    )
    submit = SubmitField(_l("Save the objective"))


class ActivityForm(Form):
    objective = SelectField(_l("Objective of the plan"), validators=[required()], **CHOICE)
    code = StringField(_l("Code"), validators=[required(), max_length(40)])
    title = TextAreaField(_l("Activity"), validators=[required(), max_length(2000)])
    indicator = TextAreaField(_l("Indicator"), validators=[Optional(), max_length(2000)])
    baseline = DecimalField(_l("Baseline"), **NUMBER)
    target = DecimalField(_l("Target"), **NUMBER)
    unit = StringField(
        _l("Unit"), validators=[Optional(), max_length(60)], description=_l("e.g. sessions")
    )
    responsible = SelectField(_l("Responsible institution"), validators=[Optional()], **CHOICE)
    supporting = Checkboxes(_l("Supporting institutions"), validators=[Optional()], **CHOICE)
    start_year = IntegerField(_l("Start year"), **YEAR)
    start_quarter = SelectField(_l("Start quarter"), choices=QUARTERS, **CHOICE)
    end_year = IntegerField(_l("End year"), **YEAR)
    end_quarter = SelectField(_l("End quarter"), choices=QUARTERS, **CHOICE)
    budget_eur = DecimalField(_l("Budget (EUR)"), **NUMBER)
    funding_source = SelectField(_l("Source of funding"), validators=[Optional()], **CHOICE)
    aligned = SelectMultipleField(
        _l("National objectives it serves"),
        validators=[required()],
        description=_l("Hold Ctrl (or ⌘) to choose several."),
        **CHOICE,
    )
    version = VersionField()
    submit = SubmitField(_l("Save the activity"))


class AdoptForm(Form):
    adopted_on = LocalDateField(_l("Adopted on"), validators=[input_required()])
    decision_reference = StringField(
        _l("Decision reference"),
        validators=[required(), max_length(200)],
        description=_l("e.g. the municipal assembly's decision number"),
    )
    version = VersionField()
    submit = SubmitField(_l("Adopt the plan"))


class RevisionForm(Form):
    reason = TextAreaField(
        _l("Why is the plan revised?"), validators=[required(), max_length(2000)]
    )
    version = VersionField()
    submit = SubmitField(_l("Start a revision"))
