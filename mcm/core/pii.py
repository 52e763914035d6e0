"""The privacy guard on save: free text with personal data is refused, the text is kept, and each
finding is shown highlighted (templates/_pii.html) and explained in the user's language.

Use it in a view, after the form validated and before calling the service::

    from mcm.core.pii import check_fields, mechanism_names

    if form.validate_on_submit() and check_fields(
        form, ["summary", "decisions"], mechanism_names(g.mechanism.id)
    ):
        ...save...

or as a field validator: ``TextAreaField(..., validators=[no_personal_data()])`` (the allowed
names are then those of the mechanism in the URL). In the template, beside the field::

    {% from "_pii.html" import pii_report %}
    {{ field(form.summary) }}{{ pii_report(form.summary) }}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from wtforms.validators import ValidationError

from mcm.extensions import db
from mcm.privacy import Finding, find_pii

# Put on the field's errors; the details are in field.pii_findings, shown by the _pii.html macro.
SUMMARY = _l(
    "This text contains personal data. Your text is kept below with each finding highlighted: "
    "remove them and save again."
)


def mechanism_names(mechanism_id: int, today: date | None = None) -> list[str]:
    """Names of the mechanism's current representatives: mentioning them is not a finding."""
    from mcm.mechanisms.models import Institution, Representative

    today = today or date.today()
    return list(
        db.session.scalars(
            select(Representative.name)
            .join(Institution, Institution.id == Representative.institution_id)
            .where(
                Institution.mechanism_id == mechanism_id,
                or_(Representative.to_date.is_(None), Representative.to_date >= today),
            )
        )
    )


def findings_in(field: Any, allowed_names: Iterable[str]) -> list[Finding]:
    """Check one field's text and remember the findings on it for the template."""
    text = field.data if isinstance(field.data, str) else ""
    findings = find_pii(text, allowed_names=allowed_names)
    field.pii_findings = findings
    field.pii_text = text
    return findings


def check_fields(form: Any, field_names: Sequence[str], allowed_names: Iterable[str]) -> bool:
    """True when none of the named fields holds personal data; otherwise errors on each field
    that does (the typed text stays in the form)."""
    allowed = list(allowed_names)
    clean = True
    for name in field_names:
        field = _nested(form, name)
        if findings_in(field, allowed):
            field.errors = [*field.errors, str(SUMMARY)]
            clean = False
    return clean


def _nested(form: Any, dotted: str) -> Any:
    """A field by name; inside a FieldList of FormFields, named like "actions.0.title"."""
    current = form
    for part in dotted.split("."):
        current = current[int(part)] if part.isdigit() else current[part]
    return current


def no_personal_data(
    allowed_names: Callable[[], Iterable[str]] | None = None,
) -> Callable[[Any, Any], None]:
    """A WTForms validator: refuse the field when find_pii finds anything. allowed_names is
    called at validation time; by default, the representatives of the mechanism in the URL."""

    def validate(form: Any, field: Any) -> None:
        if allowed_names is not None:
            names: Iterable[str] = allowed_names()
        else:
            mechanism = g.get("mechanism")
            names = mechanism_names(mechanism.id) if mechanism is not None else ()
        if findings_in(field, names):
            raise ValidationError(str(SUMMARY))

    return validate
