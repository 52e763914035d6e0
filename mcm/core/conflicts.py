"""The one save path of every versioned record (a model with a `version_id_col`).

A form carries the version of the record it was opened on (`VersionField`). A save checks it,
then claims the record's row (`UPDATE ... WHERE version = ?`, which makes every concurrent save
of the row wait its turn), and SQLAlchemy checks the version again when the row is written: a
colleague who saved first, even a millisecond before, makes the save a `ConflictError`. The
view then shows the refused-save page: the user's text stays in the form, the version stored
now beside it, and the form takes that version so that saving again is a deliberate choice.
Anything that still slips through reaches the app-level handler, a clean 409, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import after_this_request, flash, has_request_context
from flask_babel import gettext as _
from sqlalchemy import inspect, update
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from mcm.extensions import db

STATUS = 409  # every refused save answers 409 Conflict, with the page that says why


class ConflictError(Exception):
    """Someone else saved the record since the form was opened; nothing was saved."""

    def __init__(self, record: Any = None) -> None:
        super().__init__("the record changed meanwhile")
        self.record = record


def message() -> str:
    """What the user reads above a refused save, in her language."""
    return _(
        "Someone else saved this record while you were editing. Their version is shown "
        "beside the form; your text is kept. Check both and save again."
    )


def check_version(record: Any, submitted: object) -> None:
    """Refuse a save based on an older version of the record than the one stored."""
    if record is None or str(submitted) != str(record.version):
        raise ConflictError(record)


def overtaken(form: Any, record: Any) -> bool:
    """A submitted form opened on an older version of the record: refuse it before validating,
    since the choices it offered (the next steps of a record) may no longer apply."""
    submitted = form.is_submitted() and "version" in form
    return submitted and str(form.version.data) != str(record.version)


def _touch(record: Any, opened_on: object) -> None:
    """Mark the record changed, so the save raises its version even when only rows that hang
    off it were written (a progress note, a new version of the minutes): a form opened before
    is then refused, and of two concurrent saves the database lets exactly one through."""
    state = inspect(record)
    if state.session is not db.session() or not state.persistent:
        return
    if record.version != opened_on or db.session.is_modified(record):
        return  # the save already raises (or raised) the version
    version = state.mapper.version_id_col
    for attribute in state.mapper.column_attrs:
        column = attribute.columns[0]
        if column.primary_key or column is version or attribute.key not in state.dict:
            continue
        flag_modified(record, attribute.key)
        return


def _claim(record: Any) -> None:
    """Take the record's row for this save before anything else is written: the database makes
    every other save of the row wait, then finds its version moved and refuses it, so two saves
    never both write rows that hang off the record (a new version numbered the same)."""
    state = inspect(record)
    if state.session is not db.session() or not state.persistent:
        return
    mapper = state.mapper
    column = mapper.version_id_col
    keys = dict(zip(mapper.primary_key, mapper.primary_key_from_instance(record), strict=True))
    claimed = db.session.execute(
        update(column.table)
        .where(*(key == value for key, value in keys.items()), column == record.version)
        .values({column: column})
    )
    if claimed.rowcount != 1:
        raise ConflictError(record)


@contextmanager
def saving(record: Any = None, version: object = None) -> Iterator[None]:
    """Check the form's version (of a record that exists), claim the record's row, run the
    change in the with-block, raise the record's version and commit. A stale version, or a
    `StaleDataError` at flush or at commit, rolls everything back and becomes a
    `ConflictError`; any other error propagates with nothing committed."""
    try:
        if record is not None and version is not None:
            check_version(record, version)
        opened_on = record.version if record is not None else None
        if record is not None:
            _claim(record)
        yield
        if record is not None:
            _touch(record, opened_on)
        db.session.commit()
    except (ConflictError, StaleDataError) as error:
        db.session.rollback()
        raise ConflictError(record) from error


def refused(form: Any, record: Any = None) -> Any:
    """After a refused save: say so, keep the user's text in the form, give the form the stored
    version, and answer 409. Returns the record as stored now (to show beside the form)."""
    db.session.rollback()
    if record is not None:
        db.session.refresh(record)
        if form is not None and "version" in form:
            form.version.data = str(record.version)
    flash(message(), "error")
    if has_request_context():

        @after_this_request
        def _status(response: Any) -> Any:
            response.status_code = STATUS
            return response

    return record


def versioned_models() -> list[type]:
    """Every model whose rows carry a version: the records that must go through `saving`."""
    return sorted(
        (m.class_ for m in db.Model.registry.mappers if m.version_id_col is not None),
        key=lambda cls: cls.__name__,
    )
