"""Free text that reaches the database by import or upload passes the privacy guard too: the
preview names the row, nothing is saved, and a file's name is checked like any text."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.plans.models import Strategy
from tests.conftest import text_of
from tests.mechanisms.test_import import _csv
from tests.plans.strategy.test_strategy_import import GOOD, META, _upload, _yaml

PERSONAL = "Arben Krasniqi, tel 044 123 456"


def test_a_strategy_row_with_personal_data_is_reported_and_not_imported(
    app, client, make_user
) -> None:
    client.login_user(make_user("administrator", None))
    rows = [*GOOD, ["pillar", "3", "", "Koordinimi", "Koordinacija", f"Call {PERSONAL}"]]
    text = text_of(_upload(client, _yaml(rows=rows), "strategy.yaml"))
    assert "1 row has problems" in text or "1 rows have problems" in text
    assert "“text_en” contains personal data" in text
    assert "Import this strategy" not in text
    named = text_of(_upload(client, _yaml(meta={**META, "name_en": PERSONAL}), "s.yaml"))
    assert "“name_en” contains personal data" in named
    with app.app_context():
        assert db.session.scalar(select(func.count(Strategy.id))) == 0


def test_an_uploaded_file_named_after_a_person_is_refused_on_the_form(app, client, make_user):
    client.login_user(make_user("administrator", None))
    response = client.post(
        "/plans/strategies/import",
        {"file": (io.BytesIO(_yaml()), "Arben_Krasniqi_044_123_456.yaml")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "The file name contains personal data." in html
    assert "<mark>" in html
    assert "Import this strategy" not in html


def test_a_member_list_signatory_is_never_silently_cut(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    rows = [
        ["type", "name", "address", "member_since", "mou_status", "mou_date", "signatory"],
        ["police", "Police Station Peja", "", "", "signed", "2025-01-10", "Commander " * 30],
    ]
    response = client.post(
        "/m/PEJ/institutions/import",
        {"file": (io.BytesIO(_csv(rows)), "members.csv")},
        content_type="multipart/form-data",
    )
    assert "the signatory is longer than 200 characters" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Institution.id))) == 0
