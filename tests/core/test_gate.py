"""The gate knows no feature: the features register their decisions, and a rule nobody decided
refuses everyone (default deny)."""

from __future__ import annotations

import pytest

from mcm.core import access
from mcm.core.access import Rule


def test_a_role_rule_nobody_decided_refuses_even_an_administrator(
    client, make_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.login_user(make_user("administrator"))
    assert client.get("/admin/users").status_code == 200
    monkeypatch.delitem(access._user_checks, Rule.ADMIN)
    assert client.get("/admin/users").status_code == 403


def test_a_mechanism_rule_nobody_decided_refuses_even_its_coordinator(
    client, make_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    assert client.get("/m/PEJ/").status_code == 200
    monkeypatch.delitem(access._mechanism_checks, Rule.MECHANISM_VIEW)
    assert client.get("/m/PEJ/").status_code == 403


def test_without_a_mechanism_loader_every_mechanism_page_is_not_found(
    client, make_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    monkeypatch.setattr(access, "_mechanism_loader", [])
    assert client.get("/m/PEJ/").status_code == 404


def test_a_role_rule_cannot_be_registered_as_a_mechanism_rule() -> None:
    with pytest.raises(ValueError, match="not a mechanism rule"):
        access.decide_in_mechanism(Rule.ADMIN)(lambda user, mechanism: True)
    with pytest.raises(ValueError, match="not decided by the user alone"):
        access.decide(Rule.MECHANISM_VIEW)(lambda user: True)
