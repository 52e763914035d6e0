"""What the page benchmarks share: a migrated throwaway SQLite app, and timing one page."""

from __future__ import annotations

import secrets
import time
from typing import Any

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event

from mcm import create_app
from mcm.extensions import db

PASSWORD = "benchmark-passphrase-2026"  # noqa: S105 - a throwaway database


def benchmark_app(folder: str) -> Flask:
    """An app on a fresh SQLite file in `folder`, migrated to the current schema."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(16),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/benchmark.sqlite3",
            "MCM_PASSWORD_HASH_FAST": True,
            "MCM_REQUIRE_2FA": False,
            "MCM_DEMO": False,
            "MCM_MAIL_SERVER": "",
            "WTF_CSRF_ENABLED": False,
        }
    )
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
