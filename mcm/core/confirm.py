"""Irreversible steps confirm first. A view marked ``@irreversible(message)`` acts only on a
post that carries ``confirmed=yes``: static/js/app.js asks in the browser and adds it (forms show
the question in ``data-confirm``); without JavaScript, or from a form that forgot to ask, the
post is answered with a confirmation page that sends the same form again, confirmed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException

F = TypeVar("F", bound=Callable[..., Any])

_ATTRIBUTE = "_mcm_irreversible"
CONFIRMED = "confirmed"


def irreversible(message: Any) -> Callable[[F], F]:
    """Declare a view's step irreversible; `message` (a lazy string) says what it will do."""

    def mark(view: F) -> F:
        setattr(view, _ATTRIBUTE, message)
        return view

    return mark


def _message(endpoint: str | None) -> Any:
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, _ATTRIBUTE, None)


def question_for(url: str) -> str:
    """The question to ask before posting to this URL, or "" when the step can be undone."""
    try:
        endpoint, _ = current_app.url_map.bind("localhost").match(urlsplit(url).path, "POST")
    except HTTPException:
        return ""
    message = _message(endpoint)
    return str(message) if message is not None else ""


def _back() -> str:
    """Where "No, go back" leads: the page the form was on, if it is ours."""
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url):
        return referrer
    return "/"


def ask_first() -> Any:
    """Answer an unconfirmed post to an irreversible step with the confirmation page."""
    if request.method != "POST" or request.form.get(CONFIRMED) == "yes":
        return None
    message = _message(request.endpoint)
    if message is None:
        return None
    fields = [(k, v) for k, v in request.form.items(multi=True) if k != CONFIRMED]
    return render_template("confirm.html", message=message, fields=fields, back=_back())


def init_app(app: Flask) -> None:
    """Ask after the access gate (registered before), so nobody refused sees the question."""
    app.before_request(ask_first)
    app.jinja_env.globals["confirm_question"] = question_for
