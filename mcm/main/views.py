"""Landing, language and health."""

from __future__ import annotations

from typing import Any

from flask import flash, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from mcm.accounts.forms import LanguageForm
from mcm.accounts.views import safe_next
from mcm.core.access import Rule, allow
from mcm.core.i18n import LANGUAGE_COOKIE
from mcm.extensions import db
from mcm.main import bp


@bp.route("/")
def index() -> Any:
    """Every role lands on its inbox: what needs the user, wherever it is."""
    return redirect(url_for("inbox.index"))


@bp.route("/language", methods=["POST"])
@allow(Rule.PUBLIC)
def set_language() -> Any:
    """Remember the chosen language in the session, a cookie and, if signed in, the account."""
    form = LanguageForm()
    target = safe_next(request.form.get("next"))
    if not form.validate_on_submit():
        flash(_("The language could not be changed. Please try again."), "error")
        return redirect(target)
    language = form.language.data
    session["language"] = language
    if current_user.is_authenticated:
        current_user.language = language
        db.session.commit()
    response = redirect(target)
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


@bp.route("/healthz")
@allow(Rule.PUBLIC)
def healthz() -> Any:
    """For load balancers and monitoring: is the database reachable?"""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
