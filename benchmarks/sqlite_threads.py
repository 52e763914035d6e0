"""Serving from SQLite the way a threaded server does, right after generating the data in the
same process: the paths suspected of issue 12's SIGSEGV inside SQLite's fetchall.

Generates a small regional data set (benchmarks/regional.py), then serves the mechanism and
national pages from several threads at once, each with its own signed-in client, through one
engine whose pooled connections move between threads (SQLAlchemy opens file databases with
check_same_thread=False). Meanwhile a thread leaves results half-read, so their cursors are still
live when another thread's garbage collection finalises them, and forces collections. Exits 0
when every request answered 200; a crash in SQLite kills the process (tests/test_sqlite_crash.py
runs it in a subprocess for that reason).

  .venv/bin/python -X faulthandler benchmarks/sqlite_threads.py [--threads 4] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from benchmarks.harness import benchmark_app  # noqa: E402
from benchmarks.regional import generate, pages, signed_in  # noqa: E402
from mcm.extensions import db  # noqa: E402
from mcm.meetings.models import AgendaItem, MinutesVersion  # noqa: E402


def serve(app: Any, urls: list[str], email: str, rounds: int, failures: list[str]) -> None:
    """One thread's requests, with its own signed-in client."""
    try:
        browser = signed_in(app, email)
        for _ in range(rounds):
            for url in urls:
                status = browser.get(url).status_code
                if status != 200:
                    failures.append(f"{url}: {status}")
    except Exception as error:
        failures.append(repr(error))


def abandon(app: Any, rounds: int, abandoned: list[Any], failures: list[str]) -> None:
    """Results read halfway and dropped with their cursor open, for other threads to collect."""
    try:
        for _ in range(rounds * 10):
            with app.app_context():
                for model in (AgendaItem, MinutesVersion):
                    result = db.session.execute(select(model))
                    result.fetchmany(2)
                    abandoned.append(result)  # still live; collected in another thread
                db.session.remove()
            if len(abandoned) > 8:
                abandoned.clear()
            gc.collect()
    except Exception as error:
        failures.append(repr(error))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mechanisms", type=int, default=20)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = benchmark_app(folder)
        with app.app_context():
            data = generate(args.mechanisms, args.years)
        timed = pages(app, data)  # creates the accounts; its clients are not used here
        urls = [page.url for page in timed if page.url.startswith("/m/")]
        national = [page.url for page in timed if not page.url.startswith(("/m/", "/healthz"))]
        failures: list[str] = []
        abandoned: list[Any] = []
        workers = [
            threading.Thread(
                target=serve,
                args=(app, urls, "coordinator@benchmark.test", args.rounds, failures),
            )
            for _ in range(args.threads)
        ]
        workers.append(
            threading.Thread(
                target=serve,
                args=(app, national, "observer@benchmark.test", args.rounds, failures),
            )
        )
        workers.append(
            threading.Thread(target=abandon, args=(app, args.rounds, abandoned, failures))
        )
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        abandoned.clear()
        gc.collect()
        with app.app_context():
            db.engine.dispose()
    requests = (args.threads * len(urls) + len(national)) * args.rounds
    print(f"{requests} requests from {len(workers)} threads, {len(failures)} failed")
    for failure in failures[:10]:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
