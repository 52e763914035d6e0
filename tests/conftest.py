"""Fixtures: one migrated database per run (SQLite, or PostgreSQL via MCM_TEST_DATABASE_URL),
emptied of everything but reference data after each test, and factories with sensible defaults."""

from __future__ import annotations

import itertools
import os
import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import text

from mcm import create_app
from mcm.accounts import services as accounts
from mcm.accounts.models import Role, User
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.mechanisms.services import mechanism_by_code
from mcm.reference.models import InstitutionType

PASSWORD = "correct-horse-battery"
REFERENCE_TABLES = {"countries", "regions", "municipalities", "institution_types", "mechanisms"}


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("MCM_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def _drop_everything() -> None:
    """Start PostgreSQL runs from an empty schema, so the migrations build all of it."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(16),
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "MCM_PASSWORD_HASH_FAST": True,
            "MCM_REQUIRE_2FA": False,
            "MCM_DEMO": False,
            "MCM_MAIL_SERVER": "",
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        _drop_everything()
        upgrade()
    yield app


@pytest.fixture(autouse=True)
def _clean_database(app: Flask) -> Iterator[None]:
    """Each test starts with reference data only."""
    yield
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE mechanisms SET status = 'not_established', founded_on = NULL,"
                    " founding_document_id = NULL, version = 1"
                )
            )
            # Foreign keys that close a cycle (use_alter) are cut first, then rows go in
            # dependency order.
            for table in db.metadata.sorted_tables:
                for key in table.foreign_keys:
                    if key.use_alter and table.name not in REFERENCE_TABLES:
                        conn.execute(table.update().values({key.parent.name: None}))
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in REFERENCE_TABLES:
                    conn.execute(table.delete())


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An application context for tests that use the database directly."""
    # English, as the assertions read; tests of the other languages choose theirs.
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield app
        db.session.remove()


_counter = itertools.count(1)


@pytest.fixture
def make_institution(app: Flask) -> Any:
    def make(mechanism_code: str = "PEJ", type_code: str = "police", name: str | None = None):
        with app.app_context():
            mechanism = mechanism_by_code(mechanism_code)
            kind = db.session.scalar(
                db.select(InstitutionType).where(InstitutionType.code == type_code)
            )
            institution = Institution(
                mechanism=mechanism,
                institution_type=kind,
                name=name or f"Institution {next(_counter)} {mechanism_code}",
            )
            db.session.add(institution)
            db.session.commit()
            return institution.id

    return make


@pytest.fixture
def make_user(app: Flask, make_institution: Any) -> Any:
    """Create a user and return its id; members get an institution in their mechanism."""

    def make(
        role: str = "coordinator",
        mechanism_code: str | None = "PEJ",
        institution_id: int | None = None,
        email: str | None = None,
        password: str | None = PASSWORD,
        language: str | None = "en",
    ) -> int:
        if role == "member" and institution_id is None:
            institution_id = make_institution(mechanism_code or "PEJ")
        with app.test_request_context():
            mechanism = None
            institution = None
            if institution_id is not None:
                institution = db.session.get(Institution, institution_id)
            elif role == "coordinator" and mechanism_code:
                mechanism = mechanism_by_code(mechanism_code)
            user = accounts.create_user(
                email or f"user{next(_counter)}@test.example.org",
                Role(role),
                mechanism=mechanism,
                institution=institution,
                password=password,
                language=language,
            )
            db.session.commit()
            return user.id

    return make


class Client:
    """A test client that fills in the CSRF token as a browser's form would."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.raw: FlaskClient = app.test_client()
        # Assertions read English; tests of the other languages choose theirs explicitly.
        self.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def csrf_token(self) -> str:
        with self.raw.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        return URLSafeTimedSerializer(self.app.secret_key, salt="wtf-csrf-token").dumps(raw)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.raw.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        # A user who says yes to "Are you sure?" (tests/core/test_confirm.py checks the asking).
        data.setdefault("confirmed", "yes")
        return self.raw.post(url, data=data, **kwargs)

    def login(self, email: str, password: str = PASSWORD) -> Any:
        return self.post("/login", {"email": email, "password": password})

    def login_user(self, user_id: int, password: str = PASSWORD) -> Any:
        with self.app.app_context():
            email = db.session.get(User, user_id).email
        response = self.login(email, password)
        assert response.status_code == 302, response.get_data(as_text=True)
        return response


@pytest.fixture
def client(app: Flask) -> Client:
    return Client(app)


@pytest.fixture
def client_factory(app: Flask) -> Any:
    return lambda: Client(app)


@pytest.fixture
def count_queries(app: Flask) -> Any:
    """Count the SQL statements run inside a with-block: `with count_queries() as n: ...`."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counter() -> Iterator[list[str]]:
        statements: list[str] = []

        def listener(*args: Any) -> None:
            statements.append(args[2])

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", listener)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", listener)

    return counter


def text_of(response: Any) -> str:
    """The visible text of an HTML response, tags stripped, for assertions on what users read."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def mechanism_id(app: Flask, code: str) -> int:
    with app.app_context():
        mechanism: Mechanism | None = mechanism_by_code(code)
        assert mechanism is not None
        return mechanism.id


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI a skipped test is a failure: CI installs everything the tests need."""
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        if reporter:
            reporter.write_line(f"CI=true: {skipped} skipped test(s) count as failures", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def inbox(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real local SMTP server the app sends to; yields its inbox."""
    from tests.mail import start_smtp

    controller, received = start_smtp()
    monkeypatch.setitem(app.config, "MCM_MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MCM_MAIL_PORT", controller.port)
    yield received
    controller.stop()
