"""Statistics benchmark: time and SQL statements of the statistics pages over many cases.

Builds a temporary SQLite database with the migrations, fills it with synthetic cases (5,000 by
default) discussed across every mechanism, then signs in as a coordinator and as an observer and
times the per-mechanism page and the national page (all regions, and one region).

Run from the repository root: .venv/bin/python benchmarks/case_statistics.py [number of cases]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from benchmarks.harness import PASSWORD, benchmark_app, measure  # noqa: E402
from mcm.accounts import services as accounts  # noqa: E402
from mcm.accounts.models import Role  # noqa: E402
from mcm.cases.models import (  # noqa: E402
    FORMS_OF_VIOLENCE,
    SERVICES,
    AgeBand,
    Case,
    CaseDiscussion,
    CaseIncident,
    CaseInstitution,
    Gender,
    LegalBasis,
    Relationship,
    RiskLevel,
)
from mcm.extensions import db  # noqa: E402
from mcm.mechanisms.models import Institution, Mechanism  # noqa: E402
from mcm.meetings.models import Action, ActionStatus, Meeting, MeetingKind, MeetingStatus  # noqa: E402
from mcm.reference.models import InstitutionType  # noqa: E402

YEAR = 2026
RUNS = 5


def _day(rng: random.Random) -> date:
    return date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))


def fill(count: int, rng: random.Random) -> dict[str, int]:
    """Synthetic cases with discussions, institutions, services, incidents and follow-ups."""
    mechanisms = db.session.scalars(select(Mechanism)).all()
    types = db.session.scalars(select(InstitutionType)).all()
    institutions: dict[int, list[int]] = {}
    meetings: dict[int, int] = {}
    for mechanism in mechanisms:
        ids = []
        for kind in rng.sample(types, 4):
            institution = Institution(
                mechanism=mechanism, institution_type=kind, name=f"{kind.name_en} {mechanism.code}"
            )
            db.session.add(institution)
            db.session.flush()
            ids.append(institution.id)
        institutions[mechanism.id] = ids
        meeting = Meeting(
            mechanism_id=mechanism.id,
            kind=MeetingKind.REGULAR,
            status=MeetingStatus.HELD,
            starts_at=datetime(YEAR, 3, 1, 9, tzinfo=UTC),
            place="Municipal hall",
            ics_uid=f"{uuid4()}@benchmark.test",
        )
        db.session.add(meeting)
        db.session.flush()
        meetings[mechanism.id] = meeting.id
    # A few large mechanisms and many small ones, as in life.
    weights = [40 if m.code == "PEJ" else rng.choice([1, 1, 2, 5, 20]) for m in mechanisms]
    cases = []
    for n in range(count):
        mechanism = rng.choices(mechanisms, weights)[0]
        cases.append(
            {
                "mechanism_id": mechanism.id,
                "code": f"{mechanism.code}-{YEAR}-{n + 1:05d}",
                "year": YEAR,
                "number": n + 1,
                "opened_on": date(YEAR, 1, 1),
                "age_band": rng.choice(list(AgeBand)),
                "gender": Gender.FEMALE,
                "perpetrator_relationship": rng.choice(list(Relationship)),
                "forms_of_violence": rng.sample(FORMS_OF_VIOLENCE, rng.randint(1, 3)),
                "risk_level": rng.choice(list(RiskLevel)),
                "children_age_bands": [],
                "vulnerabilities": [],
                "legal_basis": LegalBasis.LACKING_CAPACITY,
            }
        )
    db.session.execute(insert(Case), cases)
    rows = db.session.execute(select(Case.id, Case.mechanism_id)).all()
    discussions, links, incidents, actions = [], [], [], []
    for case_id, mechanism_id in rows:
        for _ in range(rng.randint(1, 3)):
            discussions.append(
                {
                    "case_id": case_id,
                    "meeting_id": meetings[mechanism_id],
                    "discussed_on": _day(rng),
                    "summary": "Synthetic discussion.",
                    "decisions": "",
                }
            )
        for institution_id in rng.sample(institutions[mechanism_id], rng.randint(1, 3)):
            links.append(
                {
                    "case_id": case_id,
                    "institution_id": institution_id,
                    "involved_on": date(YEAR, 1, 2),
                    "services_provided": rng.sample(SERVICES, rng.randint(0, 2)),
                    "services_needed": rng.sample(SERVICES, rng.randint(0, 2)),
                }
            )
        if rng.random() < 0.2:
            incidents.append({"case_id": case_id, "reported_on": _day(rng), "is_repeat": True})
        for _ in range(rng.randint(0, 2)):
            due = _day(rng)
            done = rng.random() < 0.6
            actions.append(
                {
                    "mechanism_id": mechanism_id,
                    "meeting_id": meetings[mechanism_id],
                    "title": "Synthetic follow-up",
                    "responsible_institution_id": institutions[mechanism_id][0],
                    "due_on": due,
                    "status": ActionStatus.DONE if done else ActionStatus.OPEN,
                    "completed_on": due + timedelta(days=rng.randint(-5, 5)) if done else None,
                    "case_id": case_id,
                }
            )
    for model, values in (
        (CaseDiscussion, discussions),
        (CaseInstitution, links),
        (CaseIncident, incidents),
        (Action, actions),
    ):
        if values:
            db.session.execute(insert(model), values)
    db.session.commit()
    return {
        "cases": len(rows),
        "discussions": len(discussions),
        "institutions involved": len(links),
        "repeat incidents": len(incidents),
        "follow-up actions": len(actions),
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        app = benchmark_app(folder)
        with app.app_context():
            start = time.perf_counter()
            filled = fill(count, random.Random(2026))
            print(
                f"filled in {time.perf_counter() - start:.1f} s: "
                + ", ".join(f"{v:,} {k}" for k, v in filled.items())
            )
            with app.test_request_context():
                peja = next(m for m in db.session.scalars(select(Mechanism)) if m.code == "PEJ")
                accounts.create_user(
                    "coordinator@benchmark.test",
                    Role.COORDINATOR,
                    mechanism=peja,
                    password=PASSWORD,
                )
                accounts.create_user("observer@benchmark.test", Role.OBSERVER, password=PASSWORD)
                db.session.commit()
            peja_cases = db.session.scalar(
                select(db.func.count()).select_from(Case).where(Case.mechanism_id == peja.id)
            )
        print(f"Peja holds {peja_cases:,} of them\n")
        print(f"{'page':48} {'median ms':>10} {'best ms':>8} {'queries':>8}")
        for email, urls in (
            ("coordinator@benchmark.test", [f"/m/PEJ/cases/statistics?year={YEAR}"]),
            (
                "observer@benchmark.test",
                [f"/statistics/?year={YEAR}", f"/statistics/?year={YEAR}&region=Peja"],
            ),
        ):
            browser = app.test_client()
            response = browser.post("/login", data={"email": email, "password": PASSWORD})
            assert response.status_code == 302, response.status_code
            with app.app_context():
                for url in urls:
                    median, best, queries = measure(browser, url, RUNS)
                    print(f"{url:48} {median:10.0f} {best:8.0f} {queries:8d}")


if __name__ == "__main__":
    main()
