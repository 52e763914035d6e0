"""The form that asks another mechanism to take over a case."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from mcm.cases.fields import NO_NAMES, Choice, text_area
from mcm.core.forms import Form, required


class TransferForm(Form):
    to_mechanism = Choice(_l("Mechanism of the municipality she moved to"), validators=[required()])
    reason = text_area(_l("Reason for the transfer"), description=NO_NAMES)
    submit = SubmitField(_l("Ask for the transfer"))
