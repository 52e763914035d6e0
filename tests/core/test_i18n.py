"""Three languages: complete catalogs, a remembered choice, locale formats."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from mcm import ROOT
from mcm.accounts.models import User
from mcm.core.i18n import LANGUAGE_COOKIE, datetime_format
from mcm.extensions import db
from tests.conftest import text_of

TRANSLATIONS = ROOT / "mcm" / "translations"
LOCALES = ["sq", "sr_Latn"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages the code and templates use now."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "extract",
            "--no-location",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-o",
            str(pot),
            str(ROOT),
        ]
    )
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    # Guard the guard: the extraction must see both Python code and templates.
    assert catalog.get("Please fill in this field.") and catalog.get("Skip to content")
    return catalog


def _catalog(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated(extracted, locale: str) -> None:
    catalog = _catalog(locale)
    missing = []
    for message in extracted:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = (
            ()
            if translated is None
            else (
                translated.string if isinstance(translated.string, tuple) else (translated.string,)
            )
        )
        if translated is None or translated.fuzzy or not all(strings):
            missing.append(message.id)
    assert missing == [], f"{locale}: untranslated {missing}"


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_survive_translation(locale: str) -> None:
    catalog = _catalog(locale)
    problems = [(m.id, errors) for m, errors in catalog.check()]
    assert problems == []


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalog_matches_its_source(locale: str) -> None:
    source = _catalog(locale)
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = read_mo(handle)

    def key(value):  # plural entries come back as lists from the compiled catalog
        return tuple(value) if isinstance(value, list | tuple) else value

    expected = {key(m.id): key(m.string) for m in source if m.id and not m.fuzzy}
    actual = {key(m.id): key(m.string) for m in compiled if m.id}
    assert actual == expected, "run: pybabel compile -d mcm/translations"


def _sign_in_text(locale: str) -> str:
    return _catalog(locale)["Sign in"].string


def test_albanian_is_the_default(client) -> None:
    client.raw.environ_base.pop("HTTP_ACCEPT_LANGUAGE")
    page = client.get("/login")
    assert '<html lang="sq">' in page.get_data(as_text=True)
    assert _sign_in_text("sq") in text_of(page)


def test_browser_language_is_used_until_the_user_chooses(client) -> None:
    client.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sr-RS,sr;q=0.9"
    assert _sign_in_text("sr_Latn") in text_of(client.get("/login"))


def test_chosen_language_is_remembered_in_a_cookie_and_the_account(
    app, client, client_factory, make_user
) -> None:
    user_id = make_user("coordinator", language=None)
    response = client.post("/language", {"language": "sr", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert f"{LANGUAGE_COOKIE}=sr" in response.headers["Set-Cookie"]
    assert _sign_in_text("sr_Latn") in text_of(client.get("/login"))
    client.login_user(user_id)
    client.post("/language", {"language": "en", "next": "/m/PEJ/"})
    with app.app_context():
        assert db.session.get(User, user_id).language == "en"
    # Another browser follows the account's choice once signed in.
    other = client_factory()
    other.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sq"
    other.login_user(user_id)
    assert "Member institutions" in text_of(other.get("/m/PEJ/"))


def test_unknown_language_is_refused_politely(client) -> None:
    response = client.post("/language", {"language": "xx", "next": "/login"}, follow_redirects=True)
    assert response.status_code == 200
    assert "could not be changed" in text_of(response)


def test_municipality_names_follow_the_language(client, make_user) -> None:
    client.login_user(make_user("coordinator", "FER"))
    assert "Ferizaj" in text_of(client.get("/m/FER/"))
    client.post("/language", {"language": "sr", "next": "/"})
    assert "Uroševac" in text_of(client.get("/m/FER/"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Mar 6, 2026, 12:30 AM"),
        ("sq", "6 mar 2026, 00:30"),  # the 24-hour clock in Albanian and Serbian
        ("sr", "6. 3. 2026., 00:30"),
    ],
)
def test_dates_use_the_locale_format_and_local_time(app, language, expected) -> None:
    from flask import g

    moment = datetime(2026, 3, 5, 23, 30, tzinfo=UTC)  # already the 6th in Prishtina
    with app.test_request_context():
        g.mcm_language = language
        assert datetime_format(moment).replace("\u202f", " ") == expected
