"""Forms of the partner pages. Choices are checked by the services, which explain a refusal in
words; dates and numbers carry our own messages (WTForms' defaults are English only)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError

from mcm.core.forms import Form, LocalDateField, VersionField, input_required, max_length, required
from mcm.partners.models import AREA_LABELS, MAX_SCORE, MIN_SCORE, AssessmentArea

MAX_PARTICIPANTS = 10_000


def _people_in_range(form: Any, field: Any) -> None:
    if field.data is not None and not 0 <= field.data <= MAX_PARTICIPANTS:
        raise ValidationError(
            _l("Enter a number from %(min)d to %(max)d.", min=0, max=MAX_PARTICIPANTS)
        )


class CountField(IntegerField):
    """A whole number of people; empty means none."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"min": 0, "max": MAX_PARTICIPANTS})
        super().__init__(label, validators=[Optional(), _people_in_range], **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a whole number, such as 12."))) from error


class OrganisationForm(Form):
    name = StringField(_l("Name of the organisation"), validators=[required(), max_length(200)])
    version = VersionField()
    submit = SubmitField(_l("Save"))


class MemberForm(Form):
    user = SelectField(_l("Observer"), validate_choice=False, validators=[required()])
    submit = SubmitField(_l("Add to the organisation"))


class ActionForm(Form):
    """A bare form for buttons that change state: it carries the CSRF token."""

    submit = SubmitField()


class StartForm(Form):
    mechanism = SelectField(_l("Municipality"), validate_choice=False, validators=[required()])
    submit = SubmitField(_l("Start the partnership"))


class StepForm(Form):
    stage = SelectField(_l("Step"), validate_choice=False, validators=[required()])
    effective_on = LocalDateField(_l("Date"), validators=[input_required()])
    mayor = BooleanField(_l("Mayor"))
    deputy_mayor = BooleanField(_l("Deputy mayor"))
    geo = BooleanField(_l("Gender Equality Officer"))
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), max_length(2000)],
        description=_l("No names of victims or other private persons."),
    )
    version = VersionField()
    submit = SubmitField(_l("Record the step"))


def score_choices() -> list[SelectChoice]:
    return [
        SelectChoice("", "—"),
        SelectChoice("1", _l("1 — major gaps")),
        SelectChoice("2", "2"),
        SelectChoice("3", _l("3 — partly in place")),
        SelectChoice("4", "4"),
        SelectChoice("5", _l("5 — strong")),
    ]


def _score_in_range(form: Any, field: Any) -> None:
    if field.data not in {str(n) for n in range(MIN_SCORE, MAX_SCORE + 1)}:
        raise ValidationError(_l("Choose a score from 1 to 5."))


class AssessmentForm(Form):
    """One score and one findings field per area, added by assessment_form()."""

    assessed_on = LocalDateField(_l("Date of the assessment"), validators=[input_required()])
    summary = TextAreaField(
        _l("Summary"), validators=[Optional(), max_length(4000)], render_kw={"rows": 3}
    )
    submit = SubmitField(_l("Record the assessment"))

    def area_fields(self) -> list[tuple[AssessmentArea, Any, Any]]:
        return [(a, self[f"score_{a.value}"], self[f"findings_{a.value}"]) for a in AssessmentArea]

    def areas(self) -> dict[AssessmentArea, tuple[int, str]]:
        return {
            a: (int(score.data), findings.data or "") for a, score, findings in self.area_fields()
        }


def assessment_form(**kwargs: Any) -> AssessmentForm:
    """The assessment form with a score and findings for every area."""

    class Form(AssessmentForm):
        pass

    for area in AssessmentArea:
        setattr(
            Form,
            f"score_{area.value}",
            SelectField(
                _l("Score"),
                choices=score_choices(),
                validate_choice=False,
                validators=[_score_in_range],
            ),
        )
        setattr(
            Form,
            f"findings_{area.value}",
            TextAreaField(
                _l("Findings"), validators=[Optional(), max_length(4000)], render_kw={"rows": 3}
            ),
        )
    assert set(AREA_LABELS) == set(AssessmentArea)
    return Form(**kwargs)


class TrainingForm(Form):
    """A training; one participant count per type of institution, added by training_form()."""

    held_on = LocalDateField(_l("Date"), validators=[input_required()])
    module = StringField(_l("Module"), validators=[required(), max_length(200)])
    trainer = StringField(
        _l("Trainer"),
        validators=[Optional(), max_length(200)],
        description=_l("The trainer or training team, as the organisation names them."),
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), max_length(2000)])
    version = VersionField()
    submit = SubmitField(_l("Save the training"))

    def count_fields(self) -> list[Any]:
        return [self[name] for name in self._count_names]  # type: ignore[attr-defined]

    def participants(self) -> dict[int, int]:
        return {
            int(name.removeprefix("people_")): self[name].data or 0
            for name in self._count_names  # type: ignore[attr-defined]
        }


def training_form(institution_types: list[Any], **kwargs: Any) -> TrainingForm:
    """The training form with a participant count for each type of institution."""

    class Form(TrainingForm):
        _count_names = [f"people_{t.id}" for t in institution_types]

    for kind in institution_types:
        setattr(Form, f"people_{kind.id}", CountField(kind.name))
    return Form(**kwargs)


class SupportForm(Form):
    given_on = LocalDateField(_l("Date"), validators=[input_required()])
    description = TextAreaField(
        _l("Support given"),
        validators=[required(), max_length(4000)],
        description=_l("No names of victims or other private persons."),
    )
    version = VersionField()
    submit = SubmitField(_l("Save"))
