"""Forms for planning meetings: one meeting, cancelling it, the year's plan."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FormField,
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
from wtforms.validators import Optional, Regexp

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
from mcm.core.labels import MEETING_KIND_LABELS


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
        description=_l(
            "For the member institutions. Never write names or other details of victims."
        ),
    )
    submit = SubmitField(_l("Save the meeting"))


class CancelForm(Form):
    reason = TextAreaField(
        _l("Reason for cancelling"),
        validators=[required(), max_length(2000)],
        description=_l("The member institutions read it in the cancellation."),
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
