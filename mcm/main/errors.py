"""Friendly error pages in the user's language."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from mcm.core import conflicts
from mcm.extensions import db


def _page(code: int, title: str, message: str) -> Any:
    return render_template("errors/error.html", code=code, title=title, message=message), code


def _http_error(error: HTTPException) -> Any:
    code = error.code or 500
    messages = {
        400: (_("Bad request"), _("The request could not be understood. Please try again.")),
        403: (_("Not allowed"), _("Your account does not have access to this page.")),
        404: (_("Page not found"), _("This page does not exist or is not available to you.")),
        405: (_("Not allowed"), _("This action cannot be done this way.")),
        413: (_("File too large"), _("The file is larger than this site accepts.")),
        429: (_("Too many requests"), _("Please wait a moment and try again.")),
    }
    title, message = messages.get(code, (_("Something went wrong"), error.description or ""))
    return _page(code, title, message)


def _csrf_error(error: CSRFError) -> Any:
    return _page(
        400,
        _("The form has expired"),
        _("For your security the form expired. Go back, reload the page and send it again."),
    )


def _typed() -> list[str]:
    """What the user typed into the refused form, so that a save refused here loses nothing."""
    skipped = ("csrf_token", "version", "base_version", "submit")
    return [
        value.strip()
        for name, values in request.form.lists()
        if name not in skipped and "password" not in name
        for value in values
        if value.strip() and not value.strip().isdigit()
    ]


def _conflict(error: Exception) -> Any:
    """A concurrent save that no view caught: refused cleanly, with a way back to the form."""
    db.session.rollback()
    page = render_template(
        "errors/conflict.html",
        code=conflicts.STATUS,
        title=_("Your change was not saved"),
        message=_(
            "Someone else saved the same record while you were working on it, so your change "
            "was not saved. Open the form again to see what is stored now, then make your "
            "change again. What you typed is below, to copy."
        ),
        typed=_typed(),
        back=request.path if request.method == "POST" else None,
    )
    return page, conflicts.STATUS


def _server_error(error: Exception) -> Any:
    db.session.rollback()
    # The exception goes to the log without the request body, which could hold case text.
    from flask import current_app

    current_app.logger.error("error on %s %s", request.method, request.path, exc_info=error)
    return _page(
        500,
        _("Something went wrong"),
        _("The error has been logged. Please try again later; nothing you saved before is lost."),
    )


def init_app(app: Flask) -> None:
    """Register the error pages."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(conflicts.ConflictError, _conflict)
    app.register_error_handler(StaleDataError, _conflict)
    app.register_error_handler(Exception, _server_error)
