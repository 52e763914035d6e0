"""The privacy guard on save: free text with personal data is refused, the text is kept, and each
finding is shown highlighted (templates/_pii.html) and explained in the user's language.

Every form inheriting mcm.core.forms.Form is guarded on validation: each free-text field that is
not declared in mcm.core.public_fields passes find_pii. Text that reaches the database some
other way (an import) goes through ``findings_for``; the flush guard (mcm.core.flush_guard)
catches whatever slipped past both. Mentioning a representative of the mechanism at hand is not
a finding: features register who those are with ``register_allowed_names``.

In the template, beside the field (the form macros of _macros.html already do it)::

    {% from "_pii.html" import pii_report %}
    {{ field(form.summary) }}{{ pii_report(form.summary) }}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l

from mcm.core import public_fields
from mcm.core.forms import FALLBACK_MAX, declared_max, text_fields, upload_fields
from mcm.privacy import Finding, find_pii

# Put on the field's errors; the details are in field.pii_findings, shown by the _pii.html macro.
SUMMARY = _l(
    "This text contains personal data. Your text is kept below with each finding highlighted: "
    "remove them and save again."
)
FILE_NAME = _l(
    "The file name contains personal data. Rename the file without it and upload it again."
)
TOO_LONG = _l("At most %(max)d characters, please.", max=FALLBACK_MAX)

_providers: list[Callable[[], Iterable[str]]] = []


def register_allowed_names(provider: Callable[[], Iterable[str]]) -> None:
    """A feature tells the guard whose names are professional here (called per check)."""
    if provider not in _providers:
        _providers.append(provider)


def allowed_names() -> list[str]:
    """Names that are not findings in the current request (the mechanism's representatives);
    computed once per request."""
    if not has_request_context():
        return [name for provider in _providers for name in provider()]
    cached = g.get("_pii_allowed_names")
    if cached is None:
        cached = [name for provider in _providers for name in provider()]
        g._pii_allowed_names = cached
    return cached


def findings_for(text: str, allowed: Iterable[str] | None = None) -> list[Finding]:
    """The personal data in one text; allowed names default to the request's."""
    if not text:
        return []
    return find_pii(text, allowed_names=allowed_names() if allowed is None else allowed)


def mark_passed(text: str) -> None:
    """Remember that the guard passed this text in this request, so the flush guard does not
    scan it again."""
    if has_request_context():
        g.setdefault("_pii_passed", set()).add(text)


def already_passed(text: str) -> bool:
    """True when the guard passed this very text earlier in this request."""
    return has_request_context() and text in g.get("_pii_passed", ())


def row_problems(values: dict[str, str], columns: dict[str, str]) -> list[str]:
    """The privacy guard on one imported row: a problem for each value with personal data,
    unless its column ("table.column") is declared professional or public."""
    problems = []
    for key, column in columns.items():
        table, name = column.split(".")
        text = values.get(key) or ""
        if public_fields.declared_column(table, name) or not text:
            continue
        found = findings_for(text)
        if found:
            problems.append(
                str(
                    _l(
                        "“%(column)s” contains personal data (%(found)s): %(why)s",
                        column=key,
                        found=", ".join(f"“{text[f.start : f.end]}”" for f in found),
                        why=str(found[0].message),
                    )
                )
            )
    return problems


def file_name_text(filename: str) -> str:
    """The part of a file's name that a person typed: no folders, no extension."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    return name.rsplit(".", 1)[0]


def file_name_findings(filename: str) -> list[Finding]:
    """A file's name is free text too: the personal data in it (positions in file_name_text)."""
    return findings_for(file_name_text(filename).replace("_", " "))


def findings_in(field: Any, allowed_names: Iterable[str]) -> list[Finding]:
    """Check one field's text and remember the findings on it for the template."""
    text = field.data if isinstance(field.data, str) else ""
    findings = find_pii(text, allowed_names=allowed_names) if text else []
    field.pii_findings = findings
    field.pii_text = text
    return findings


def guard_form(form: Any) -> bool:
    """True when no undeclared free-text field of the form holds personal data; otherwise the
    finding is an error on its field (the typed text stays in the form)."""
    clean = True
    allowed: list[str] | None = None
    for form_class, field in text_fields(form):
        if field.errors or not isinstance(field.data, str) or not field.data:
            continue
        if declared_max(field) is None and len(field.data) > FALLBACK_MAX:
            field.errors = [*field.errors, str(TOO_LONG)]
            clean = False
            continue
        if public_fields.declared_field(form_class, field.short_name):
            continue
        if allowed is None:
            allowed = allowed_names()
        if findings_in(field, allowed):
            field.errors = [*field.errors, str(SUMMARY)]
            clean = False
        else:
            mark_passed(field.data)
    for field in upload_fields(form):
        uploads = field.data if isinstance(field.data, list) else [field.data]
        for upload in uploads:
            name = getattr(upload, "filename", None) or ""
            findings = file_name_findings(name) if name else []
            if findings:
                field.pii_findings, field.pii_text = findings, file_name_text(name)
                field.errors = [*field.errors, str(FILE_NAME)]
                clean = False
    return clean
