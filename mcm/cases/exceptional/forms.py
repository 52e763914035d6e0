"""The form that opens a case for one hour to someone outside need-to-know, with a reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField

from mcm.cases.fields import text_area
from mcm.core.forms import Form, max_length, required


class ExceptionalAccessForm(Form):
    code = StringField(
        _l("Case code"),
        validators=[required(), max_length(20)],
        description=_l("For example PEJ-2026-014."),
    )
    reason = text_area(
        _l("Why you need to see this case"),
        description=_l(
            "At least 20 characters. The coordinators of the mechanism read it in the case's log."
        ),
    )
    submit = SubmitField(_l("Open the case for one hour"))
