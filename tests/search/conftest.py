"""A small synthetic world to search: one of each findable record in Peja, a case item the
index must never read, and a second mechanism (Ferizaj) whose records Peja never finds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from flask import Flask

from mcm.cases.models import (
    AgeBand,
    Case,
    CaseInstitution,
    Gender,
    LegalBasis,
    Relationship,
    RiskLevel,
)
from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import (
    Action,
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)
from mcm.plans.models import ActionPlan, PlanActivity, PlanObjective, Strategy


@dataclass
class World:
    meeting: int
    minutes_meeting: int
    public_action: int
    case_action: int
    activity_plan: int
    police: int
    csw: int
    known_case: int
    other_case: int
    fer_case: int
    fer_meeting: int


def _meeting(code: str, place: str, starts: datetime) -> Meeting:
    return Meeting(
        mechanism_id=mechanism_by_code(code).id,
        kind=MeetingKind.REGULAR,
        status=MeetingStatus.HELD,
        starts_at=starts,
        place=place,
        language="en",
        ics_uid=f"{uuid4()}@mcm.test",
    )


def _case(code: str, number: int) -> Case:
    return Case(
        mechanism_id=mechanism_by_code(code).id,
        code=f"{code}-2026-{number:03d}",
        year=2026,
        number=number,
        opened_on=date(2026, 1, 5),
        age_band=AgeBand.FROM_25,
        gender=Gender.FEMALE,
        perpetrator_relationship=Relationship.SPOUSE,
        forms_of_violence=["physical"],
        risk_level=RiskLevel.MEDIUM,
        legal_basis=LegalBasis.LACKING_CAPACITY,
    )


@pytest.fixture
def world(app: Flask, make_institution: Any) -> World:
    """Peja's records, each with a word only it holds; Ferizaj's, sharing Peja's words."""
    police = make_institution("PEJ", "police", "Stacioni i Policisë Zveçan")
    csw = make_institution("PEJ", "csw", "Qendra për Punë Sociale")
    with app.app_context():
        meeting = _meeting(
            "PEJ", "Salla e Kuvendit, Fushë Kosovë", datetime(2026, 3, 10, 9, tzinfo=UTC)
        )
        held = _meeting("PEJ", "Municipal hall", datetime(2026, 2, 10, 9, tzinfo=UTC))
        db.session.add_all([meeting, held])
        db.session.flush()
        db.session.add(
            AgendaItem(
                meeting_id=meeting.id,
                position=1,
                kind=AgendaItemKind.TOPIC,
                title="Strehimore dhe shërbimet",
            )
        )
        topic = AgendaItem(
            meeting_id=held.id, position=1, kind=AgendaItemKind.TOPIC, title="Training of judges"
        )
        cases_item = AgendaItem(
            meeting_id=held.id, position=2, kind=AgendaItemKind.CASES, title="Case discussions"
        )
        db.session.add_all([topic, cases_item])
        known, other = _case("PEJ", 901), _case("PEJ", 902)
        db.session.add_all([known, other])
        db.session.flush()
        minutes = Minutes(meeting_id=held.id, status=MinutesStatus.APPROVED)
        db.session.add(minutes)
        db.session.flush()
        version = MinutesVersion(
            minutes_id=minutes.id,
            number=1,
            content={
                str(topic.id): {"summary": "Trajnimi u mbajt në Čačak", "decisions": "Vazhdon"},
                str(cases_item.id): {"summary": "zebracrossing case notes", "decisions": ""},
            },
        )
        db.session.add(version)
        db.session.flush()
        minutes.current_version_id = version.id
        public_action = Action(
            mechanism_id=held.mechanism_id,
            meeting_id=held.id,
            agenda_item_id=topic.id,
            title="Organise training on digital violence",
            responsible_institution_id=police,
            due_on=date(2026, 6, 30),
        )
        case_action = Action(
            mechanism_id=held.mechanism_id,
            meeting_id=held.id,
            agenda_item_id=cases_item.id,
            title="Weekly giraffe monitoring visit",
            responsible_institution_id=csw,
            due_on=date(2026, 6, 30),
            case_id=known.id,
        )
        db.session.add_all([public_action, case_action])
        db.session.add(
            CaseInstitution(case_id=known.id, institution_id=police, involved_on=date(2026, 1, 6))
        )
        strategy = Strategy(
            code=f"S-{uuid4().hex[:6]}",
            name_sq="Strategjia",
            name_sr="Strategija",
            name_en="Strategy",
            starts_year=2022,
            ends_year=2026,
        )
        db.session.add(strategy)
        db.session.flush()
        plan = ActionPlan(
            mechanism_id=held.mechanism_id,
            strategy_id=strategy.id,
            title="Plani lokal",
            starts_year=2024,
            ends_year=2027,
        )
        db.session.add(plan)
        db.session.flush()
        objective = PlanObjective(plan_id=plan.id, code="1", position=1, title="Prevention")
        db.session.add(objective)
        db.session.flush()
        db.session.add(
            PlanActivity(
                plan_id=plan.id,
                objective_id=objective.id,
                code="1.1",
                position=1,
                title="Awareness sessions in Đakovica schools",
                indicator="Sessions held",
                baseline=Decimal(0),
                target=Decimal(10),
                unit="sessions",
                start_year=2025,
                start_quarter=1,
                end_year=2025,
                end_quarter=4,
            )
        )
        fer_meeting = _meeting(
            "FER", "Ferizaj hall near Fushë Kosovë", datetime(2026, 3, 11, 9, tzinfo=UTC)
        )
        fer_case = _case("FER", 903)
        db.session.add_all([fer_meeting, fer_case])
        db.session.commit()
        return World(
            meeting=meeting.id,
            minutes_meeting=held.id,
            public_action=public_action.id,
            case_action=case_action.id,
            activity_plan=plan.id,
            police=police,
            csw=csw,
            known_case=known.id,
            other_case=other.id,
            fer_case=fer_case.id,
            fer_meeting=fer_meeting.id,
        )


@pytest.fixture
def searching(client_factory: Any) -> Any:
    """A signed-in client's search: the page's HTML for a query."""

    def signed_in(user_id: int) -> Any:
        client = client_factory()
        client.login_user(user_id)

        def search(query: str) -> str:
            response = client.get("/search", query_string={"q": query})
            assert response.status_code == 200, response.status_code
            return response.get_data(as_text=True)

        return search

    return signed_in
