"""Forms of the case register: structured facts only, multi-valued facts as checkbox groups, and
free text that the privacy guard checks before anything is saved."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SubmitField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from mcm.cases import labels
from mcm.cases.fields import (
    NO_NAMES,
    NOT_A_CHOICE,
    Checkboxes,
    Choice,
    CountField,
    Radios,
    at_least_one,
    text_area,
)
from mcm.cases.models import (
    CHILD_AGE_BANDS,
    FORMS_OF_VIOLENCE,
    SERVICES,
    VULNERABILITIES,
    AgeBand,
    Gender,
    LegalBasis,
    ProtectionOrder,
    Relationship,
    RiskLevel,
    Shelter,
)
from mcm.core.forms import (
    Form,
    LocalDateField,
    VersionField,
    input_required,
    max_length,
    not_in_future,
    required,
)


def _choices(codes: Any, words: dict[str, Any]) -> list[SelectChoice]:
    values = [str(getattr(code, "value", code)) for code in codes]
    return [SelectChoice(value, words[value]) for value in values]


def _nothing_chosen(choices: list[SelectChoice]) -> list[SelectChoice]:
    """A first, empty option: a new case starts with nothing entered, never a default fact."""
    return [SelectChoice("", _l("Choose one")), *choices]


class CaseForm(Form):
    version = VersionField()
    opened_on = LocalDateField(_l("Case opened on"), validators=[input_required(), not_in_future])
    age_band = Choice(
        _l("Age band of the victim"),
        choices=_nothing_chosen(_choices(AgeBand, labels.AGE_BAND_LABELS)),
        validators=[DataRequired(message=NOT_A_CHOICE)],
    )
    gender = Choice(
        _l("Gender of the victim"),
        choices=_nothing_chosen(_choices(Gender, labels.GENDER_LABELS)),
        validators=[DataRequired(message=NOT_A_CHOICE)],
    )
    perpetrator_relationship = Choice(
        _l("Relationship of the perpetrator to the victim"),
        choices=_nothing_chosen(_choices(Relationship, labels.RELATIONSHIP_LABELS)),
        validators=[DataRequired(message=NOT_A_CHOICE)],
    )
    forms_of_violence = Checkboxes(
        _l("Forms of violence"),
        choices=_choices(FORMS_OF_VIOLENCE, labels.FORM_OF_VIOLENCE_LABELS),
        validators=[at_least_one],
    )
    risk_level = Choice(
        _l("Risk level"),
        choices=_nothing_chosen(_choices(RiskLevel, labels.RISK_LABELS)),
        validators=[DataRequired(message=NOT_A_CHOICE)],
    )
    children_count = CountField(
        _l("Children in the household"),
        default=0,
        validators=[
            input_required(),
            NumberRange(min=0, max=30, message=_l("Between 0 and 30, please.")),
        ],
    )
    children_age_bands = Checkboxes(
        _l("Age bands of the children"),
        choices=_choices(CHILD_AGE_BANDS, labels.CHILD_AGE_BAND_LABELS),
    )
    vulnerabilities = Checkboxes(
        _l("Vulnerability factors"),
        choices=_choices(VULNERABILITIES, labels.VULNERABILITY_LABELS),
    )
    protection_order = Choice(
        _l("Protection order"),
        choices=_choices(ProtectionOrder, labels.PROTECTION_ORDER_LABELS),
        validators=[required()],
    )
    shelter = Choice(
        _l("Shelter placement"),
        choices=_choices(Shelter, labels.SHELTER_LABELS),
        validators=[required()],
    )
    legal_basis = Radios(
        _l("Legal basis for sharing the case"),
        choices=_choices(LegalBasis, labels.LEGAL_BASIS_LABELS),
        validators=[required()],
        description=_l(
            "Institutions share a case only with the victim's informed consent; child victims "
            "and persons lacking legal capacity are the exceptions."
        ),
    )
    consent_on = LocalDateField(
        _l("Consent obtained on"),
        validators=[Optional(), not_in_future],
        description=_l("Required for informed consent."),
    )
    consent_institution = Choice(
        _l("Institution that obtained the consent"),
        validators=[Optional()],
        description=_l("Required for informed consent."),
    )
    consent_reason = TextAreaField(
        _l("Why the consent is older than the case"),
        validators=[Optional(), max_length(2000)],
        description=_l(
            "Only when the consent is dated more than three months before the case was opened, "
            "for example: given for an earlier referral that the mechanism took up later."
        ),
    )
    submit = SubmitField(_l("Save the case"))


class CloseForm(Form):
    closed_on = LocalDateField(_l("Closed on"), validators=[input_required(), not_in_future])
    reason = text_area(_l("Reason for closing"), description=NO_NAMES)
    submit = SubmitField(_l("Close the case"))


class InvolveForm(Form):
    institution = Choice(_l("Member institution"), validators=[required()])
    services_provided = Checkboxes(
        _l("Services provided"), choices=_choices(SERVICES, labels.SERVICE_LABELS)
    )
    services_needed = Checkboxes(
        _l("Services needed"), choices=_choices(SERVICES, labels.SERVICE_LABELS)
    )
    submit = SubmitField(_l("Involve the institution"))


class ServicesForm(Form):
    services_provided = Checkboxes(
        _l("Services provided"), choices=_choices(SERVICES, labels.SERVICE_LABELS)
    )
    services_needed = Checkboxes(
        _l("Services needed"), choices=_choices(SERVICES, labels.SERVICE_LABELS)
    )
    submit = SubmitField(_l("Save the services"))


class IncidentForm(Form):
    reported_on = LocalDateField(
        _l("Date of the new incident"), validators=[input_required(), not_in_future]
    )
    submit = SubmitField(_l("Record the incident"))
