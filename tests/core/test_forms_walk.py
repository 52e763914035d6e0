"""The privacy guard and the parsing of input are machinery, walked like the access policy:
every form of the app inherits the shared base, every free-text field declares its maximum and
is either guarded or declared professional or public in mcm.core.public_fields, and every text
column of every model is a decision too."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField, SelectFieldBase

import mcm
from mcm.core import public_fields
from mcm.core.flush_guard import PersonalDataRefused, is_text_column
from mcm.core.forms import Form, declared_max, text_fields
from mcm.core.pii import SUMMARY
from mcm.extensions import db

PERSONAL = "Arben Krasniqi, tel 044 123 456"


def _import_everything() -> None:
    for module in pkgutil.walk_packages(mcm.__path__, "mcm."):
        if ".translations" not in module.name:
            importlib.import_module(module.name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _dynamic_forms() -> list[Any]:
    """The forms built per record, with one sample record each."""
    from mcm.meetings.attendance.forms import acknowledgement_form, attendance_form
    from mcm.meetings.minutes.forms import minutes_text_form
    from mcm.partners.forms import assessment_form, training_form

    one = [SimpleNamespace(id=7, name="Police")]
    return [
        lambda **kw: attendance_form(one, {}, {}),
        lambda **kw: acknowledgement_form(one, {}),
        lambda **kw: minutes_text_form(one, **kw),
        lambda **kw: minutes_text_form(one, correction=True, **kw),
        lambda **kw: assessment_form(**kw),
        lambda **kw: training_form(one, **kw),
    ]


def _form_makers() -> list[Any]:
    _import_everything()
    classes = sorted(set(_subclasses(Form)), key=lambda c: (c.__module__, c.__qualname__))
    static = [
        c for c in classes if c.__module__.startswith("mcm.") and "<locals>" not in c.__qualname__
    ]
    return static + _dynamic_forms()


def _key(form_class: type, field: Any) -> str:
    return f"{form_class.__module__.removeprefix('mcm.')}.{form_class.__name__}.{field.short_name}"


def _all_text_fields(app: Flask) -> list[tuple[Any, type, Any]]:
    found = []
    with app.test_request_context():
        for make in _form_makers():
            form = make(meta={"csrf": False}) if isinstance(make, type) else make(meta={})
            found.extend((make, form_class, field) for form_class, field in text_fields(form))
    return found


def test_no_form_skips_the_shared_base(app: Flask) -> None:
    _import_everything()
    direct = [
        c for c in FlaskForm.__subclasses__() if c is not Form and c.__module__.startswith("mcm.")
    ]
    assert direct == []
    assert len(_form_makers()) > 60  # the walk really found the app's forms


def test_every_free_text_field_declares_its_maximum(app: Flask) -> None:
    missing = [
        _key(form_class, field)
        for _, form_class, field in _all_text_fields(app)
        if declared_max(field) is None
    ]
    assert missing == []


def _offer_no_choices(form: Any) -> None:
    for field in form:
        if isinstance(field, FormField):
            _offer_no_choices(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                if isinstance(entry, FormField):
                    _offer_no_choices(entry.form)
        elif isinstance(field, SelectFieldBase) and getattr(field, "choices", []) is None:
            field.choices = []


def test_every_undeclared_free_text_field_refuses_personal_data(app: Flask) -> None:
    """Not by reading the code: each field is submitted with a name and a number."""
    let_through = []
    checked = 0
    with app.test_request_context(method="POST", headers={"Accept-Language": "en"}):
        for make in _form_makers():
            probe = make(meta={"csrf": False}) if isinstance(make, type) else make()
            for form_class, field in text_fields(probe):
                if public_fields.declared_field(form_class, field.short_name):
                    continue
                data = MultiDict({field.name: PERSONAL})
                form = make(formdata=data, meta={"csrf": False})
                _offer_no_choices(form)  # the views fill them in
                form.validate()
                errors = {f.name: f for _, f in text_fields(form)}[field.name].errors
                checked += 1
                if str(SUMMARY) not in errors:
                    let_through.append(_key(form_class, field))
    assert let_through == []
    assert checked > 40


def test_every_declared_form_field_exists(app: Flask) -> None:
    """A stale declaration would silently exempt a field added later under the same name."""
    keys = set()
    for _, form_class, field in _all_text_fields(app):
        for cls in form_class.__mro__:
            module = cls.__module__.removeprefix("mcm.")
            keys.add(f"{module}.{cls.__name__}.{field.short_name}")
    from fnmatch import fnmatchcase

    stale = [d for d in public_fields.FORM_FIELDS if not any(fnmatchcase(k, d) for k in keys)]
    assert stale == []


def _text_columns() -> list[str]:
    _import_everything()
    return [
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if is_text_column(column)
    ]


def test_every_text_column_is_declared_public_or_guarded(app: Flask) -> None:
    undecided, both = [], []
    for name in _text_columns():
        table, column = name.split(".")
        public = public_fields.declared_column(table, column)
        guarded = public_fields.guarded_column(table, column)
        if not public and not guarded:
            undecided.append(name)
        if public and guarded:
            both.append(name)
    assert undecided == [] and both == []


def test_choices_stored_as_text_are_not_free_text(app: Flask) -> None:
    columns = _text_columns()
    assert "meetings.notes" in columns and "minutes_versions.content" in columns
    assert "meetings.status" not in columns  # an Enum column


# Form fields that are saved in a column of limited length: the form's maximum must fit.
FIELD_COLUMNS = {
    "mechanisms.forms.InstitutionForm.name": "institutions.name",
    "mechanisms.forms.InstitutionForm.address": "institutions.address",
    "mechanisms.forms.MouForm.signatory": "mou_events.signatory",
    "mechanisms.forms.RepresentativeForm.name": "representatives.name",
    "mechanisms.forms.RepresentativeForm.position": "representatives.position",
    "mechanisms.forms.RepresentativeForm.email": "representatives.email",
    "mechanisms.forms.RepresentativeForm.phone": "representatives.phone",
    "meetings.planning.forms.MeetingForm.place": "meetings.place",
    "meetings.planning.forms.MeetingForm.online_link": "meetings.online_link",
    "meetings.planning.forms.PlanRow.place": "meetings.place",
    "meetings.planning.forms.PlanRow.online_link": "meetings.online_link",
    "meetings.agenda.forms.AgendaItemForm.title": "agenda_items.title",
    "meetings.attendance.forms.AttendanceForm.represented_7": "attendances.represented_by",
    "meetings.attendance.forms.AcknowledgementForm.name_7": (
        "confidentiality_acknowledgements.attendee_name"
    ),
    "partners.forms.OrganisationForm.name": "partner_organisations.name",
    "partners.forms.TrainingForm.module": "trainings.module",
    "partners.forms.TrainingForm.trainer": "trainings.trainer",
    "plans.local.forms.PlanForm.title": "action_plans.title",
    "plans.local.forms.AdoptForm.decision_reference": "action_plans.decision_reference",
    "plans.local.forms.ObjectiveForm.code": "plan_objectives.code",
    "plans.local.forms.ActivityForm.code": "plan_activities.code",
    "plans.local.forms.ActivityForm.unit": "plan_activities.unit",
    "plans.progress.forms.IndicatorValueForm.source": "indicator_values.source",
    "admin.forms.InviteUserForm.email": "users.email",
    "cases.exceptional.forms.ExceptionalAccessForm.code": "cases.code",
}


def _column(name: str) -> sa.Column[Any]:
    table, column = name.split(".")
    return db.metadata.tables[table].columns[column]


def test_the_database_holds_every_length_a_form_accepts(app: Flask) -> None:
    fields = {}
    for _, form_class, field in _all_text_fields(app):
        for cls in form_class.__mro__:
            module = cls.__module__.removeprefix("mcm.")
            fields.setdefault(f"{module}.{cls.__name__}.{field.short_name}", field)
    too_short = []
    for key, column_name in FIELD_COLUMNS.items():
        assert key in fields, key
        length = getattr(_column(column_name).type, "length", None)
        if length is not None and length < declared_max(fields[key]):
            too_short.append((key, declared_max(fields[key]), column_name, length))
    assert too_short == []


def test_long_text_fields_are_stored_in_text_columns(app: Flask) -> None:
    """A text area longer than any String column goes to a Text or JSON column: every String
    column of the schema is at most 500 characters, the longest single-line field."""
    longest = max(
        getattr(_column(name).type, "length", None) or 0
        for name in _text_columns()
        if isinstance(_column(name).type, sa.String) and not isinstance(_column(name).type, sa.Text)
    )
    assert longest <= 500
    for _, form_class, field in _all_text_fields(app):
        if field.type != "PasswordField" and (declared_max(field) or 0) > longest:
            assert field.type == "TextAreaField", _key(form_class, field)


def test_the_flush_guard_refuses_personal_data_in_a_guarded_column(ctx, make_institution) -> None:
    from mcm.mechanisms.models import Institution

    institution = db.session.get(Institution, make_institution("PEJ"))
    institution.left_reason = PERSONAL
    with pytest.raises(PersonalDataRefused) as refused:
        db.session.flush()
    assert PERSONAL not in str(refused.value)
    db.session.rollback()
    institution = db.session.get(Institution, institution.id)
    institution.left_reason = "The office closed."
    db.session.flush()  # clean text passes
    institution.name = "Stacioni Arben Krasniqi"  # a declared column: an institution's name
    db.session.flush()
