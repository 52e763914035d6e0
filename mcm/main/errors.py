"""Friendly error pages in the user's language."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

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
    app.register_error_handler(Exception, _server_error)
