"""What the page benchmarks share: a migrated throwaway app, and timing pages."""

from __future__ import annotations

import gzip
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import Engine, event

from mcm import create_app
from mcm.config import from_environment
from mcm.extensions import db

PASSWORD = "benchmark-passphrase-2026"  # noqa: S105 - a throwaway database


def benchmark_app(
    folder: str, url: str | None = None, engine_options: dict[str, Any] | None = None
) -> Flask:
    """An app on `url` (a fresh SQLite file in `folder` by default), migrated to the current
    schema."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": secrets.token_hex(16),
        "SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{folder}/benchmark.sqlite3",
        "MCM_PASSWORD_HASH_FAST": True,
        "MCM_REQUIRE_2FA": False,
        "MCM_DEMO": False,
        "MCM_MAIL_SERVER": "",
        "WTF_CSRF_ENABLED": False,
    }
    if engine_options:
        # Flask-SQLAlchemy builds the engine in create_app: the options go in with the config,
        # added to the ones the app configures itself (pool_pre_ping, hide_parameters).
        configured = from_environment(Path(folder))["SQLALCHEMY_ENGINE_OPTIONS"]
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {**configured, **engine_options}
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def measure(browser: Any, url: str, runs: int) -> tuple[float, float, int]:
    """Median and best time in milliseconds over `runs` requests, and the statements of one."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    times = []
    for run in range(runs + 1):
        if run == runs:
            event.listen(db.engine, "before_cursor_execute", count)
        start = time.perf_counter()
        response = browser.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if run == runs:
            event.remove(db.engine, "before_cursor_execute", count)
        elif run:  # the first request warms the caches
            times.append(elapsed)
    times.sort()
    return times[len(times) // 2], times[0], len(statements)


@dataclass
class Page:
    """One page to time: a label, the client signed in as the role that may see it, its URL."""

    label: str
    browser: Any
    url: str
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    size: int = 0
    gzipped: int = 0

    def percentile(self, share: float) -> float:
        """The time in milliseconds that `share` of the timed requests did not exceed."""
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def median(self) -> float:
        return self.percentile(0.5)

    @property
    def p95(self) -> float:
        return self.percentile(0.95)


@contextmanager
def counting_statements(engine: Engine) -> Iterator[Callable[[], int]]:
    """Count the SQL statements sent while inside; yields a function reading the count."""
    count = [0]

    def listener(*args: Any) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield lambda: count[0]
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def time_pages(pages: list[Page], engine: Engine, warmup: int, rounds: int) -> None:
    """Request every page round-robin: `warmup` untimed rounds, then `rounds` timed ones, noting
    per request its time, its SQL statements and (once) its size plain and gzipped. Call it
    outside an app context: each request must get its own, as in production."""
    with counting_statements(engine) as statements:
        for round_number in range(warmup + rounds):
            for page in pages:
                before = statements()
                start = time.perf_counter()
                response = page.browser.get(page.url)
                body = response.get_data()
                elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, (page.url, response.status_code)
                if round_number < warmup:
                    continue
                page.times.append(elapsed)
                page.queries.append(statements() - before)
                if not page.size:
                    page.size = len(body)
                    page.gzipped = len(gzip.compress(body, 6))
