"""The outbox's form: trying the unsent e-mails again now."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from mcm.core.forms import Form


class RetryForm(Form):
    submit = SubmitField(_l("Retry now"))
