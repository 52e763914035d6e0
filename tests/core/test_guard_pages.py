"""The privacy guard is on for every free-text field, not only where a view remembered it: the
fields where personal data was found saved refuse it, with the highlighted report, text kept."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from mcm.extensions import db
from mcm.partners.models import PartnershipStage
from tests.core.html_forms import form_with
from tests.meetings.planning.helpers import create_meeting
from tests.partners.conftest import (  # noqa: F401 - fixtures
    make_organisation,
    make_partner_observer,
    make_partnership,
)

PERSONAL = "Arben Krasniqi, tel 044 123 456"


def _coordinator(client: Any, make_user: Any) -> None:
    client.login_user(make_user("coordinator", "PEJ"))


def _agenda(app: Flask, client: Any, make_user: Any, **_: Any) -> str:
    _coordinator(client, make_user)
    return f"/m/PEJ/meetings/{create_meeting(app)}/agenda"


def _meeting(app: Flask, client: Any, make_user: Any, **_: Any) -> str:
    _coordinator(client, make_user)
    return "/m/PEJ/meetings/new"


def _cancel(app: Flask, client: Any, make_user: Any, **_: Any) -> str:
    _coordinator(client, make_user)
    return f"/m/PEJ/meetings/{create_meeting(app)}/cancel"


def _ad_hoc(app: Flask, client: Any, make_user: Any, make_institution: Any, **_: Any) -> str:
    police = make_institution("PEJ", "police", "Police station Peja")
    client.login_user(make_user("member", "PEJ", institution_id=police))
    return "/m/PEJ/meetings/requests/new"


def _status(app: Flask, client: Any, make_user: Any, **_: Any) -> str:
    _coordinator(client, make_user)
    return "/m/PEJ/status"


def _mou(app: Flask, client: Any, make_user: Any, make_institution: Any, **_: Any) -> str:
    _coordinator(client, make_user)
    return f"/m/PEJ/institutions/{make_institution('PEJ')}/mou"


def _partnership(client: Any, fixtures: dict[str, Any]) -> int:
    network = fixtures["make_organisation"]("Women's Network")
    client.login_user(fixtures["make_partner_observer"](network))
    return fixtures["make_partnership"](network, "FKO", PartnershipStage.MOU_SIGNED)


def _support(app: Flask, client: Any, make_user: Any, **fixtures: Any) -> str:
    return f"/partners/{_partnership(client, fixtures)}/support/new"


def _assessment(app: Flask, client: Any, make_user: Any, **fixtures: Any) -> str:
    return f"/partners/{_partnership(client, fixtures)}/assessments/new"


def _training(app: Flask, client: Any, make_user: Any, **fixtures: Any) -> str:
    return f"/partners/{_partnership(client, fixtures)}/trainings/new"


FIELDS = [
    ("agenda topic's notes", _agenda, "notes", {"title": "Coordination of services"}),
    ("ad hoc request's reason", _ad_hoc, "reason", {"date1": "2031-03-04"}),
    ("meeting notes", _meeting, "notes", {"day": "2031-03-04", "starts": "10:00"}),
    ("cancellation reason", _cancel, "reason", {}),
    (
        "mechanism's status note",
        _status,
        "note",
        {"status": "active", "effective_on": "2024-01-10"},
    ),
    ("partner's support text", _support, "description", {"given_on": "2025-11-18"}),
    ("MoU notes", _mou, "mou_note", {"mou_status": "invited", "mou_date": "2024-01-10"}),
    ("needs-assessment findings", _assessment, "findings_case_management", {}),
    ("training notes", _training, "note", {"held_on": "2025-11-18", "module": "Referral paths"}),
]


@pytest.mark.parametrize(("what", "page", "field", "filled"), FIELDS, ids=[f[0] for f in FIELDS])
def test_free_text_refuses_personal_data_with_the_report_and_keeps_the_text(
    app: Flask,
    client: Any,
    make_user: Any,
    make_institution: Any,
    make_organisation: Any,  # noqa: F811
    make_partner_observer: Any,  # noqa: F811
    make_partnership: Any,  # noqa: F811
    what: str,
    page: Any,
    field: str,
    filled: dict[str, str],
) -> None:
    url = page(
        app,
        client,
        make_user,
        make_institution=make_institution,
        make_organisation=make_organisation,
        make_partner_observer=make_partner_observer,
        make_partnership=make_partnership,
    )
    opened = client.get(url)
    assert opened.status_code == 200, what
    form = form_with(opened.get_data(as_text=True), field)
    data = {name: values for name, values in form["values"].items() if name != "csrf_token"}
    for name, choices in form["choices"].items():  # a score or a choice the form needs
        if not data.get(name) and form["types"].get(name) in ("radio", "select"):
            data[name] = [next((c for c in choices if c), "")]
    data.update({name: [value] for name, value in filled.items()})
    data[field] = [PERSONAL]
    with app.app_context():
        before = _rows()
    response = client.post(url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, (what, response.status_code)
    assert "This text contains personal data." in html, what
    assert "<mark>Arben Krasniqi</mark>" in html, what  # highlighted
    assert form_with(html, field)["values"][field] == [PERSONAL], what  # kept in the field
    with app.app_context():
        assert _rows() == before, what  # nothing saved


def _rows() -> int:
    """All rows of the features' tables (the refused save adds none)."""
    total = 0
    for table in db.metadata.sorted_tables:
        if table.name not in ("login_attempts", "user_sessions", "audit_entries"):
            total += db.session.execute(db.select(db.func.count()).select_from(table)).scalar()
    return total


def test_refused_text_reaches_neither_the_log_nor_the_audit_log(
    app: Flask, client: Any, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from mcm.core.audit import AuditEntry

    caplog.set_level(logging.DEBUG)
    url = _agenda(app, client, make_user)
    response = client.post(url, {"title": "Coordination", "notes": PERSONAL})
    assert "This text contains personal data." in response.get_data(as_text=True)
    assert "Krasniqi" not in caplog.text and "044 123" not in caplog.text
    with app.app_context():
        details = [str(e.details) for e in db.session.scalars(db.select(AuditEntry))]
    assert not any("Krasniqi" in d for d in details)


def test_a_save_the_flush_guard_refuses_is_a_clean_page(app: Flask) -> None:
    from mcm.core.flush_guard import PersonalDataRefused

    with app.test_request_context(headers={"Accept-Language": "en"}):
        response = app.make_response(
            app.handle_user_exception(PersonalDataRefused("meetings.notes"))
        )
    assert response.status_code == 422
    assert "nothing was saved" in response.get_data(as_text=True)
