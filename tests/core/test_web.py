"""HTTP hardening, health check, error pages, and no 500 for any input."""

from __future__ import annotations

import pytest
from flask import Flask

from mcm import create_app
from tests.conftest import PASSWORD, text_of


def test_pages_carry_security_headers_and_are_not_cached(client, make_user) -> None:
    client.login_user(make_user("coordinator"))
    response = client.get("/m/PEJ/")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    # Static files may be cached: they hold no personal data.
    assert client.get("/static/css/app.css").headers.get("Cache-Control") != "no-store"


def test_pages_have_no_inline_script_or_style(client, make_user) -> None:
    client.login_user(make_user("coordinator"))
    html = client.get("/m/PEJ/").get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html and "onclick" not in html


def test_session_cookie_flags(client, make_user) -> None:
    response = client.login_user(make_user("coordinator"))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_behind_https(app: Flask) -> None:
    secure = create_app({**app.config, "MCM_HTTPS": True})
    with secure.test_client() as browser:
        response = browser.get("/login", base_url="https://localhost")
        cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-mcm=") and "Secure" in cookie


def test_missing_csrf_token_is_refused_with_a_friendly_page(app, client, make_user) -> None:
    client.login_user(make_user("coordinator"))
    response = client.raw.post("/logout")
    assert response.status_code == 400
    assert "The form has expired" in text_of(response)
    assert client.get("/m/PEJ/").status_code == 200  # still signed in


def test_healthz_reports_the_database(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(app, tmp_path) -> None:
    broken = create_app(
        {**app.config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/x.db"}
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Page not found"), ("sq", None), ("sr", None)],
)
def test_not_found_page_speaks_the_users_language(app, client, language, title) -> None:
    from babel.messages.pofile import read_po

    from mcm import ROOT

    client.post("/language", {"language": language, "next": "/"})
    response = client.get("/no-such-page")
    assert response.status_code == 404
    if title is None:
        locale = {"sq": "sq", "sr": "sr_Latn"}[language]
        path = ROOT / "mcm" / "translations" / locale / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            title = read_po(handle)["Page not found"].string
    assert title and title in text_of(response)


ODD_VALUES = ["999999", "0", "-1", "abc", "99999999999999999999", "%00", "PEJ", "fer", "<script>"]


def _odd_urls(app: Flask) -> list[tuple[str, str]]:
    urls = set()
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        for odd in ODD_VALUES:
            values = {}
            for name in rule.arguments:
                values[name] = odd
            try:
                urls.add((method, adapter.build(rule.endpoint, values)))
            except Exception:  # noqa: S112 - converters refuse some odd values; that is the point
                continue
            urls.add((method, adapter.build(rule.endpoint, dict.fromkeys(rule.arguments, "1"))))
    # Values an int converter refuses are tried raw, too.
    urls |= {
        ("GET", "/admin/users/abc"),
        ("POST", "/admin/users/-1/role"),
        ("GET", "/m/%00/"),
        ("GET", "/admin/users/99999999999999999999"),
    }
    return sorted(urls)


@pytest.mark.parametrize("role", [None, "coordinator", "member", "observer", "administrator"])
def test_no_route_answers_500_to_odd_input(app, client, make_user, role) -> None:
    if role:
        client.login_user(make_user(role, "PEJ" if role in ("coordinator", "member") else None))
    garbage = {
        "email": "x" * 5000,
        "password": "\x00",
        "role": "king",
        "mechanism": "abc",
        "institution": "-5",
        "language": "xx",
        "code": "12ab56",
        "next": "//evil",
        "current": "",
        "confirm": "y",
    }
    for method, url in _odd_urls(app):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, garbage)
            assert client.raw.post(url).status_code < 500, url  # without a CSRF token
        assert response.status_code < 500, (role, method, url)
    if role:
        # The garbage never signed anyone out by accident, except the sign-out route itself.
        client.login_user(make_user(role, "PEJ" if role in ("coordinator", "member") else None))
        assert client.get("/account").status_code == 200


def test_wrong_password_login_field_is_kept(client, make_user) -> None:
    response = client.login("someone@test.example.org", PASSWORD + "x")
    assert 'value="someone@test.example.org"' in response.get_data(as_text=True)


def test_unexpected_error_shows_a_friendly_page_and_logs_no_form_text(app, caplog) -> None:
    from mcm.core.access import Rule, allow

    broken = create_app({**app.config, "TESTING": False})

    @allow(Rule.PUBLIC)
    def explode() -> str:
        raise RuntimeError("boom")

    broken.add_url_rule("/explode", "explode", explode, methods=["POST"])
    broken.config["WTF_CSRF_ENABLED"] = False
    response = broken.test_client().post(
        "/explode", data={"note": "secret case text"}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 500
    assert "Something went wrong" in text_of(response)
    assert "boom" in caplog.text and "secret case text" not in caplog.text


def test_database_errors_never_carry_the_values_written(app) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from mcm.extensions import db

    with app.app_context():
        with pytest.raises(DBAPIError) as error:
            db.session.execute(
                text("SELECT no_such_column WHERE :note = 'x'"), {"note": "secret case text"}
            )
        db.session.rollback()
    assert "secret case text" not in str(error.value)
