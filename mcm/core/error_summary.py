"""The error summary of a refused save (the GOV.UK pattern): every form built during a request
registers itself, and the page layout lists each field in error at the top, linked to the field,
so a refusal on a long form is seen at once and nothing has to be found by scrolling."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context
from wtforms import FieldList, FormField, HiddenField, RadioField
from wtforms.widgets import ListWidget


@dataclass(frozen=True)
class Problem:
    """One entry of the summary: the element to jump to (None for the whole form) and why."""

    target: str | None
    label: str
    message: str


def register(form: Any) -> None:
    """Remember a form built in this request, for the summary of the page that shows it."""
    if has_request_context():
        g.setdefault("mcm_forms", []).append(form)


def _fields(form: Any) -> list[Any]:
    found = []
    for field in form:
        if isinstance(field, FormField):
            found.extend(_fields(field.form))
        elif isinstance(field, FieldList):
            for entry in field.entries:
                found.extend(_fields(entry.form) if isinstance(entry, FormField) else [entry])
        else:
            found.append(field)
    return found


def _target(field: Any) -> str | None:
    """The id a link should move the focus to: a group of options has its first option."""
    if isinstance(field, HiddenField) or field.type == "CSRFTokenField":
        return None
    if isinstance(field, RadioField) or isinstance(field.widget, ListWidget):
        options = list(field)
        return options[0].id if options else field.id
    return field.id


def _messages(errors: Any) -> list[str]:
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _messages(value)]
    if isinstance(errors, (list, tuple)):
        return [m for value in errors for m in _messages(value)]
    return [str(errors)]


def problems() -> list[Problem]:
    """Every error of the forms built in this request: the forms' own first, then each field."""
    found: list[Problem] = []
    seen: set[int] = set()
    for form in g.get("mcm_forms", []) if has_request_context() else []:
        for message in getattr(form, "form_errors", []):
            found.append(Problem(None, "", str(message)))
        for field in _fields(form):
            if id(field) in seen or not field.errors:
                continue
            seen.add(id(field))
            message = " ".join(_messages(field.errors))
            found.append(Problem(_target(field), str(field.label.text), message))
    return found
