"""Password-reset timing: can the answer's time tell a known address from an unknown one?

Serves a throwaway app (migrated SQLite) on a real threaded HTTP server with a real SMTP server
on loopback, then asks for a reset link for a known and an unknown address, interleaved in a
random order, each over a fresh connection, and prints the median and 95th percentile of the
time to the complete answer, and their difference. The goal is under 10 ms of median
difference: the link is queued in the outbox and sent only after the answer has gone.

Run from the repository root: .venv/bin/python benchmarks/reset_timing.py [requests per address]
"""

from __future__ import annotations

import http.client
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from benchmarks.harness import PASSWORD, benchmark_app  # noqa: E402
from mcm.accounts import services as accounts  # noqa: E402
from mcm.accounts.models import Role  # noqa: E402
from mcm.extensions import db  # noqa: E402

KNOWN = "known.user@benchmark.example.org"
UNKNOWN = "nobody.here@benchmark.example.org"
# Long enough for the delivery after one answer to finish before the next request, as an
# attacker probing addresses one by one would see it.
PAUSE = 0.15


class Counter:
    """An SMTP handler that only counts what it receives."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received += 1
        return "250 OK"


def ask(port: int, email: str) -> float:
    """Milliseconds from connecting to having read the whole answer."""
    body = urlencode({"email": email})
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(
        "POST", "/reset", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    assert response.status == 302, response.status
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(runs: int) -> None:
    counter = Counter()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(counter, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    with tempfile.TemporaryDirectory() as folder:
        app = benchmark_app(folder)
        app.config.update(MCM_MAIL_SERVER="127.0.0.1", MCM_MAIL_PORT=smtp_port)
        with app.test_request_context():
            accounts.create_user(KNOWN, Role.OBSERVER, password=PASSWORD)
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            port = server.server_port
            for email in (KNOWN, UNKNOWN) * 3:  # warm up both paths
                ask(port, email)
                time.sleep(PAUSE)
            order = [KNOWN] * runs + [UNKNOWN] * runs
            random.Random(2026).shuffle(order)
            times: dict[str, list[float]] = {KNOWN: [], UNKNOWN: []}
            for email in order:
                times[email].append(ask(port, email))
                time.sleep(PAUSE)
        finally:
            server.shutdown()
            smtp.stop()
    known, unknown = times[KNOWN], times[UNKNOWN]
    print(f"reset request, {runs} each, time to the complete answer (ms):")
    print(f"  known address:   median {statistics.median(known):6.2f}  p95 {p95(known):6.2f}")
    print(f"  unknown address: median {statistics.median(unknown):6.2f}  p95 {p95(unknown):6.2f}")
    difference = statistics.median(known) - statistics.median(unknown)
    print(f"  median difference (known - unknown): {difference:+.2f} ms (goal: under 10 ms)")
    print(f"  e-mails the SMTP server received: {counter.received} (one per known request)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
