"""Forms of the meeting's documents."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, SubmitField

from mcm.core.forms import Form, max_length, required

DOCUMENT_HELP = _l("PDF, Word (.docx), Excel (.xlsx), PNG or JPEG.")
SCAN_HELP = _l("PDF, PNG or JPEG scan of the minutes as signed.")


class MeetingDocumentForm(Form):
    """A document for the meeting as a whole or for one agenda item; item choices per meeting."""

    title = StringField(
        _l("Title"),
        validators=[required(), max_length(200)],
        description=_l("As it appears in the meeting pack, for example “Quarterly report”."),
    )
    item = SelectField(_l("Agenda item"), choices=[], validate_choice=True)
    file = FileField(_l("File"), validators=[required()], description=DOCUMENT_HELP)
    submit = SubmitField(_l("Add the document"))


class SignedMinutesForm(Form):
    file = FileField(_l("Signed minutes"), validators=[required()], description=SCAN_HELP)
    submit = SubmitField(_l("Add the signed scan"))
