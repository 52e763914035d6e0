"""Account pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import segno
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from mcm.accounts import bp, recovery, throttling, two_factor
from mcm.accounts import services as accounts
from mcm.accounts.forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    LoginForm,
    RecoveryCodesForm,
    ResetRequestForm,
    SetPasswordForm,
    TotpForm,
    VerifyForm,
)
from mcm.accounts.models import Factor, TokenPurpose, User
from mcm.accounts.panels import panels_for
from mcm.core import audit
from mcm.core.access import Rule, allow
from mcm.core.db import utcnow
from mcm.extensions import db, login_manager

PENDING_LIFETIME = timedelta(minutes=5)


@login_manager.request_loader
def _load_user(_request: Any) -> User | None:
    return accounts.load_session_user(session.get("sid"))


def safe_next(target: str | None) -> str:
    """Only paths on this site; anything else goes home."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
@allow(Rule.PUBLIC)
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except accounts.AccountError as error:
            db.session.commit()  # keep the failed attempt: it counts towards throttling
            flash(str(error), "error")
            return render_template("accounts/login.html", form=form), 401
        next_url = safe_next(request.args.get("next"))
        if user.has_totp:
            session["pending_user"] = user.id
            session["pending_at"] = utcnow().isoformat()
            session["pending_next"] = next_url
            db.session.commit()
            return redirect(url_for("accounts.verify"))
        accounts.start_session(user)
        db.session.commit()
        return redirect(next_url)
    return render_template("accounts/login.html", form=form)


def _pending_user() -> User | None:
    user_id, started = session.get("pending_user"), session.get("pending_at")
    if not user_id or not started:
        return None
    try:
        if utcnow() - datetime.fromisoformat(started) > PENDING_LIFETIME:
            return None
    except (TypeError, ValueError):
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active and user.has_totp else None


@bp.route("/login/verify", methods=["GET", "POST"])
@allow(Rule.PUBLIC)
def verify() -> Any:
    user = _pending_user()
    if user is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("accounts.login"))
    form = VerifyForm()
    if form.validate_on_submit():
        if throttling.is_throttled(user.email, Factor.CODE):
            throttling.refuse(user.email, Factor.CODE, user)
            db.session.commit()
            flash(_("Too many failed attempts. Wait 15 minutes and try again."), "error")
            return render_template("accounts/verify.html", form=form), 429
        code = form.code.data
        step = two_factor.verify_totp(user.totp_secret or "", code, user.totp_last_step)
        if step is None and not recovery.use_code(user, code):
            throttling.record_failure(user.email, Factor.CODE, user)
            db.session.commit()
            flash(_("The code is not correct. Check your device's clock and try again."), "error")
            return render_template("accounts/verify.html", form=form), 401
        if step is not None:
            user.totp_last_step = step
        throttling.record_success(user.email, Factor.CODE)
        next_url = session.get("pending_next") or url_for("main.index")
        accounts.start_session(user)
        db.session.commit()
        return redirect(safe_next(next_url))
    return render_template("accounts/verify.html", form=form)


@bp.route("/logout", methods=["POST"])
@allow(Rule.ENROLLING)
def logout() -> Any:
    audit.record("logout")
    accounts.end_session()
    db.session.commit()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account")
def profile() -> Any:
    return render_template(
        "accounts/profile.html",
        totp_required=accounts.totp_required(current_user),
        disable_form=ConfirmPasswordForm(),
        codes_form=RecoveryCodesForm(prefix="codes"),
        codes_left=recovery.codes_left(current_user) if current_user.has_totp else 0,
        panels=panels_for(current_user),
    )


@bp.route("/account/recovery-codes", methods=["POST"])
def recovery_codes() -> Any:
    """New recovery codes, shown once; the password is asked again first."""
    form = RecoveryCodesForm(prefix="codes")
    if not current_user.has_totp or not form.validate_on_submit():
        return redirect(url_for("accounts.profile"))
    try:
        accounts.confirm_password(current_user, form.current.data)
    except accounts.AccountError as error:
        db.session.commit()  # keep the failed attempt: it counts towards throttling
        flash(str(error), "error")
        return redirect(url_for("accounts.profile"))
    codes = two_factor.regenerate_recovery_codes(current_user)
    db.session.commit()
    return render_template("accounts/recovery_codes.html", codes=codes, next_url=None)


@bp.route("/account/password", methods=["GET", "POST"])
def change_password() -> Any:
    form = ChangePasswordForm()
    if form.is_submitted():
        valid = form.validate()
        # Said even when other fields are wrong too, so the user fixes everything at once.
        if form.current.data:
            try:
                accounts.confirm_password(current_user, form.current.data)
            except accounts.AccountError as error:
                db.session.commit()  # keep the failed attempt: it counts towards throttling
                form.current.errors = [*form.current.errors, str(error)]
                valid = False
        if valid:
            accounts.set_password(current_user, form.password.data)
            accounts.start_session(current_user)  # every other browser is signed out
            db.session.commit()
            flash(
                _("Your password has been changed. Other devices have been signed out."), "success"
            )
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


def _qr_svg(uri: str) -> Markup:
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app")
    )
    return Markup(svg)  # noqa: S704 - generated by segno from our own URI, no user markup


@bp.route("/account/two-factor", methods=["GET", "POST"])
@allow(Rule.ENROLLING)
def totp_setup() -> Any:
    if current_user.has_totp:
        return redirect(url_for("accounts.profile"))
    secret = session.get("totp_secret") or two_factor.new_totp_secret()
    session["totp_secret"] = secret
    form = TotpForm()
    if form.validate_on_submit():
        step = two_factor.verify_totp(secret, form.code.data, None)
        if step is None:
            form.code.errors.append(
                _("The code is not correct. Check your device's clock and try again.")
            )
        else:
            codes = two_factor.enable_totp(current_user, secret, step)
            session.pop("totp_secret", None)
            db.session.commit()
            flash(_("Two-factor sign-in is on."), "success")
            # Shown in this answer only: the codes are never stored or sent anywhere else.
            return render_template(
                "accounts/recovery_codes.html", codes=codes, next_url=url_for("main.index")
            )
    return render_template(
        "accounts/totp_setup.html",
        form=form,
        secret=secret,
        qr=_qr_svg(two_factor.totp_uri(current_user, secret)),
        required=accounts.totp_required(current_user),
    )


@bp.route("/account/two-factor/off", methods=["POST"])
def totp_disable() -> Any:
    if accounts.totp_required(current_user):
        abort(403)
    form = ConfirmPasswordForm()
    if not form.validate_on_submit():
        flash(_("The current password is not correct."), "error")
        return redirect(url_for("accounts.profile"))
    try:
        accounts.confirm_password(current_user, form.current.data)
    except accounts.AccountError as error:
        db.session.commit()  # keep the failed attempt: it counts towards throttling
        flash(str(error), "error")
        return redirect(url_for("accounts.profile"))
    two_factor.disable_totp(current_user)
    db.session.commit()
    flash(_("Two-factor sign-in is off."), "info")
    return redirect(url_for("accounts.profile"))


@bp.route("/reset", methods=["GET", "POST"])
@allow(Rule.PUBLIC)
def reset_request() -> Any:
    form = ResetRequestForm()
    if form.validate_on_submit():
        # The link goes through the outbox once this answer has left: the same answer, in the
        # same time, whether or not the address has an account.
        accounts.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _("If an account uses this address, we have sent it a link. It works for one hour."),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


def _set_password_page(token: str, purpose: TokenPurpose, template: str) -> Any:
    record = accounts.token_user(token, purpose)
    if record is None:
        flash(_("This link has expired or has already been used. Ask for a new one."), "error")
        return redirect(url_for("accounts.reset_request"))
    form = SetPasswordForm()
    if form.validate_on_submit():
        record.used_at = utcnow()
        accounts.set_password(record.user, form.password.data)
        audit.record(f"{purpose.value}_completed", obj=record.user, actor=record.user)
        db.session.commit()
        flash(_("Your password has been saved. You can sign in now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template(template, form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@allow(Rule.PUBLIC)
def reset(token: str) -> Any:
    return _set_password_page(token, TokenPurpose.PASSWORD_RESET, "accounts/reset.html")


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@allow(Rule.PUBLIC)
def accept(token: str) -> Any:
    return _set_password_page(token, TokenPurpose.INVITATION, "accounts/accept.html")
