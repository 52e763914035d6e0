"""Administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import Optional

from mcm.accounts.models import Role
from mcm.core.forms import Form, email_address, max_length, required
from mcm.core.labels import ROLE_LABELS


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, ROLE_LABELS[role.value]) for role in Role]


class InviteUserForm(Form):
    email = EmailField(
        _l("E-mail address"), validators=[required(), email_address(), max_length(254)]
    )
    role = SelectField(_l("Role"), choices=role_choices(), validators=[required()])
    mechanism = SelectField(
        _l("Municipality (for coordinators)"), validators=[Optional()], coerce=str
    )
    institution = SelectField(
        _l("Institution (for member representatives)"), validators=[Optional()], coerce=str
    )
    submit = SubmitField(_l("Create and send the invitation"))


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=role_choices(), validators=[required()])
    submit = SubmitField(_l("Change the role"))


class MembershipForm(Form):
    mechanism = SelectField(_l("Municipality"), validators=[Optional()], coerce=str)
    institution = SelectField(_l("Institution"), validators=[Optional()], coerce=str)
    submit = SubmitField(_l("Add to the mechanism"))


class ActionForm(Form):
    """A bare form for buttons that change state: it renders the CSRF token, which the
    app-wide CSRFProtect checks on every POST."""

    submit = SubmitField()


class AuditFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter: changes nothing

    action = StringField(_l("Action"), validators=[Optional(), max_length(60)])
    user = StringField(_l("User's e-mail"), validators=[Optional(), max_length(254)])
