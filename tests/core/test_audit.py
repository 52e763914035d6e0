"""Every audited action reads as words, in the administrator's language."""

from __future__ import annotations

import re

from mcm import PACKAGE
from mcm.accounts.models import TokenPurpose
from mcm.core.labels import AUDIT_ACTION_LABELS


def _recorded_actions() -> set[str]:
    actions: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text()
        actions |= set(re.findall(r'record\(\s*"([a-z_]+)"', source))
        # Actions chosen by a condition: record("a" if x else "b", …)
        for pair in re.findall(r'record\(\s*"([a-z_]+)" if .+? else "([a-z_]+)"', source):
            actions |= set(pair)
    actions |= {f"{purpose.value}_completed" for purpose in TokenPurpose}
    return actions


def test_every_audited_action_has_a_label() -> None:
    actions = _recorded_actions()
    assert {"login", "login_failed", "role_changed", "user_created"} <= actions
    assert actions - set(AUDIT_ACTION_LABELS) == set()


def test_audit_log_shows_actions_in_words(client, make_user) -> None:
    from tests.conftest import text_of

    client.login_user(make_user("administrator", None))
    client.post("/language", {"language": "en", "next": "/"})
    page = text_of(client.get("/admin/audit"))
    assert "Signed in" in page and "User created" in page
