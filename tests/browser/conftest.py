"""Browser fixtures: the session's app served over HTTP, and Debian's Chromium driven by Playwright.

The live server serves the very `app` object of tests/conftest.py, so users made with `make_user`
are in the database the browser sees. One Chromium runs for the whole session; every test gets a
fresh browser context (no cookies, no storage) and a page in it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from mcm.accounts.models import User
from mcm.extensions import db

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The base URL of the session's app, served by werkzeug in a daemon thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)  # port 0: the OS picks a free one
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the whole session; never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser: Any, live_server: str) -> Iterator[Callable[..., Any]]:
    """Make browser contexts pointed at the live server; all are closed after the test.

    Script errors and console errors (a blocked inline script or style is one: the app's
    Content-Security-Policy forbids them) fail the test. Failed loads are left to the tests:
    error pages answer 404 on purpose.
    """
    contexts: list[Any] = []
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    def make(**options: Any) -> Any:
        options.setdefault("base_url", live_server)
        options.setdefault("locale", "en-GB")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.on("console", on_console)
        context.on("weberror", lambda error: errors.append(f"script error: {error.error}"))
        # The user says yes to "Are you sure?" before an irreversible step.
        context.on("page", lambda page: page.on("dialog", lambda dialog: dialog.accept()))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


@pytest.fixture
def page(new_context: Callable[..., Any]) -> Any:
    """A page in a fresh desktop-sized browser context."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture
def email_of(app: Flask) -> Callable[[int], str]:
    def email(user_id: int) -> str:
        with app.app_context():
            return db.session.get(User, user_id).email

    return email
