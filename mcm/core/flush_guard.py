"""The privacy guard's safety net on save: before any flush, every changed free-text column of a
new or changed record passes find_pii, unless mcm.core.public_fields declares the column
professional, public or technical. A finding refuses the whole save (PersonalDataRefused, shown
as a clean "not saved" page); the refused text goes neither to the log nor to the audit log,
which is written in the same, rolled back, transaction.

Forms check their fields first and mark the texts they passed, so the net scans only text that
came some other way (an import, a script, a field someone forgot to put on a form).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Flask, render_template
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Mapper, Session, attributes

from mcm.core import public_fields
from mcm.core.pii import already_passed, findings_for

_columns_of: dict[Mapper[Any], list[tuple[str, str]]] = {}


class PersonalDataRefused(Exception):
    """A save refused because a free-text column holds personal data (named, text left out)."""

    def __init__(self, column: str) -> None:
        super().__init__(column)
        self.column = column


def is_text_column(column: sa.Column[Any]) -> bool:
    """String, Text or JSON, but not a choice stored as text (an Enum)."""
    kind = column.type
    return not isinstance(kind, sa.Enum) and isinstance(kind, (sa.String, sa.JSON))


def guarded_columns(mapper: Mapper[Any]) -> list[tuple[str, str]]:
    """(attribute, "table.column") of the mapper's text columns that are not declared public."""
    cached = _columns_of.get(mapper)
    if cached is None:
        cached = []
        for prop in mapper.column_attrs:
            for column in prop.columns:
                if not isinstance(column, sa.Column) or not is_text_column(column):
                    continue
                table = column.table.name
                if not public_fields.declared_column(table, column.name):
                    cached.append((prop.key, f"{table}.{column.name}"))
        _columns_of[mapper] = cached
    return cached


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def check_value(name: str, value: Any) -> None:
    """Raise PersonalDataRefused when the value (a text or JSON) holds personal data."""
    for text in _strings(value):
        if text.strip() and not already_passed(text) and findings_for(text):
            raise PersonalDataRefused(name)


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    for record in itertools.chain(session.new, session.dirty):
        state = sa.inspect(record)
        for key, name in guarded_columns(state.mapper):
            added = attributes.get_history(
                record, key, passive=attributes.PASSIVE_NO_INITIALIZE
            ).added
            for value in added or ():
                check_value(name, value)


def _refused(error: PersonalDataRefused) -> Any:
    from mcm.extensions import db

    db.session.rollback()
    page = render_template(
        "errors/error.html",
        code=422,
        title=_("Not saved: personal data"),
        message=_(
            "The text you sent contains personal data, such as a name or a telephone number, "
            "so nothing was saved. Go back: your text is still in the form. Remove the "
            "personal data and save again."
        ),
    )
    return page, 422


def init_app(app: Flask) -> None:
    """Guard every flush of the app's session and answer a refused save cleanly."""
    from mcm.extensions import db

    if not event.contains(db.session, "before_flush", _before_flush):
        event.listen(db.session, "before_flush", _before_flush)
    app.register_error_handler(PersonalDataRefused, _refused)
