"""Forms of invitations and replies."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired

from mcm.core.forms import Form
from mcm.core.labels import REPLY_LABELS
from mcm.meetings.invitations.services import REPLIES


def _reply_choices() -> list[SelectChoice]:
    return [SelectChoice(reply.value, REPLY_LABELS[reply.value]) for reply in REPLIES]


class SendInvitationsForm(Form):
    with_pack = BooleanField(_l("Also send the meeting pack (agenda and documents)"))
    submit = SubmitField(_l("Send the invitations"))


class ReplyForm(Form):
    """A member's reply for her own institution."""

    reply = RadioField(
        _l("Your institution's reply"),
        choices=_reply_choices(),
        validators=[InputRequired(message=_l("Choose a reply."))],
    )
    submit = SubmitField(_l("Send the reply"))


class ReplyOnBehalfForm(Form):
    """The coordinator records an institution's reply (given by phone, for example)."""

    institution = HiddenField()
    reply = SelectField(
        _l("Reply"),
        choices=_reply_choices(),
        validators=[InputRequired(message=_l("Choose a reply."))],
    )
    submit = SubmitField(_l("Record"))
