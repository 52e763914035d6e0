"""The access policy: every route has a rule, and each role reaches exactly its pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from mcm.core.access import Rule, rule_for

PUBLIC_ENDPOINTS = {
    "static",
    "accounts.login",
    "accounts.verify",
    "accounts.reset_request",
    "accounts.reset",
    "accounts.accept",
    "main.set_language",
    "main.healthz",
}
# URLs that are their own credential (calendar programs cannot sign in): a wrong secret is a 404.
SECRET_LINK_ENDPOINTS = {"calendar.feed"}

SAMPLE_VALUES = {
    "fmt": "csv",
    "mechanism_code": "PEJ",
    "user_id": 1,
    "membership_id": 1,
    "token": "x" * 20,
    "filename": "css/app.css",
    "number": 1,  # a version of the minutes
}


def _url(app: Flask, rule: Any, **overrides: Any) -> str:
    from werkzeug.routing import IntegerConverter

    def sample(name: str) -> Any:
        if name in SAMPLE_VALUES:
            return SAMPLE_VALUES[name]
        return 1 if isinstance(rule._converters.get(name), IntegerConverter) else "x"

    values = {name: overrides.get(name, sample(name)) for name in rule.arguments}
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values)


def test_every_route_declares_an_access_rule(app: Flask) -> None:
    undeclared = [r.endpoint for r in app.url_map.iter_rules() if rule_for(app, r.endpoint) is None]
    assert undeclared == []


def test_only_sign_in_reset_language_and_health_are_public(app: Flask) -> None:
    public = {
        r.endpoint for r in app.url_map.iter_rules() if rule_for(app, r.endpoint) is Rule.PUBLIC
    }
    assert public == PUBLIC_ENDPOINTS
    by_secret = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if rule_for(app, r.endpoint) is Rule.SECRET_LINK
    }
    assert by_secret == SECRET_LINK_ENDPOINTS


def test_anonymous_visitor_is_sent_to_sign_in_from_every_other_page(app: Flask, client) -> None:
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        url = _url(app, rule)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.get(url) if method == "GET" else client.post(url)
        if rule.endpoint in SECRET_LINK_ENDPOINTS:
            assert response.status_code == 404, (url, response.status_code)
            continue
        assert response.status_code == 302, (url, response.status_code)
        assert response.headers["Location"].startswith("/login"), url


def test_coordinator_cannot_reach_any_page_of_another_mechanism(
    app: Flask, client, make_user
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    scoped = [r for r in app.url_map.iter_rules() if "mechanism_code" in r.arguments]
    assert scoped, "no mechanism pages registered"
    for rule in scoped:
        url = _url(app, rule, mechanism_code="FER")
        response = client.get(url) if "GET" in rule.methods else client.post(url)
        assert response.status_code in (403, 404), (url, response.status_code)
    # …while her own mechanism opens.
    assert client.get("/m/PEJ/").status_code == 200


def test_unknown_mechanism_code_is_not_found(client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    assert client.get("/m/XXX/").status_code == 404


# (url, roles that get 200); everyone else signed in gets 403.
PAGES = [
    ("/m/PEJ/", {"coordinator", "member"}),
    ("/mechanisms", {"coordinator", "member", "observer", "administrator"}),
    ("/overview/", {"observer", "administrator"}),
    ("/actions/mine", {"coordinator", "member"}),
    ("/overview/export.csv", {"observer", "administrator"}),
    ("/partners/", {"observer", "administrator"}),
    ("/partners/organisations", {"administrator"}),
    ("/admin/users", {"administrator"}),
    ("/admin/users/new", {"administrator"}),
    ("/admin/audit", {"administrator"}),
    ("/reference/", {"administrator"}),
    ("/account", {"coordinator", "member", "observer", "administrator"}),
    ("/m/PEJ/plans/", {"coordinator", "member"}),
    ("/m/PEJ/plans/new", {"coordinator"}),
    ("/plans/strategies/", {"coordinator", "member", "observer", "administrator"}),
    ("/plans/strategies/import", {"administrator"}),
]


@pytest.mark.parametrize("role", ["coordinator", "member", "observer", "administrator"])
def test_each_role_reaches_exactly_its_pages(client, make_user, role: str) -> None:
    mechanism = "PEJ" if role in ("coordinator", "member") else None
    client.login_user(make_user(role, mechanism))
    for url, allowed in PAGES:
        expected = 200 if role in allowed else 403
        assert client.get(url).status_code == expected, (role, url)


def test_member_of_one_mechanism_cannot_open_another(client, make_user) -> None:
    client.login_user(make_user("member", "PEJ"))
    assert client.get("/m/PEJ/").status_code == 200
    assert client.get("/m/FER/").status_code == 403


def test_coordinator_of_two_mechanisms_chooses_between_them(app: Flask, client, make_user) -> None:
    from mcm.accounts.models import Membership
    from mcm.extensions import db
    from tests.conftest import mechanism_id

    user_id = make_user("coordinator", "PEJ")
    with app.app_context():
        db.session.add(Membership(user_id=user_id, mechanism_id=mechanism_id(app, "FER")))
        db.session.commit()
    client.login_user(user_id)
    assert client.get("/").headers["Location"] == "/inbox"  # every role lands on its inbox
    page = client.get("/mechanisms").get_data(as_text=True)
    assert "/m/PEJ/" in page and "/m/FER/" in page
    assert client.get("/m/FER/").status_code == 200


def test_scoped_lookups_never_cross_mechanisms(app: Flask, make_institution) -> None:
    from flask import g
    from sqlalchemy import select
    from werkzeug.exceptions import NotFound

    from mcm.core.access import get_or_404, scoped
    from mcm.extensions import db
    from mcm.mechanisms.models import Institution
    from mcm.mechanisms.services import mechanism_by_code

    own = make_institution("PEJ", "police", "Station Peja")
    other = make_institution("FER", "police", "Station Ferizaj")
    with app.test_request_context():
        g.mechanism = mechanism_by_code("PEJ")
        assert get_or_404(Institution, own).name == "Station Peja"
        with pytest.raises(NotFound):
            get_or_404(Institution, other)
        with pytest.raises(NotFound):
            get_or_404(Institution, 123456)
        names = db.session.scalars(scoped(select(Institution.name), Institution)).all()
        assert names == ["Station Peja"]
