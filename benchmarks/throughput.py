"""Throughput: signed-in mechanism home pages per second from gunicorn with two workers.

Builds a database (a temporary SQLite file, or with --database a PostgreSQL URL, in a throwaway
schema dropped at the end) with the demo or the regional data set (benchmarks/regional.py),
starts gunicorn on a free loopback port, signs one mechanism's coordinator in from each client
(the sign-in form with its CSRF token, as a browser does), then drives a bounded load: --clients
threads, each on its own keep-alive connection (reopened when the server closes it), share
--requests GET requests of the mechanism home. Prints requests per second, median and p95
latency, and the peak resident memory of each serving worker.

Run from the repository root:
  .venv/bin/python benchmarks/throughput.py [--data demo|regional] [--clients 8] [--requests 3000]
      [--database postgresql+psycopg://user@host/db] [--mechanisms 40 --years 10]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.harness import PASSWORD, benchmark_app  # noqa: E402

SCHEMA = "throughput"


@contextmanager
def database(url: str | None, folder: str) -> Iterator[str]:
    """A fresh database: a SQLite file in `folder`, or a PostgreSQL schema named in the URL (so
    that gunicorn's workers, configured by environment only, use it too)."""
    if url is None or make_url(url).get_backend_name() == "sqlite":
        yield f"sqlite:///{folder}/throughput.sqlite3"
        return
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    try:
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        admin.dispose()


def fill(folder: str, url: str, data: str, mechanisms: int, years: int) -> tuple[str, str, str]:
    """Migrate and fill the database; (mechanism code, coordinator's e-mail, password)."""
    from mcm.accounts import services as accounts
    from mcm.accounts.models import Role
    from mcm.demo import DEMO_PASSWORDS, DOMAIN, load_demo
    from mcm.extensions import db
    from mcm.mechanisms.models import Mechanism

    app = benchmark_app(folder, url)
    with app.app_context(), app.test_request_context():
        if data == "demo":
            for _ in load_demo():
                pass
            db.session.commit()
            return "PEJ", f"coordinator.pej@{DOMAIN}", DEMO_PASSWORDS[Role.COORDINATOR]
        from benchmarks.regional import generate

        generated = generate(mechanisms, years)
        mechanism = db.session.get(Mechanism, generated.mechanism_id)
        email = "coordinator@throughput.test"
        accounts.create_user(email, Role.COORDINATOR, mechanism=mechanism, password=PASSWORD)
        db.session.commit()
        db.engine.dispose()
        return generated.code, email, PASSWORD


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One keep-alive HTTP connection with its cookies, reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.reopened = 0

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, Any]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.reopened += 1
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read().decode()
                break
            except (http.client.RemoteDisconnected, ConnectionError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, content, response

    def sign_in(self, email: str, password: str) -> None:
        status, page, _ = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert status == 200 and token, ("no sign-in form", status)
        form = {"csrf_token": token.group(1), "email": email, "password": password}
        status, _, _ = self.request("POST", "/login", urlencode(form))
        assert status == 302, ("sign-in refused", status)


def children(pid: int) -> list[int]:
    """The worker processes of the gunicorn master."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def drive(port: int, path: str, email: str, password: str, clients: int, total: int) -> dict:
    """Sign each client in, then share `total` requests of `path` among them."""
    signed = [Client(port) for _ in range(clients)]
    for client in signed:
        client.sign_in(email, password)
        assert client.request("GET", path)[0] == 200, "the page does not open"  # warm-up
    remaining = [total]
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[int] = []

    def run(client: Client) -> None:
        mine: list[float] = []
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            start = time.perf_counter()
            status = client.request("GET", path)[0]
            mine.append((time.perf_counter() - start) * 1000)
            if status != 200:
                failures.append(status)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(client,)) for client in signed]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "rate": len(latencies) / elapsed,
        "median": latencies[len(latencies) // 2],
        "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))],
        "failures": len(failures),
        "connections": sum(c.reopened for c in signed),
        "requests": len(latencies),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", choices=("demo", "regional"), default="demo")
    parser.add_argument("--database", default=os.environ.get("MCM_DATABASE_URL") or None)
    parser.add_argument("--mechanisms", type=int, default=40)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, database(args.database, folder) as url:
        code, email, password = fill(folder, url, args.data, args.mechanisms, args.years)
        port = free_port()
        env = {
            **os.environ,
            "MCM_DATABASE_URL": url,
            "MCM_SECRET_KEY": secrets.token_hex(16),
            "MCM_REQUIRE_2FA": "0",
            "MCM_MAIL_SERVER": "",
            "MCM_UPLOAD_DIR": folder,
        }
        env.pop("MCM_DEMO", None)
        command = [
            str(Path(sys.executable).with_name("gunicorn")), "--workers", str(args.workers),
            "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}",
            "--keep-alive", "5", "--log-level", "warning", "mcm:create_app()",
        ]  # fmt: skip
        server = subprocess.Popen(command, cwd=folder, env=env)  # noqa: S603 - our own argv
        try:
            for _ in range(300):  # up to 30 s for the workers to load the app
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.1)
            found = drive(port, f"/m/{code}/", email, password, args.clients, args.requests)
            workers = children(server.pid)
            rss = [peak_rss_mb(pid) for pid in workers]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    backend = make_url(url).get_backend_name()
    print(
        f"{args.data} data on {backend}, gunicorn {args.workers} workers x {args.threads} "
        f"thread(s), {args.clients} clients: mechanism home /m/{code}/"
    )
    print(
        f"{found['requests']} requests in {found['requests'] / found['rate']:.1f} s: "
        f"{found['rate']:.0f} requests/s, median {found['median']:.1f} ms, "
        f"p95 {found['p95']:.1f} ms, {found['failures']} failed, "
        f"{found['connections']} connections opened"
    )
    print("peak RSS per worker: " + ", ".join(f"{mb:.0f} MB" for mb in rss))
    return 1 if found["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
