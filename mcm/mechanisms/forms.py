"""Forms of the mechanism record: status, founding, members, representatives, MoUs, import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional, Regexp

from mcm.core.forms import (
    Form,
    LocalDateField,
    VersionField,
    email_address,
    input_required,
    max_length,
    not_in_future,
    required,
)
from mcm.core.labels import MOU_STATUS_LABELS

SCAN_HELP = _l("PDF, PNG or JPEG scan.")


class StatusForm(Form):
    version = VersionField()
    status = SelectField(_l("New status"), validators=[required()])
    effective_on = LocalDateField(_l("Since"), validators=[input_required(), not_in_future])
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), max_length(2000)],
        description=_l("Why the status changed, for example the decision that re-empowered it."),
    )
    submit = SubmitField(_l("Record the status"))


class FoundingForm(Form):
    version = VersionField()
    founded_on = LocalDateField(
        _l("Date of the founding agreement"), validators=[Optional(), not_in_future]
    )
    document = FileField(_l("Founding agreement (scan)"), description=SCAN_HELP)
    submit = SubmitField(_l("Save"))


class InstitutionForm(Form):
    version = VersionField()
    institution_type = SelectField(_l("Type of institution"), validators=[required()])
    name = StringField(_l("Name of the institution"), validators=[required(), max_length(200)])
    address = StringField(
        _l("Office address"),
        validators=[Optional(), max_length(300)],
        description=_l("The institution's office, not a person's address."),
    )
    joined_on = LocalDateField(_l("Member since"), validators=[Optional(), not_in_future])
    submit = SubmitField(_l("Save"))


def mou_choices(statuses: object) -> list[SelectChoice]:
    return [SelectChoice(s.value, MOU_STATUS_LABELS[s.value]) for s in statuses]  # type: ignore[attr-defined]


class MouFields:
    """The fields of one MoU step, shared by the MoU form and the new-institution form."""

    mou_status = SelectField(_l("MoU status"), validators=[Optional()])
    mou_date = LocalDateField(_l("Date of this step"), validators=[Optional(), not_in_future])
    signatory = StringField(
        _l("Signed by"),
        validators=[Optional(), max_length(200)],
        description=_l("Name and position of who signed for the institution."),
    )
    renewal_on = LocalDateField(_l("Renewal due on"), validators=[Optional()])
    document = FileField(_l("Signed MoU (scan)"), description=SCAN_HELP)
    mou_note = TextAreaField(_l("Note"), validators=[Optional(), max_length(2000)])


class NewInstitutionForm(InstitutionForm, MouFields):
    """A new member, optionally with the current step of its MoU."""


class MouForm(Form, MouFields):
    submit = SubmitField(_l("Record the step"))


class LeaveForm(Form):
    left_on = LocalDateField(_l("Left on"), validators=[input_required(), not_in_future])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), max_length(2000)])
    submit = SubmitField(_l("Record that it left"))


PHONE = Regexp(
    r"^[0-9+()./ -]{6,40}$",
    message=_l("Use digits, spaces and + ( ) - / only."),
)


class RepresentativeForm(Form):
    version = VersionField()
    name = StringField(_l("Name"), validators=[required(), max_length(120)])
    position = StringField(_l("Position"), validators=[Optional(), max_length(120)])
    email = EmailField(_l("Work e-mail"), validators=[Optional(), email_address(), max_length(254)])
    phone = StringField(_l("Work phone"), validators=[Optional(), max_length(40), PHONE])
    is_deputy = BooleanField(_l("Deputy"))
    from_date = LocalDateField(_l("Represents since"), validators=[input_required()])
    to_date = LocalDateField(
        _l("Until"),
        validators=[Optional()],
        description=_l("Fill in when the person stops representing the institution."),
    )
    commitment_signed_on = LocalDateField(
        _l("Statement of Commitment signed on"), validators=[Optional(), not_in_future]
    )
    confidentiality_signed_on = LocalDateField(
        _l("Confidentiality statement signed on"), validators=[Optional(), not_in_future]
    )
    submit = SubmitField(_l("Save"))


class ImportForm(Form):
    file = FileField(
        _l("Member list (CSV or XLSX)"),
        validators=[required()],
        description=_l("Use the template: one institution per row."),
    )
    submit = SubmitField(_l("Check the file"))


class ConfirmImportForm(Form):
    payload = HiddenField(validators=[required()])  # the checked rows, signed
    submit = SubmitField(_l("Add these institutions"))
