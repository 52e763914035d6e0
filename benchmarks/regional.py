"""Regional benchmark: every national and mechanism page with the region's mechanisms and ten
years of records, at 1x and 10x the number of mechanisms.

Builds a database with the migrations (a temporary SQLite file per scale, or, when
MCM_DATABASE_URL names PostgreSQL, a throwaway schema per scale in that database, dropped at the
end) and fills it with synthetic records: per mechanism about 15 institutions with their
representatives and MoU steps; per year 4-6 meetings with 10 agenda items, invitations,
attendance and minutes, about 20 actions and about 20 cases with discussions; two local action
plans aligned to a national strategy. Mechanisms beyond Kosovo's 38 get synthetic municipalities
in a synthetic country. Everything is codes and generic sentences: nobody real, nothing personal.

Then it requests every page round-robin, each signed in as a role that may see it, and prints
median and p95, SQL statements per request, bytes plain and gzipped, and each page's cost as a
multiple of /healthz in the same run; with two scales, each page's growth between them.

Run from the repository root:
  .venv/bin/python benchmarks/regional.py [--mechanisms 40] [--years 10] [--scales 1,10]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import create_engine, func, insert, select, text, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.harness import PASSWORD, Page, benchmark_app, time_pages  # noqa: E402
from mcm.accounts import services as accounts  # noqa: E402
from mcm.accounts.models import Role  # noqa: E402
from mcm.cases.models import (  # noqa: E402
    FORMS_OF_VIOLENCE,
    SERVICES,
    VULNERABILITIES,
    AgeBand,
    Case,
    CaseDiscussion,
    CaseInstitution,
    CaseStatus,
    Gender,
    LegalBasis,
    ProtectionOrder,
    Relationship,
    RiskLevel,
    Shelter,
)
from mcm.core import aggregates  # noqa: E402
from mcm.extensions import db  # noqa: E402
from mcm.mechanisms.models import (  # noqa: E402
    Institution,
    Mechanism,
    MechanismStatus,
    MechanismStatusChange,
    MouEvent,
    MouStatus,
    Representative,
)
from mcm.meetings.models import (  # noqa: E402
    Action,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    Presence,
    Reply,
)
from mcm.plans.models import (  # noqa: E402
    ActionPlan,
    ActivityAlignment,
    IndicatorValue,
    ObjectiveLevel,
    PlanActivity,
    PlanObjective,
    PlanStatus,
    Strategy,
    StrategyObjective,
)
from mcm.reference.models import Country, InstitutionType, Municipality, Region  # noqa: E402

SEED = 2026
K = AgendaItemKind
AGENDA = (
    [(K.CONFIDENTIALITY, "Confidentiality statement"), (K.PREVIOUS_MINUTES, "Previous minutes")]
    + [(K.FOLLOW_UP, "Follow-up of open actions")]
    + [(K.TOPIC, f"Coordination topic {n}") for n in range(1, 6)]
    + [(K.CASES, "Case discussions"), (K.OTHER_BUSINESS, "Any other business")]
)
SENTENCES = (
    "The institutions reviewed the referral pathway and agreed on the next steps.",
    "The coordinator presented the quarterly figures and the members discussed them.",
    "The members agreed to share the updated contact list of focal points.",
    "The working group reported progress on the awareness campaign in schools.",
    "The police station and the centre for social work aligned their follow-up visits.",
    "The shelter reported its capacity for the coming months.",
)
DECISIONS = (
    "Agreed: the coordinator circulates the revised pathway before the next meeting.",
    "Agreed: each institution names a focal point for the campaign.",
    "No decision needed.",
)


class Ids:
    """Primary keys handed out by the generator, so that rows can point at each other before they
    are inserted; PostgreSQL's sequences are moved past them at the end."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def start(self, model: Any) -> None:
        table = model.__table__
        self.next[table.name] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1

    def take(self, model: Any) -> int:
        name = model.__table__.name
        value = self.next[name]
        self.next[name] = value + 1
        return value


@dataclass
class Generated:
    """What the pages are timed on: one mechanism's code, one meeting and one plan of it."""

    code: str
    mechanism_id: int
    meeting_id: int
    plan_id: int
    rows: int
    seconds: float


class Filler:
    """Synthetic regional data, inserted in bulk one mechanism at a time."""

    def __init__(self, mechanisms: int, years: int, rng: random.Random) -> None:
        self.count = mechanisms
        self.rng = rng
        self.today = datetime.now(UTC).date()
        self.years = list(range(self.today.year - years + 1, self.today.year + 1))
        self.ids = Ids()
        self.rows = 0
        self.types = db.session.scalars(select(InstitutionType).order_by(InstitutionType.id)).all()
        for model in MODELS:
            self.ids.start(model)

    def insert(self, model: Any, rows: list[dict[str, Any]]) -> None:
        """One executemany per table and mechanism."""
        if rows:
            db.session.execute(insert(model), rows)
            self.rows += len(rows)

    # -- reference data ---------------------------------------------------------------------------

    def mechanisms(self) -> list[tuple[int, str]]:
        """The first `count` mechanisms, made up in a synthetic country beyond Kosovo's."""
        existing = db.session.execute(
            select(Mechanism.id, Municipality.code)
            .join(Municipality, Municipality.id == Mechanism.municipality_id)
            .order_by(Mechanism.id)
        ).all()
        missing = self.count - len(existing)
        if missing > 0:
            country = Country(
                code="ZZ", name_sq="Synthetic", name_sr="Synthetic", name_en="Synthetic country"
            )
            db.session.add(country)
            db.session.flush()
            regions = []
            for n in range(math.ceil(missing / 25)):
                name = f"Synthetic region {n + 1:02d}"
                region = Region(
                    country_id=country.id, code=f"ZR{n + 1:02d}", name_sq=name, name_sr=name,
                    name_en=name,
                )  # fmt: skip
                db.session.add(region)
                regions.append(region)
            db.session.flush()
            municipalities, mechanisms = [], []
            for n in range(missing):
                municipality_id = self.ids.take(Municipality)
                name = f"Synthetic municipality {n + 1:03d}"
                municipalities.append(
                    {
                        "id": municipality_id, "code": f"Z{n + 1:03d}",
                        "region_id": regions[n // 25].id,
                        "name_sq": name, "name_sr": name, "name_en": name,
                    }
                )  # fmt: skip
                mechanisms.append(
                    {
                        "id": self.ids.take(Mechanism),
                        "municipality_id": municipality_id,
                        "status": MechanismStatus.NOT_ESTABLISHED,
                    }
                )
            self.insert(Municipality, municipalities)
            self.insert(Mechanism, mechanisms)
            existing = db.session.execute(
                select(Mechanism.id, Municipality.code)
                .join(Municipality, Municipality.id == Mechanism.municipality_id)
                .order_by(Mechanism.id)
            ).all()
        return [(row[0], row[1]) for row in existing[: self.count]]

    def strategy(self) -> tuple[int, list[int]]:
        """A national strategy of 4 pillars, 12 strategic and 24 specific objectives."""
        strategy = Strategy(
            code="BENCH", name_sq="Strategy", name_sr="Strategy", name_en="Synthetic strategy",
            starts_year=self.years[0], ends_year=self.years[-1],
        )  # fmt: skip
        db.session.add(strategy)
        db.session.flush()
        specifics: list[int] = []
        rows = []

        def objective(parent: int | None, level: ObjectiveLevel, code: str) -> int:
            row_id = self.ids.take(StrategyObjective)
            words = f"National objective {code}"
            rows.append(
                {
                    "id": row_id, "strategy_id": strategy.id, "parent_id": parent,
                    "level": level, "code": code, "position": int(code.split(".")[-1]),
                    "text_sq": words, "text_sr": words, "text_en": words,
                }
            )  # fmt: skip
            return row_id

        for p in range(1, 5):
            pillar = objective(None, ObjectiveLevel.PILLAR, f"{p}")
            for s in range(1, 4):
                strategic = objective(pillar, ObjectiveLevel.STRATEGIC, f"{p}.{s}")
                for c in range(1, 3):
                    specifics.append(objective(strategic, ObjectiveLevel.SPECIFIC, f"{p}.{s}.{c}"))
        self.insert(StrategyObjective, rows)
        return strategy.id, specifics

    # -- one mechanism ----------------------------------------------------------------------------

    def mechanism(self, mechanism_id: int, code: str, strategy: tuple[int, list[int]]) -> int:
        """Ten years of one mechanism's records; returns the id of its latest plan."""
        founded = date(self.years[0] - 1, 3, 1)
        db.session.execute(
            update(Mechanism)
            .where(Mechanism.id == mechanism_id)
            .values(status=MechanismStatus.ACTIVE, founded_on=founded)
        )
        self.insert(
            MechanismStatusChange,
            [
                {"mechanism_id": mechanism_id, "status": status, "effective_on": day, "note": ""}
                for status, day in (
                    (MechanismStatus.ESTABLISHED, founded),
                    (MechanismStatus.ACTIVE, founded + timedelta(days=90)),
                )
            ],
        )
        institutions = self.institutions(mechanism_id, code, founded)
        activities = self.plans(mechanism_id, code, strategy)
        meetings = self.meetings(mechanism_id, code, institutions, activities)
        self.cases(mechanism_id, code, institutions, meetings)
        return activities[-1][0]

    def institutions(self, mechanism_id: int, code: str, founded: date) -> list[int]:
        rng = self.rng
        kinds = [*self.types, self.types[-1]][:15]
        institutions, representatives, mous = [], [], []
        for n, kind in enumerate(kinds):
            institution_id = self.ids.take(Institution)
            institutions.append(
                {
                    "id": institution_id, "mechanism_id": mechanism_id,
                    "institution_type_id": kind.id, "name": f"{kind.name_en} {code}-{n + 1:02d}",
                    "joined_on": founded,
                }
            )  # fmt: skip
            handover = founded + timedelta(days=rng.randrange(180, 365 * (len(self.years) + 1)))
            for k, (start, end) in enumerate(((founded, handover), (handover, None)), start=1):
                representatives.append(
                    {
                        "institution_id": institution_id,
                        "name": f"Representative {code}-{n:02d}-{k}",
                        "position": "Focal point", "from_date": start, "to_date": end,
                        "commitment_signed_on": start, "confidentiality_signed_on": start,
                    }
                )  # fmt: skip
            steps = [
                (MouStatus.INVITED, founded - timedelta(days=60)),
                (MouStatus.AGREED_IN_PRINCIPLE, founded - timedelta(days=30)),
                (MouStatus.SIGNED, founded),
            ]
            if rng.random() < 0.2:
                steps.append((MouStatus.RENEWAL_DUE, founded + timedelta(days=365 * 5)))
            for status, day in steps:
                mous.append(
                    {
                        "institution_id": institution_id, "status": status, "effective_on": day,
                        "signatory": "Head of office" if status is MouStatus.SIGNED else "",
                        "note": "",
                    }
                )  # fmt: skip
        self.insert(Institution, institutions)
        self.insert(Representative, representatives)
        self.insert(MouEvent, mous)
        return [row["id"] for row in institutions]

    def plans(
        self, mechanism_id: int, code: str, strategy: tuple[int, list[int]]
    ) -> list[tuple[int, int, int, list[int]]]:
        """Five-year plans of 4 objectives x 5 activities; (plan, first, last year, activities)."""
        rng = self.rng
        strategy_id, specifics = strategy
        plans, objectives, activities, alignments, values = [], [], [], [], []
        made = []
        spans = [self.years[n : n + 5] for n in range(0, len(self.years), 5)]
        for span in spans:
            plan_id = self.ids.take(ActionPlan)
            plans.append(
                {
                    "id": plan_id, "mechanism_id": mechanism_id, "strategy_id": strategy_id,
                    "title": f"Local action plan {code} {span[0]}-{span[-1]}",
                    "starts_year": span[0], "ends_year": span[-1], "status": PlanStatus.ADOPTED,
                    "adopted_on": date(span[0], 2, 1),
                }
            )  # fmt: skip
            activity_ids = []
            for o in range(1, 5):
                objective_id = self.ids.take(PlanObjective)
                objectives.append(
                    {"id": objective_id, "plan_id": plan_id, "code": str(o), "position": o,
                     "title": f"Local objective {o}"}
                )  # fmt: skip
                for a in range(1, 6):
                    activity_id = self.ids.take(PlanActivity)
                    activity_ids.append(activity_id)
                    target = Decimal(rng.choice([10, 20, 50])) if rng.random() < 0.7 else None
                    activities.append(
                        {
                            "id": activity_id, "plan_id": plan_id, "objective_id": objective_id,
                            "code": f"{o}.{a}", "position": a, "title": f"Activity {o}.{a}",
                            "indicator": "Sessions held", "baseline": Decimal(0),
                            "target": target, "start_year": span[0], "start_quarter": 1,
                            "end_year": rng.choice(span), "end_quarter": rng.randint(1, 4),
                        }
                    )  # fmt: skip
                    for objective in rng.sample(specifics, rng.randint(1, 2)):
                        alignments.append({"activity_id": activity_id, "objective_id": objective})
                    if target is not None:
                        for _ in range(rng.randint(0, 4)):
                            values.append(
                                {
                                    "activity_id": activity_id,
                                    "value": Decimal(rng.randint(0, 60)),
                                    "reported_on": date(rng.choice(span), rng.randint(1, 12), 1),
                                    "source": "Municipal records",
                                }
                            )
            made.append((plan_id, span[0], span[-1], activity_ids))
        self.insert(ActionPlan, plans)
        self.insert(PlanObjective, objectives)
        self.insert(PlanActivity, activities)
        self.insert(ActivityAlignment, alignments)
        self.insert(IndicatorValue, values)
        return made

    def meetings(
        self,
        mechanism_id: int,
        code: str,
        institutions: list[int],
        plans: list[tuple[int, int, int, list[int]]],
    ) -> dict[int, list[tuple[int, date, int]]]:
        """4-6 meetings a year with agenda, invitations, attendance, minutes and ~20 actions;
        returns per year the held meetings as (meeting id, day, case agenda item id)."""
        rng = self.rng
        meetings, items, invitations, attendances, minutes, versions, actions = (
            [], [], [], [], [], [], [],
        )  # fmt: skip
        held: dict[int, list[tuple[int, date, int]]] = {}
        previous_minutes: dict[str, Any] | None = None
        names = {institution: f"Representative {code}-{n:02d}" for n, institution in
                 enumerate(institutions)}  # fmt: skip
        for year in self.years:
            days = [
                date(year, 3 * q + 1, 1) + timedelta(days=rng.randrange(10, 80)) for q in range(4)
            ]
            kinds = [MeetingKind.REGULAR] * 4
            for _ in range(rng.randint(0, 2)):
                days.append(date(year, 1, 1) + timedelta(days=rng.randrange(360)))
                kinds.append(MeetingKind.AD_HOC)
            plan = next(p for p in plans if p[1] <= year <= p[2])
            for day, kind in sorted(zip(days, kinds, strict=True)):
                meeting_id = self.ids.take(Meeting)
                is_held = day < self.today
                starts = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
                meetings.append(
                    {
                        "id": meeting_id, "mechanism_id": mechanism_id, "kind": kind,
                        "status": MeetingStatus.HELD if is_held else MeetingStatus.INVITED,
                        "starts_at": starts, "ends_at": starts + timedelta(hours=2),
                        "place": "Municipal meeting room", "language": "en",
                        "ics_uid": f"{UUID(int=rng.getrandbits(128))}@benchmark.test",
                    }
                )  # fmt: skip
                agenda = []
                for position, (item_kind, title) in enumerate(AGENDA, start=1):
                    item_id = self.ids.take(AgendaItem)
                    agenda.append(item_id)
                    items.append(
                        {
                            "id": item_id, "meeting_id": meeting_id, "position": position,
                            "kind": item_kind, "title": title, "duration_minutes": 15,
                            "presenter_institution_id": rng.choice(institutions)
                            if item_kind is K.TOPIC else None,
                        }
                    )  # fmt: skip
                for institution_id in institutions:
                    reply = rng.choice([Reply.ATTENDING] * 5 + [Reply.NOT_ATTENDING])
                    invitations.append(
                        {
                            "meeting_id": meeting_id, "institution_id": institution_id,
                            "sent_at": starts - timedelta(days=14), "reply": reply,
                            "replied_at": starts - timedelta(days=rng.randint(2, 13)),
                        }
                    )  # fmt: skip
                    if is_held:
                        presence = (
                            Presence.PRESENT if reply is Reply.ATTENDING
                            else rng.choice([Presence.ABSENT, Presence.EXCUSED])
                        )  # fmt: skip
                        attendances.append(
                            {
                                "meeting_id": meeting_id, "institution_id": institution_id,
                                "presence": presence, "represented_by": names[institution_id]
                                if presence is Presence.PRESENT else "",
                            }
                        )  # fmt: skip
                if not is_held:
                    continue
                held.setdefault(year, []).append((meeting_id, day, agenda[8]))
                minutes_id = self.ids.take(Minutes)
                version_id = self.ids.take(MinutesVersion)
                if previous_minutes is not None:  # approved at this meeting
                    previous_minutes["status"] = MinutesStatus.APPROVED
                    previous_minutes["approved_at"] = starts
                    previous_minutes["approved_at_meeting_id"] = meeting_id
                previous_minutes = {
                    "id": minutes_id, "meeting_id": meeting_id, "status": MinutesStatus.CIRCULATED,
                    "current_version_id": None, "circulated_at": starts + timedelta(days=2),
                    "review_until": day + timedelta(days=16), "approved_at": None,
                    "approved_at_meeting_id": None,
                }  # fmt: skip
                minutes.append(previous_minutes)
                versions.append(
                    {
                        "id": version_id, "minutes_id": minutes_id, "number": 1,
                        "content": {
                            str(item): {
                                "summary": rng.choice(SENTENCES), "decisions": rng.choice(DECISIONS)
                            }
                            for item in agenda
                        },
                        "created_at": starts + timedelta(days=1),
                    }
                )  # fmt: skip
            year_meetings = held.get(year, [])
            for _ in range(20 if year_meetings else 0):
                meeting_id, day, _cases_item = rng.choice(year_meetings)
                due = day + timedelta(days=rng.randint(20, 60))
                done = due < self.today and rng.random() < 0.7
                actions.append(
                    {
                        "mechanism_id": mechanism_id, "meeting_id": meeting_id,
                        "title": "Share the updated referral contacts with every member",
                        "responsible_institution_id": rng.choice(institutions), "due_on": due,
                        "status": ActionStatus.DONE if done else rng.choice(
                            [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DROPPED]),
                        "completed_on": due - timedelta(days=rng.randint(0, 10)) if done else None,
                        "lap_activity_id": rng.choice(plan[3]) if rng.random() < 0.5 else None,
                    }
                )  # fmt: skip
        self.insert(Meeting, meetings)
        self.insert(AgendaItem, items)
        self.insert(Invitation, invitations)
        self.insert(Attendance, attendances)
        self.insert(Minutes, minutes)
        self.insert(MinutesVersion, versions)
        self.insert(Action, actions)
        return held

    def cases(
        self,
        mechanism_id: int,
        code: str,
        institutions: list[int],
        held: dict[int, list[tuple[int, date, int]]],
    ) -> None:
        """About 20 cases a year, each discussed at 1-3 of that year's meetings."""
        rng = self.rng
        cases, discussions, involved = [], [], []
        for year, meetings in held.items():
            for number in range(1, rng.randint(16, 24) + 1):
                case_id = self.ids.take(Case)
                first = rng.randrange(len(meetings))
                opened = meetings[first][1]
                closed = year < self.today.year - 1 and rng.random() < 0.8
                cases.append(
                    {
                        "id": case_id, "mechanism_id": mechanism_id,
                        "code": f"{code}-{year}-{number:03d}", "year": year, "number": number,
                        "age_band": rng.choice(list(AgeBand)),
                        "gender": rng.choice([Gender.FEMALE] * 9 + [Gender.MALE]),
                        "perpetrator_relationship": rng.choice(list(Relationship)),
                        "forms_of_violence": rng.sample(FORMS_OF_VIOLENCE, rng.randint(1, 3)),
                        "risk_level": rng.choice(list(RiskLevel)),
                        "children_count": rng.randint(0, 3), "children_age_bands": [],
                        "vulnerabilities": rng.sample(VULNERABILITIES, rng.randint(0, 2)),
                        "protection_order": rng.choice(list(ProtectionOrder)),
                        "shelter": rng.choice(list(Shelter)),
                        "legal_basis": LegalBasis.CONSENT, "consent_on": opened,
                        "consent_institution_id": institutions[6],
                        "status": CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                        "closed_on": date(year, 12, 31) if closed else None,
                        "opened_on": opened,
                    }
                )  # fmt: skip
                for meeting_id, day, cases_item in meetings[first : first + rng.randint(1, 3)]:
                    discussions.append(
                        {
                            "case_id": case_id, "meeting_id": meeting_id,
                            "agenda_item_id": cases_item, "discussed_on": day,
                            "summary": "The institutions reviewed the safety plan.",
                            "decisions": "Agreed: weekly monitoring visits continue.",
                        }
                    )  # fmt: skip
                for institution_id in rng.sample(institutions, rng.randint(2, 3)):
                    involved.append(
                        {
                            "case_id": case_id, "institution_id": institution_id,
                            "involved_on": opened,
                            "services_provided": rng.sample(SERVICES, rng.randint(0, 2)),
                            "services_needed": rng.sample(SERVICES, rng.randint(0, 2)),
                        }
                    )  # fmt: skip
        self.insert(Case, cases)
        self.insert(CaseDiscussion, discussions)
        self.insert(CaseInstitution, involved)

    def finish(self) -> None:
        """Point each minutes at its version; move PostgreSQL's sequences past the given ids."""
        db.session.execute(
            update(Minutes)
            .where(Minutes.current_version_id.is_(None))
            .values(
                current_version_id=select(MinutesVersion.id)
                .where(MinutesVersion.minutes_id == Minutes.id, MinutesVersion.number == 1)
                .scalar_subquery()
            )
        )
        if db.engine.dialect.name == "postgresql":
            for name in self.ids.next:
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                    )
                )


# The tables whose ids the generator hands out itself.
MODELS = (
    Municipality, Mechanism, StrategyObjective, Institution, ActionPlan, PlanObjective,
    PlanActivity, Meeting, AgendaItem, Minutes, MinutesVersion, Case,
)  # fmt: skip


def generate(mechanisms: int, years: int) -> Generated:
    """Fill the app's database; the first mechanism is the one whose pages are timed."""
    start = time.perf_counter()
    filler = Filler(mechanisms, years, random.Random(SEED))
    chosen = filler.mechanisms()
    strategy = filler.strategy()
    for n, (mechanism_id, code) in enumerate(chosen):
        filler.mechanism(mechanism_id, code, strategy)
        if n % 20 == 19:
            db.session.commit()  # keeps the transaction, and the session, small
    filler.finish()
    aggregates.rebuild_all(db.session)  # the bulk inserts passed no flush: count them once
    db.session.commit()
    return timed_records(filler.rows, time.perf_counter() - start)


def timed_records(rows: int, seconds: float) -> Generated:
    """The first mechanism, its latest meeting with approved minutes and its latest plan."""
    mechanism_id, code = db.session.execute(
        select(Mechanism.id, Municipality.code)
        .join(Municipality, Municipality.id == Mechanism.municipality_id)
        .order_by(Mechanism.id)
        .limit(1)
    ).one()
    meeting_id = db.session.scalar(
        select(Minutes.meeting_id)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Meeting.mechanism_id == mechanism_id, Minutes.status == MinutesStatus.APPROVED)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    plan_id = db.session.scalar(
        select(func.max(ActionPlan.id)).where(ActionPlan.mechanism_id == mechanism_id)
    )
    return Generated(code, mechanism_id, meeting_id, plan_id, rows, seconds)


def signed_in(app: Flask, email: str) -> Any:
    """A test client signed in as `email`."""
    browser = app.test_client()
    response = browser.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, (email, response.status_code)
    return browser


def pages(app: Flask, data: Generated) -> list[Page]:
    """Every page of the national views (as an observer) and of one mechanism's (as its
    coordinator), and /healthz."""
    with app.app_context(), app.test_request_context():
        mechanism = db.session.get(Mechanism, data.mechanism_id)
        if accounts.find_user("observer@benchmark.test") is None:  # not in a kept database
            accounts.create_user("observer@benchmark.test", Role.OBSERVER, password=PASSWORD)
            accounts.create_user(
                "coordinator@benchmark.test",
                Role.COORDINATOR,
                mechanism=mechanism,
                password=PASSWORD,
            )
            db.session.commit()
    observer = signed_in(app, "observer@benchmark.test")
    coordinator = signed_in(app, "coordinator@benchmark.test")
    m = f"/m/{data.code}"
    year = datetime.now(UTC).year
    national = [
        ("national overview", "/overview/"),
        ("compliance", "/compliance/"),
        ("statistics (national)", f"/statistics/?year={year}"),
        ("action-plan matrix", "/plans/matrix"),
        ("overview export CSV", "/overview/export.csv"),
        ("overview export XLSX", "/overview/export.xlsx"),
        ("matrix export CSV", "/plans/matrix.csv"),
        ("matrix export XLSX", "/plans/matrix.xlsx"),
    ]
    mechanism_pages = [
        ("mechanism home", f"{m}/"),
        ("meetings list", f"{m}/meetings/"),
        ("meeting page", f"{m}/meetings/{data.meeting_id}"),
        ("minutes page", f"{m}/meetings/{data.meeting_id}/minutes"),
        ("case register", f"{m}/cases/"),
        ("plan", f"{m}/plans/{data.plan_id}"),
    ]
    return (
        [Page("/healthz", app.test_client(), "/healthz")]
        + [Page(label, observer, url) for label, url in national]
        + [Page(label, coordinator, url) for label, url in mechanism_pages]
    )


@contextmanager
def database(
    url: str | None, mechanisms: int, years: int, keep: str | None = None
) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """A database for one scale: a temporary SQLite file, or a PostgreSQL schema; with `keep`,
    a SQLite file in that folder (or a schema) that is kept for the next run."""
    name = f"regional_{mechanisms}x{years}"
    if url is None or make_url(url).get_backend_name() == "sqlite":
        if keep:
            yield (f"sqlite:///{Path(keep).resolve()}/{name}.sqlite3", {})
            return
        with tempfile.TemporaryDirectory() as folder:
            yield (f"sqlite:///{folder}/regional.sqlite3", {})
        return
    schema = name if keep else f"regional_{mechanisms}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not keep:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    try:
        yield url, {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with admin.connect() as connection:
            if not keep:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def run(
    url: str | None,
    mechanisms: int,
    years: int,
    warmup: int,
    rounds: int,
    keep: str | None = None,
    only: str = "",
) -> list[Page]:
    """Generate one scale (or reuse the kept one: migrated, then served) and time its pages
    (those whose label starts with one of `only`'s comma-separated words, when given; /healthz
    always)."""
    with (
        tempfile.TemporaryDirectory() as folder,
        database(url, mechanisms, years, keep) as (where, options),
    ):
        app = benchmark_app(folder, where, options)
        with app.app_context():
            kept = db.session.scalar(select(func.count()).select_from(Case)) > 0
            data = timed_records(0, 0.0) if kept else generate(mechanisms, years)
            engine = db.engine
            backend = engine.dialect.name
            if backend == "postgresql":  # proof that the throwaway schema, not public, was filled
                backend += f" (schema {db.session.scalar(text('SELECT current_schema()'))})"
            made = "kept from an earlier run" if kept else (
                f"{data.rows:,} rows generated in {data.seconds:.1f} s"
            )  # fmt: skip
            print(f"\n{mechanisms} mechanisms x {years} years on {backend}: {made}")
        timed = pages(app, data)
        if only:
            chosen = tuple(word.strip() for word in only.split(","))
            timed = [p for p in timed if p.label == "/healthz" or p.label.startswith(chosen)]
        time_pages(timed, engine, warmup, rounds)
        engine.dispose()
        report(timed)
        return timed


def report(timed: list[Page]) -> None:
    """One line per page; its cost as a multiple of /healthz's, at the median and at p95."""
    health = timed[0]
    print(
        f"{'page':24} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'bytes':>9} {'gzip':>7}"
        f" {'x healthz med':>13} {'p95':>5}"
    )
    for page in timed:
        queries = sorted(set(page.queries))
        shown = str(queries[0]) if len(queries) == 1 else f"{queries[0]}-{queries[-1]}"
        print(
            f"{page.label:24} {page.median:9.1f} {page.p95:7.1f} {shown:>7} {page.size:9,}"
            f" {page.gzipped:7,} {page.median / health.median:13.1f} {page.p95 / health.p95:5.1f}"
        )
    # A signed-in session's last-seen time is written once a minute: those requests carry extra
    # statements and a commit, and are shown apart so that they can be told from the page's cost.
    for page in timed:
        usual = min(page.queries)
        extra = sorted(t for t, q in zip(page.times, page.queries, strict=True) if q > usual)
        if extra:
            print(
                f"  {page.label}: {len(extra)} request(s) with more than {usual} statements,"
                f" median {extra[len(extra) // 2]:.1f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mechanisms", type=int, default=40)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--scales", default="1,10", help="multiples of --mechanisms, e.g. 1,10")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--only", default="", help="pages whose label starts so, e.g. mechanism")
    parser.add_argument(
        "--keep",
        metavar="FOLDER",
        help="keep each scale's database (SQLite: a file in FOLDER; PostgreSQL: a schema) and "
        "reuse it when it is there: generated once, migrated and timed on every run",
    )
    args = parser.parse_args()
    url = os.environ.get("MCM_DATABASE_URL") or None
    results = []
    for scale in (int(s) for s in args.scales.split(",")):
        count = args.mechanisms * scale
        results.append(
            (count, run(url, count, args.years, args.warmup, args.rounds, args.keep, args.only))
        )
    if len(results) > 1:
        (small, first), (large, last) = results[0], results[-1]
        print(f"\ngrowth from {small} to {large} mechanisms (p95; queries)")
        for before, after in zip(first, last, strict=True):
            print(
                f"{before.label:24} x{after.p95 / before.p95:6.2f}"
                f"   {max(before.queries)} -> {max(after.queries)}"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
