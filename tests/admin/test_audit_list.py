"""The audit log over years: sortable columns, filters and sort kept across pages."""

from __future__ import annotations

import re

from mcm.core import audit
from mcm.extensions import db


def test_audit_log_sorts_pages_and_ignores_bad_parameters(app, client, make_user) -> None:
    with app.test_request_context():
        for n in range(60):
            audit.record("user_created" if n % 2 else "role_changed")
        db.session.commit()
    client.login_user(make_user("administrator", None))
    page = client.get("/admin/audit?action=role_changed&sort=action")
    html = page.get_data(as_text=True)
    assert html.count("<td>Role changed") == 30
    assert "<td>User created" not in html
    first = client.get("/admin/audit?sort=action").get_data(as_text=True)
    assert first.index("<td>Signed in") < first.index("<td>Role changed")
    assert re.search(r'href="[^"]*sort=action[^"]*page=2', first)
    assert 'aria-sort="ascending"' in first
    for bad in ("sort=unknown", "sort=-", "page=-1", "page=abc", "page=99999"):
        assert client.get("/admin/audit?" + bad).status_code == 200, bad
