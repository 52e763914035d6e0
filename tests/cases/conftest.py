"""Case factories with sensible defaults: a case, a meeting whose case item may open, a
discussion, an institution involved; all synthetic."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from flask import Flask

from mcm.cases.models import (
    AgeBand,
    Case,
    CaseDiscussion,
    CaseInstitution,
    Gender,
    LegalBasis,
    Relationship,
    RiskLevel,
)
from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    ConfidentialityAcknowledgement,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Presence,
)

_numbers = itertools.count(900)


@pytest.fixture
def make_case(app: Flask) -> Any:
    """Create a case directly and return its id; any column can be overridden."""

    def make(mechanism_code: str = "PEJ", **overrides: Any) -> int:
        with app.app_context():
            mechanism = mechanism_by_code(mechanism_code)
            number = overrides.pop("number", next(_numbers))
            opened_on = overrides.pop("opened_on", date.today() - timedelta(days=30))
            values: dict[str, Any] = {
                "mechanism_id": mechanism.id,
                "code": f"{mechanism_code}-{opened_on.year}-{number:03d}",
                "year": opened_on.year,
                "number": number,
                "opened_on": opened_on,
                "age_band": AgeBand.FROM_25,
                "gender": Gender.FEMALE,
                "perpetrator_relationship": Relationship.SPOUSE,
                "forms_of_violence": ["physical", "psychological"],
                "risk_level": RiskLevel.MEDIUM,
                "legal_basis": LegalBasis.CHILD_VICTIM
                if overrides.get("age_band") is AgeBand.UNDER_18
                else LegalBasis.LACKING_CAPACITY,
            }
            values.update(overrides)
            case = Case(**values)
            db.session.add(case)
            db.session.commit()
            return case.id

    return make


@pytest.fixture
def involve(app: Flask) -> Any:
    """Involve an institution in a case (need to know)."""

    def make(case_id: int, institution_id: int, **overrides: Any) -> int:
        with app.app_context():
            link = CaseInstitution(
                case_id=case_id,
                institution_id=institution_id,
                involved_on=overrides.pop("involved_on", date.today()),
                **overrides,
            )
            db.session.add(link)
            db.session.commit()
            return link.id

    return make


@pytest.fixture
def case_meeting(app: Flask) -> Any:
    """A held meeting with a "cases" agenda item; with acknowledged=True every present attendee
    acknowledged confidentiality. Returns (meeting id, agenda item id)."""

    def make(
        mechanism_code: str = "PEJ",
        institution_ids: tuple[int, ...] = (),
        acknowledged: bool = True,
        starts_at: datetime | None = None,
    ) -> tuple[int, int]:
        with app.app_context():
            starts_at = starts_at or datetime.now(UTC).replace(
                hour=9, minute=0, second=0, microsecond=0
            )
            meeting = Meeting(
                mechanism_id=mechanism_by_code(mechanism_code).id,
                kind=MeetingKind.REGULAR,
                status=MeetingStatus.HELD,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                place="Municipal hall",
                ics_uid=f"{uuid4()}@mcm.test",
            )
            db.session.add(meeting)
            db.session.flush()
            item = AgendaItem(
                meeting_id=meeting.id, position=3, kind=AgendaItemKind.CASES, title="Cases"
            )
            db.session.add(item)
            for n, institution_id in enumerate(institution_ids):
                db.session.add(
                    Attendance(
                        meeting_id=meeting.id,
                        institution_id=institution_id,
                        presence=Presence.PRESENT,
                    )
                )
                if acknowledged:
                    db.session.add(
                        ConfidentialityAcknowledgement(
                            meeting_id=meeting.id,
                            institution_id=institution_id,
                            attendee_name=f"Attendee {n}",
                        )
                    )
            db.session.commit()
            return meeting.id, item.id

    return make


@pytest.fixture
def discuss(app: Flask) -> Any:
    """Record a discussion of a case at a meeting directly."""

    def make(case_id: int, meeting_id: int, item_id: int | None = None, **overrides: Any) -> int:
        with app.app_context():
            discussion = CaseDiscussion(
                case_id=case_id,
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                discussed_on=overrides.pop("discussed_on", date.today()),
                summary=overrides.pop("summary", "The CSW reported on the safety plan."),
                decisions=overrides.pop("decisions", "Police to check in weekly."),
                **overrides,
            )
            db.session.add(discussion)
            db.session.commit()
            return discussion.id

    return make


@pytest.fixture
def make_discussed_cases(app: Flask) -> Any:
    """Create `count` cases of a mechanism, each discussed on every date given, at one held
    meeting, in a single commit (for statistics); facts override the case's columns. Returns
    the new cases' ids."""

    def make(
        mechanism_code: str = "PEJ",
        count: int = 1,
        discussed_on: tuple[date, ...] = (date(2026, 2, 10),),
        **facts: Any,
    ) -> list[int]:
        with app.app_context():
            mechanism = mechanism_by_code(mechanism_code)
            first = discussed_on[0]
            meeting = Meeting(
                mechanism_id=mechanism.id,
                kind=MeetingKind.REGULAR,
                status=MeetingStatus.HELD,
                starts_at=datetime(first.year, first.month, first.day, 9, tzinfo=UTC),
                place="Municipal hall",
                ics_uid=f"{uuid4()}@mcm.test",
            )
            db.session.add(meeting)
            cases = []
            for _ in range(count):
                number = next(_numbers)
                values: dict[str, Any] = {
                    "mechanism_id": mechanism.id,
                    "code": f"{mechanism_code}-{first.year}-{number:03d}",
                    "year": first.year,
                    "number": number,
                    "opened_on": first,
                    "age_band": AgeBand.FROM_25,
                    "gender": Gender.FEMALE,
                    "perpetrator_relationship": Relationship.SPOUSE,
                    "forms_of_violence": ["physical"],
                    "risk_level": RiskLevel.MEDIUM,
                    "legal_basis": LegalBasis.LACKING_CAPACITY,
                }
                cases.append(Case(**(values | facts)))
            db.session.add_all(cases)
            db.session.flush()
            for case in cases:
                for day in discussed_on:
                    db.session.add(
                        CaseDiscussion(
                            case_id=case.id,
                            meeting_id=meeting.id,
                            discussed_on=day,
                            summary="The CSW reported on the safety plan.",
                            decisions="Police to check in weekly.",
                        )
                    )
            db.session.commit()
            return [case.id for case in cases]

    return make
