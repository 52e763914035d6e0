"""Forms for planning meetings: one meeting, the year's plan, cancelling, ad hoc requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms import (
    Form as RowForm,
)
from wtforms.validators import NumberRange, Optional, Regexp

from mcm.core.forms import (
    Form,
    LocalDateField,
    VersionField,
    input_required,
    max_length,
    required,
    within_years,
)
from mcm.core.i18n import LANGUAGE_NAMES
from mcm.core.labels import MEETING_KIND_LABELS, URGENCY_LABELS


class LocalTimeField(TimeField):
    """A time input (HH:MM) whose error reads well in every language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", ["%H:%M", "%H:%M:%S"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not valuelist[0]:
            self.data = None
            return
        for pattern in self.strptime_format:
            try:
                self.data = datetime.strptime(str(valuelist[0]).strip(), pattern).time()
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(_l("Enter the time as hours and minutes, such as 10:00."))


# Proposed dates lie within the years around today that meetings may be dated in (README).
MEETING_WINDOW = within_years("MCM_MEETING_PAST_YEARS", "MCM_MEETING_FUTURE_YEARS")

CHOICE = {"invalid_choice_message": _l("Choose one of the options offered.")}


WEB_LINK = Regexp(
    r"^https?://[^\s<>\"']+$",
    message=_l("Enter the full address of the online meeting, starting with https://."),
)


def kind_choices() -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in MEETING_KIND_LABELS.items()]


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


class ScheduleFields:
    """When and where, shared by the meeting form and each quarter of the year's plan."""

    day = LocalDateField(_l("Date"), validators=[input_required()])
    starts = LocalTimeField(_l("Starts at"), validators=[input_required()])
    ends = LocalTimeField(_l("Ends at"), validators=[Optional()])
    place = StringField(
        _l("Place"),
        validators=[Optional(), max_length(300)],
        description=_l("The room and building, for example the municipal assembly hall."),
    )
    online_link = StringField(
        _l("Online meeting link"),
        validators=[Optional(), max_length(500), WEB_LINK],
        description=_l("For those who join online; leave empty for a meeting in person only."),
    )


class MeetingForm(Form, ScheduleFields):
    version = VersionField()
    kind = SelectField(
        _l("Kind of meeting"), choices=kind_choices, validators=[required()], **CHOICE
    )
    documents_language = SelectField(
        _l("Language of the documents"),
        choices=language_choices,
        validators=[required()],
        **CHOICE,
        description=_l(
            "The invitation, the minutes and the attendance sheet are in this language."
        ),
    )
    cases = BooleanField(
        _l("Cases will be discussed"),
        description=_l(
            "Puts the confidentiality statement first on the agenda and adds the case discussions."
        ),
    )
    notes = TextAreaField(
        _l("Notes"),
        validators=[Optional(), max_length(5000)],
        description=_l("For the members. Never write names or other details of victims."),
    )
    submit = SubmitField(_l("Save the meeting"))


class CancelForm(Form):
    reason = TextAreaField(
        _l("Reason for cancelling"),
        validators=[required(), max_length(2000)],
        description=_l("The members read it in the cancellation."),
    )
    submit = SubmitField(_l("Cancel the meeting"))


class ConfirmForm(Form):
    """A button that changes something: only the CSRF token."""


class PlanRow(RowForm, ScheduleFields):
    """One quarter of the year's plan."""

    include = BooleanField(_l("Plan this meeting"), default=True)
    # Unticked rows are not planned, so their fields may stay empty.
    day = LocalDateField(_l("Date"), validators=[Optional()])
    starts = LocalTimeField(_l("Starts at"), validators=[Optional()])


class PlanForm(Form):
    q1 = FormField(PlanRow)
    q2 = FormField(PlanRow)
    q3 = FormField(PlanRow)
    q4 = FormField(PlanRow)
    documents_language = SelectField(
        _l("Language of the documents"),
        choices=language_choices,
        validators=[required()],
        **CHOICE,
    )
    submit = SubmitField(_l("Plan these meetings"))

    def row(self, number: int) -> Any:
        return self[f"q{number}"]


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
