"""Meeting pack benchmark: how long the meeting pack takes to download, and the meeting page
with its documents panel, for a meeting of 12 agenda items carrying 2 documents of 1 MB each
(24 MB in all, the largest pack a mechanism is likely to prepare).

Run from the repository root: .venv/bin/python benchmarks/meeting_pack.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.datastructures import FileStorage  # noqa: E402

from benchmarks.harness import PASSWORD, benchmark_app  # noqa: E402
from mcm.accounts import services as accounts  # noqa: E402
from mcm.accounts.models import Role  # noqa: E402
from mcm.extensions import db  # noqa: E402
from mcm.mechanisms.services import mechanism_by_code  # noqa: E402
from mcm.meetings.files import services  # noqa: E402
from mcm.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingKind  # noqa: E402

RUNS = 20
ITEMS = 12
PER_ITEM = 2
SIZE = 1024 * 1024


def fill() -> int:
    """A Peja meeting with its agenda and the documents under each item."""
    mechanism = mechanism_by_code("PEJ")
    starts = datetime.now(UTC) + timedelta(days=7)
    meeting = Meeting(
        mechanism_id=mechanism.id,
        kind=MeetingKind.REGULAR,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="Municipal hall",
        language="sq",
        ics_uid=f"{uuid4()}@benchmark",
    )
    db.session.add(meeting)
    db.session.flush()
    for position in range(1, ITEMS + 1):
        item = AgendaItem(
            meeting_id=meeting.id,
            position=position,
            kind=AgendaItemKind.TOPIC,
            title=f"Agenda item {position}",
        )
        db.session.add(item)
        db.session.flush()
        for n in range(PER_ITEM):
            content = b"%PDF-1.4\n" + bytes([position, n]) * (SIZE // 2)
            upload = FileStorage(stream=io.BytesIO(content), filename=f"report-{n}.pdf")
            services.add_document(meeting, upload, f"Report {n + 1}", item)
    db.session.commit()
    return meeting.id


def timed(browser, url: str) -> list[float]:
    times = []
    for run in range(RUNS + 1):
        start = time.perf_counter()
        response = browser.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.get_data()
        if run:  # the first request warms the caches
            times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        app = benchmark_app(folder)
        app.config["MCM_UPLOAD_DIR"] = f"{folder}/documents"
        with app.test_request_context():
            accounts.create_user(
                "coordinator@benchmark.test",
                Role.COORDINATOR,
                mechanism=mechanism_by_code("PEJ"),
                password=PASSWORD,
            )
            meeting_id = fill()
        browser = app.test_client()
        response = browser.post(
            "/login", data={"email": "coordinator@benchmark.test", "password": PASSWORD}
        )
        assert response.status_code == 302, response.status_code
        print(f"{ITEMS} items x {PER_ITEM} documents of {SIZE // 1024} KB; {RUNS} runs")
        print(f"{'page':32} {'median ms':>10} {'p95 ms':>8}")
        for label, url in (
            ("meeting page", f"/m/PEJ/meetings/{meeting_id}"),
            ("meeting pack (ZIP)", f"/m/PEJ/meetings/{meeting_id}/pack.zip"),
        ):
            times = timed(browser, url)
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"{label:32} {times[len(times) // 2]:>10.0f} {p95:>8.0f}")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
