"""The attendance and confidentiality forms: one line per member institution, built for the
meeting at hand."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import Optional

from mcm.core.forms import Form, max_length
from mcm.core.labels import PRESENCE_LABELS
from mcm.mechanisms.models import Institution
from mcm.meetings.models import Attendance, Presence
from mcm.meetings.planning.forms import CHOICE


def attendance_form(
    members: list[Institution], recorded: dict[int, Attendance], names: dict[int, str]
) -> Any:
    """One line per member institution: present, absent or excused; who represented it (the
    current representative by default); arrived late."""

    class AttendanceForm(Form):
        submit = SubmitField(_l("Save the attendance"))

    choices = [SelectChoice(p.value, PRESENCE_LABELS[p.value]) for p in Presence]
    for institution in members:
        row = recorded.get(institution.id)
        key = institution.id
        setattr(
            AttendanceForm,
            f"presence_{key}",
            RadioField(
                _l("Attendance"),
                choices=choices,
                validators=[Optional()],
                default=row.presence.value if row else None,
                **CHOICE,
            ),
        )
        setattr(
            AttendanceForm,
            f"represented_{key}",
            StringField(
                _l("Represented by"),
                validators=[Optional(), max_length(120)],
                default=row.represented_by if row else names.get(key, ""),
            ),
        )
        setattr(
            AttendanceForm,
            f"late_{key}",
            BooleanField(_l("Arrived late"), default=row.arrived_late if row else False),
        )
    return AttendanceForm()


def acknowledgement_form(institutions: list[Institution], names: dict[int, str]) -> Any:
    """One line per institution present that has not acknowledged yet: a tick and the name of
    the attendee who acknowledged."""

    class AcknowledgementForm(Form):
        submit = SubmitField(_l("Record the acknowledgements"))

    for institution in institutions:
        setattr(
            AcknowledgementForm,
            f"ack_{institution.id}",
            BooleanField(_l("Acknowledged the statement")),
        )
        setattr(
            AcknowledgementForm,
            f"name_{institution.id}",
            StringField(
                _l("Attendee"),
                validators=[Optional(), max_length(120)],
                default=names.get(institution.id, ""),
            ),
        )
    return AcknowledgementForm()
