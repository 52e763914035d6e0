"""Input is parsed once, by the shared form base: text stripped, whitespace counted as empty,
NUL bytes dropped, unknown choices and numbers too large refused with our own messages, text
too long refused and kept, never cut."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from mcm.accounts.models import Role
from mcm.core.forms import Form, LocalDateField, input_required, max_length, required
from mcm.demo import DEMO_PASSWORDS, DOMAIN, load_demo
from mcm.extensions import db
from tests.conftest import text_of
from tests.core.html_forms import form_with
from tests.core.test_fuzz import _one, _values


class Sample(Form):
    class Meta:
        csrf = False

    title = StringField(validators=[required(), max_length(10)])
    note = TextAreaField(validators=[Optional(), max_length(2000)])
    kind = SelectField(choices=[SelectChoice("a", "A")], validators=[Optional()])
    count = IntegerField(validators=[Optional()])
    day = LocalDateField(validators=[input_required()])


def _sample(**data: str) -> Sample:
    form = Sample(MultiDict(data))
    form.validate()
    return form


@pytest.mark.parametrize("blank", [" ", "\t", "\r\n", "\x00 "])
def test_whitespace_is_empty_for_a_required_field(ctx, blank: str) -> None:
    form = _sample(title=blank, day="2026-01-05")
    assert form.title.errors == ["Please fill in this field."]
    assert form.title.data == ""


def test_text_is_stripped_and_nul_bytes_dropped(ctx) -> None:
    form = _sample(title="  Re\x00port \r\n", day="2026-01-05")
    assert form.validate() and form.title.data == "Report"


def test_text_too_long_is_refused_and_kept_whole(ctx) -> None:
    form = _sample(title="x" * 11, day="2026-01-05")
    assert form.title.errors == ["At most 10 characters, please."]
    assert form.title.data == "x" * 11


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "zzz", "Choose one of the options offered."),
        ("count", "many", "Enter a whole number, such as 12."),
        ("count", "9" * 40, "This number is too large."),
        ("day", "2026-02-30", "Enter the date as day, month and year."),
        ("day", "99999-01-01", "Enter the date as day, month and year."),
        ("day", " ", "Please fill in this field."),
    ],
)
def test_a_bad_value_is_a_field_error_in_our_words(ctx, field, value, message) -> None:
    data = {"title": "Report", "day": "2026-01-05", field: value}
    assert _sample(**data)[field].errors == [message]


def test_a_whitespace_choice_counts_as_no_choice(ctx) -> None:
    form = _sample(title="Report", day="2026-01-05", kind="\t")
    assert form.validate() and form.kind.data == ""


def test_wtforms_own_messages_read_in_the_users_language(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "sq"}):
        errors = _sample(title="Raport", day="2026-01-05", count="shumë").count.errors
    assert len(errors) == 1
    assert errors[0] not in ("Not a valid integer value.", "Enter a whole number, such as 12.")


# The three server errors found: whitespace in a choice the view then reads, and a number.


@pytest.fixture
def demo(app: Flask, client_factory: Any) -> dict[str, Any]:
    with app.test_request_context():
        for _ in load_demo():
            pass
        db.session.commit()
        values = _values("PEJ")
        police = _one(
            "SELECT institution_id FROM memberships JOIN users ON users.id = user_id "
            "WHERE email = :e",
            e=f"police.pej@{DOMAIN}",
        )
        values["police_action"] = _one(
            "SELECT id FROM actions WHERE responsible_institution_id = :i", i=police
        )
    coordinator = client_factory()
    coordinator.login(f"coordinator.pej@{DOMAIN}", DEMO_PASSWORDS[Role.COORDINATOR])
    member = client_factory()
    member.login(f"police.pej@{DOMAIN}", DEMO_PASSWORDS[Role.MEMBER])
    return {"values": values, "coordinator": coordinator, "member": member}


def _post_changed(client: Any, page: str, field: str, value: str, url: str | None = None) -> Any:
    opened = client.get(page)
    assert opened.status_code == 200, page
    form = form_with(opened.get_data(as_text=True), field)
    data = {k: v for k, v in form["values"].items() if k != "csrf_token"}
    data[field] = [value]
    return client.post(url or form["action"] or page, data)


BLANKS = [" ", "\t", "\r\n"]


def test_whitespace_in_the_reason_an_action_is_not_done_is_no_reason(demo) -> None:
    page = f"/m/PEJ/meetings/actions/{demo['values']['police_action']}"
    for blank in BLANKS:
        response = _post_changed(demo["member"], page, "not_done_reason", blank, url=page)
        assert response.status_code in (200, 302), repr(blank)


def test_whitespace_in_an_attendance_line_is_not_recorded(demo) -> None:
    page = f"/m/PEJ/meetings/{demo['values']['meeting_id']}/attendance"
    opened = demo["coordinator"].get(page).get_data(as_text=True)
    field = next(n for n in form_with(opened, "submit")["names"] if n.startswith("presence_"))
    for blank in BLANKS:
        response = _post_changed(demo["coordinator"], page, field, blank)
        assert response.status_code in (200, 302), repr(blank)


def test_whitespace_as_an_indicator_value_asks_for_the_value(demo) -> None:
    page = f"/m/PEJ/plans/activities/{demo['values']['activity_id']}"
    for blank in BLANKS:
        response = _post_changed(demo["coordinator"], page, "value", blank)
        assert response.status_code == 200, repr(blank)
        assert "Please fill in this field." in text_of(response)
