"""How long the minutes document of a large meeting takes to generate.

A meeting with 30 agenda items (each with a discussion summary and decisions), two actions per
item and the attendance of 14 member institutions, in a temporary SQLite database. Prints the
median of 20 runs of minutes_document(); the bar is 300 ms.

    .venv/bin/python benchmarks/minutes_document.py [--out minutes.docx]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade
from sqlalchemy import select

from mcm import create_app
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Representative
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.documents.exports import minutes_document
from mcm.meetings.models import (
    Action,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    Presence,
)
from mcm.reference.models import InstitutionType

RUNS = 20
ITEMS = 30
INSTITUTIONS = 14
BAR_MS = 300

SUMMARY = (
    "The members reviewed the referrals of the quarter and the waiting times between the "
    "first report and the first contact by the centre for social work.\n"
    "The police station reported on protection orders issued and the monitoring visits made."
)
DECISIONS = "The centre for social work will report the waiting times at the next meeting."


def fill() -> tuple[int, int]:
    """A held meeting of the Peja mechanism with everything its minutes show."""
    mechanism = mechanism_by_code("PEJ")
    types = db.session.scalars(select(InstitutionType).order_by(InstitutionType.position)).all()
    institutions = []
    for n in range(INSTITUTIONS):
        institution = Institution(
            mechanism_id=mechanism.id,
            institution_type_id=types[n % len(types)].id,
            name=f"Benchmark institution {n + 1:02d}",
        )
        db.session.add(institution)
        institutions.append(institution)
    db.session.flush()
    for institution in institutions:
        db.session.add(
            Representative(
                institution_id=institution.id,
                name=f"Representative of {institution.name}",
                from_date=date(2025, 1, 1),
            )
        )
    starts = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    meeting = Meeting(
        mechanism_id=mechanism.id,
        kind=MeetingKind.REGULAR,
        status=MeetingStatus.HELD,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="Municipal hall",
        language="sq",
        ics_uid=f"{uuid4()}@benchmark",
    )
    db.session.add(meeting)
    db.session.flush()
    kinds = [AgendaItemKind.FOLLOW_UP] + [AgendaItemKind.TOPIC] * (ITEMS - 3)
    kinds += [AgendaItemKind.CASES, AgendaItemKind.OTHER_BUSINESS]
    items = []
    for position, kind in enumerate(kinds, 1):
        item = AgendaItem(
            meeting_id=meeting.id,
            position=position,
            kind=kind,
            title=f"Agenda item {position}: coordination of services",
            presenter_institution_id=institutions[position % INSTITUTIONS].id,
            duration_minutes=10,
        )
        db.session.add(item)
        items.append(item)
    db.session.flush()
    for n, institution in enumerate(institutions):
        db.session.add(
            Attendance(
                meeting_id=meeting.id,
                institution_id=institution.id,
                presence=Presence.PRESENT if n % 5 else Presence.EXCUSED,
                represented_by=f"Representative of {institution.name}",
                arrived_late=n == 3,
            )
        )
    for n, item in enumerate(items):
        for k in range(2):
            db.session.add(
                Action(
                    mechanism_id=mechanism.id,
                    meeting_id=meeting.id,
                    agenda_item_id=item.id,
                    title=f"Follow-up action {k + 1} of item {n + 1}",
                    responsible_institution_id=institutions[(n + k) % INSTITUTIONS].id,
                    due_on=date(2026, 4, 1) + timedelta(days=n),
                )
            )
    minutes = Minutes(meeting_id=meeting.id, status=MinutesStatus.APPROVED)
    db.session.add(minutes)
    db.session.flush()
    version = MinutesVersion(
        minutes_id=minutes.id,
        number=1,
        content={str(item.id): {"summary": SUMMARY, "decisions": DECISIONS} for item in items},
    )
    db.session.add(version)
    db.session.flush()
    minutes.current_version_id = version.id
    db.session.commit()
    return meeting.id, version.id


def _median(values: list[float]) -> float:
    # The median by hand keeps this script free of imports that a benchmark folder could shadow.
    ordered = sorted(values)
    middle = len(ordered) // 2
    return (ordered[middle] + ordered[~middle]) / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the document here")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/benchmark.sqlite3",
                "SECRET_KEY": "benchmark",
                "MCM_DEMO": False,
                "MCM_MAIL_SERVER": "",
            }
        )
        with app.app_context():
            upgrade()
            meeting_id, version_id = fill()
            meeting = db.session.get(Meeting, meeting_id)
            version = db.session.get(MinutesVersion, version_id)
            minutes_document(meeting, version, full=True)  # warm up: imports, template, caches
            timings = []
            for _ in range(RUNS):
                started = time.perf_counter()
                content = minutes_document(meeting, version, full=True)
                timings.append((time.perf_counter() - started) * 1000)
            if arguments.out:
                arguments.out.write_bytes(content)
            db.session.remove()
            db.engine.dispose()
    median = _median(timings)
    print(
        f"minutes document, {ITEMS} agenda items, {2 * ITEMS} actions, {INSTITUTIONS} "
        f"institutions: median {median:.0f} ms of {RUNS} runs "
        f"(min {min(timings):.0f}, max {max(timings):.0f}; bar {BAR_MS} ms)"
    )
    return 0 if median < BAR_MS else 1


if __name__ == "__main__":
    sys.exit(main())
