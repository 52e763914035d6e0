"""Who reaches the statistics: observers and administrators the national and regional figures
(never a case page), a mechanism's coordinators and members its own figures, nobody else."""

from __future__ import annotations

import pytest
from flask import Flask

NATIONAL = "/statistics/"
OWN = "/m/PEJ/cases/statistics"
OTHER = "/m/FER/cases/statistics"


@pytest.mark.parametrize(
    ("role", "mechanism", "expected"),
    [
        ("observer", None, {NATIONAL: 200, OWN: 403, OTHER: 403}),
        ("administrator", None, {NATIONAL: 200, OWN: 403, OTHER: 403}),
        ("coordinator", "PEJ", {NATIONAL: 403, OWN: 200, OTHER: 403}),
        ("member", "PEJ", {NATIONAL: 403, OWN: 200, OTHER: 403}),
    ],
)
def test_each_role_reaches_exactly_its_statistics(
    client, make_user, role, mechanism, expected
) -> None:
    client.login_user(make_user(role, mechanism))
    assert {url: client.get(url).status_code for url in expected} == expected


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    for url in (NATIONAL, OWN):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def _case_urls(app: Flask, case_id: int) -> list[tuple[str, str]]:
    """Every page of a mechanism's case register but the statistics, for an existing case (an
    administrator's request for exceptional access lives outside it)."""
    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("cases.") or rule.endpoint == "cases.statistics":
            continue
        if "mechanism_code" not in rule.arguments:
            continue
        values = {name: 1 for name in rule.arguments}
        values |= {"mechanism_code": "PEJ"} | (
            {"case_id": case_id} if "case_id" in rule.arguments else {}
        )
        method = "GET" if "GET" in rule.methods else "POST"
        urls.append((method, adapter.build(rule.endpoint, values)))
    return urls


@pytest.mark.parametrize("role", ["observer", "administrator"])
def test_observers_never_open_a_case(app, client, make_user, make_discussed_cases, role) -> None:
    (case_id,) = make_discussed_cases("PEJ", 1)
    client.login_user(make_user(role, None))
    urls = _case_urls(app, case_id)
    assert urls, "no case pages registered"
    for method, url in urls:
        response = client.get(url) if method == "GET" else client.post(url)
        assert response.status_code in (403, 404), (url, response.status_code)
    page = client.get(NATIONAL).get_data(as_text=True)
    assert "PEJ-" not in page and "/cases/" not in page  # no code, no link to a case


def test_navigation_offers_statistics_to_observers_and_administrators(client, make_user) -> None:
    client.login_user(make_user("observer", None))
    assert 'href="/statistics/"' in client.get("/overview/").get_data(as_text=True)
    other = client.__class__(client.app)
    other.login_user(make_user("coordinator", "PEJ"))
    assert 'href="/statistics/"' not in other.get("/mechanisms").get_data(as_text=True)
