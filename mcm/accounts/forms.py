"""Account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import EqualTo, Length

from mcm.accounts.services import MIN_PASSWORD_LENGTH
from mcm.core.forms import Form, email_address, length_between, max_length, required
from mcm.core.i18n import LANGUAGE_NAMES


class LoginForm(Form):
    email = EmailField(_l("E-mail address"), validators=[required(), max_length(254)])
    password = PasswordField(_l("Password"), validators=[required(), max_length(1000)])
    submit = SubmitField(_l("Sign in"))


class TotpForm(Form):
    code = StringField(
        _l("Six-digit code from your authenticator app"),
        validators=[required(), length_between(6, 8)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Verify"))


class VerifyForm(Form):
    code = StringField(
        _l("Six-digit code from your authenticator app, or a recovery code"),
        validators=[required(), length_between(6, 20)],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "characters"},
    )
    submit = SubmitField(_l("Verify"))


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    new = PasswordField(
        _l("New password"),
        validators=[
            required(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l(
                    "The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH
                ),
            ),
            max_length(1000),
        ],
        description=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            required(),
            max_length(1000),
            EqualTo("password", message=_l("The passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return new, confirm


class SetPasswordForm(Form):
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Save the password"))


class ChangePasswordForm(Form):
    current = PasswordField(
        _l("Current password"),
        validators=[required(), max_length(1000)],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Change the password"))


class ResetRequestForm(Form):
    email = EmailField(
        _l("E-mail address"), validators=[required(), email_address(), max_length(254)]
    )
    submit = SubmitField(_l("Send me a link"))


class LanguageForm(Form):
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        validators=[required()],
    )
    submit = SubmitField(_l("Save"))


class ConfirmPasswordForm(Form):
    current = PasswordField(
        _l("Current password"),
        validators=[required(), max_length(1000)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Turn off two-factor sign-in"))


class RecoveryCodesForm(Form):
    current = PasswordField(
        _l("Current password"),
        validators=[required(), max_length(1000)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Make new recovery codes"))
