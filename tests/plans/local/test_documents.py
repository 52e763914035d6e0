"""Word documents of action plans: the LAP and the annual progress report, read back with
python-docx, and converted to PDF by headless LibreOffice Writer as their readers would."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import docx
import pytest
from sqlalchemy import select

from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Presence,
)
from mcm.plans.models import ActionPlan, ActionPlanVersion, ActivitySupport, FundingSource
from tests.cases.conftest import make_discussed_cases  # noqa: F401 - a fixture used here

SOFFICE_PATHS = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
YEAR = 2025


class Scene:
    plan: int
    url: str
    coordinator: int
    member: int
    police: int
    csw: int


@pytest.fixture
def scene(
    app,
    make_user,
    make_institution,
    make_strategy,
    make_plan,
    make_objective,
    make_activity,
    make_value,
) -> Scene:
    """An adopted LAP of Peja (aligned to the template strategy) with two objectives and three
    activities, and a year of meetings, attendance and actions."""
    s = Scene()
    s.police = make_institution("PEJ", "police", "Police Station Peja (test)")
    s.csw = make_institution("PEJ", "csw", "Centre for Social Work Peja (test)")
    s.coordinator = make_user("coordinator", "PEJ")
    s.member = make_user("member", "PEJ", institution_id=s.police)
    strategy, national = make_strategy(is_template=True, name_en="National strategy (template)")
    s.plan, prevention = make_plan(
        strategy_id=strategy,
        title="Peja local action plan 2024-2027",
        adopted_on=date(2024, 3, 15),
        decision_reference="Decision 01-016/24",
    )
    protection = make_objective(s.plan, "Protection and support")
    sessions = make_activity(
        s.plan,
        prevention,
        aligned_to=(national["1.1.1"],),
        code="1.1",
        title="Awareness sessions in schools",
        responsible_institution_id=s.police,
        budget_eur=Decimal("2500"),
        funding_source=FundingSource.MUNICIPAL,
    )
    make_activity(
        s.plan,
        protection,
        aligned_to=(national["2.1"], national["2.1.1"]),
        code="2.1",
        title="Referral pathway training",
        indicator="Professionals trained",
        target=Decimal(40),
        baseline=Decimal(5),
        unit="people",
        responsible_institution_id=s.csw,
        budget_eur=Decimal("4000.50"),
        funding_source=FundingSource.DONOR,
    )
    make_activity(
        s.plan,
        protection,
        code="2.2",
        title="Shelter places in winter",
        budget_eur=Decimal("1000"),
        funding_source=FundingSource.DONOR,
        target=None,
    )
    make_value(sessions, 5, date(2025, 6, 30))  # half way: 0 → 10 sessions
    with app.app_context():
        db.session.add(ActivitySupport(activity_id=sessions, institution_id=s.csw))
        db.session.add(ActionPlanVersion(plan_id=s.plan, number=1, adopted_on=date(2024, 3, 15)))
        mechanism = mechanism_by_code("PEJ")
        meetings = [
            _meeting(mechanism.id, MeetingKind.REGULAR, datetime(YEAR, 2, 10, 9, tzinfo=UTC)),
            _meeting(mechanism.id, MeetingKind.AD_HOC, datetime(YEAR, 5, 6, 9, tzinfo=UTC)),
            _meeting(mechanism.id, MeetingKind.REGULAR, datetime(YEAR, 8, 20, 9, tzinfo=UTC)),
        ]
        db.session.add_all(meetings)
        db.session.flush()
        for meeting in meetings:
            db.session.add(
                Attendance(
                    meeting_id=meeting.id, institution_id=s.police, presence=Presence.PRESENT
                )
            )
        for meeting, presence in zip(meetings, (Presence.PRESENT, Presence.ABSENT), strict=False):
            db.session.add(
                Attendance(meeting_id=meeting.id, institution_id=s.csw, presence=presence)
            )
        for title, status, due, done in (
            ("Print leaflets", ActionStatus.DONE, date(YEAR, 3, 1), date(YEAR, 2, 25)),
            ("Book the hall", ActionStatus.DONE, date(YEAR, 4, 1), date(YEAR, 4, 20)),
            ("Update the referral list", ActionStatus.OPEN, date(YEAR, 6, 1), None),
        ):
            db.session.add(
                Action(
                    mechanism_id=mechanism.id,
                    meeting_id=meetings[0].id,
                    title=title,
                    responsible_institution_id=s.police,
                    due_on=due,
                    status=status,
                    completed_on=done,
                )
            )
        db.session.commit()
    s.url = "/m/PEJ/plans"
    return s


def _meeting(mechanism_id: int, kind: MeetingKind, starts_at: datetime) -> Meeting:
    return Meeting(
        mechanism_id=mechanism_id,
        kind=kind,
        status=MeetingStatus.HELD,
        starts_at=starts_at,
        place="Municipal hall",
        language="en",
        ics_uid=f"{uuid4()}@mcm.test",
    )


def _document(response: Any) -> Any:
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return docx.Document(io.BytesIO(response.data))


def _text(document: Any) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _looks_like_ours(document: Any, title: str) -> None:
    assert title in document.core_properties.title
    section = document.sections[0]
    assert "Municipality of Peja" in section.header.paragraphs[0].text
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "fldChar" in footer
    for table in document.tables:
        assert "tblHeader" in table.rows[0]._tr.xml  # repeated on every page


def test_the_plan_document_lists_objectives_activities_and_budget(client, scene) -> None:
    client.login_user(scene.member)
    response = client.get(f"{scene.url}/{scene.plan}/plan.docx")
    document = _document(response)
    _looks_like_ours(document, "Peja local action plan 2024-2027")
    text = _text(document)
    assert "Period: 2024\u20132027" in text
    assert "Status: Adopted" in text
    assert "Adopted on: March 15, 2024" in text
    assert "Decision reference: Decision 01-016/24" in text
    assert "Version: 1" in text
    assert "National strategy (template) (2022\u20132026)" in text
    assert "template framework shipped with mcm" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["1 Prevention", "2 Protection and support", "Budget per source of funding"]
    prevention, protection, budget = (_rows(table) for table in document.tables)
    assert prevention[0][:4] == ["Code", "Activity", "Indicator", "Baseline \u2192 target"]
    assert prevention[1] == [
        "1.1",
        "Awareness sessions in schools",
        "Sessions held",
        "0 \u2192 10 sessions",
        "Police Station Peja (test), supported by Centre for Social Work Peja (test)",
        "Q1 2025 \u2013 Q4 2025",
        "2,500.00 EUR (Municipal budget)",
        "1.1.1",
    ]
    assert protection[1][0:4] == [
        "2.1",
        "Referral pathway training",
        "Professionals trained",
        "5 \u2192 40 people",
    ]
    assert protection[1][4] == "Centre for Social Work Peja (test)"
    assert protection[1][7] == "2.1, 2.1.1"
    assert protection[2][0] == "2.2" and protection[2][7] == ""
    assert budget[1:] == [
        ["Donor", "5,000.50 EUR"],
        ["Municipal budget", "2,500.00 EUR"],
        ["Total", "7,500.50 EUR"],
    ]


def test_the_plan_document_is_in_the_readers_language(client, scene, make_user) -> None:
    reader = make_user("coordinator", "PEJ", language="sq")
    client.login_user(reader)
    document = _document(client.get(f"{scene.url}/{scene.plan}/plan.docx"))
    assert "Pejë" in document.sections[0].header.paragraphs[0].text
    assert document.core_properties.language == "sq-AL"


def test_plans_of_another_mechanism_are_not_found(client, scene, make_user, make_plan) -> None:
    other, _objective = make_plan("PRI", title="Pristina plan")
    client.login_user(scene.member)
    assert client.get(f"{scene.url}/{other}/plan.docx").status_code == 404
    assert client.get(f"/m/PRI/plans/{other}/plan.docx").status_code == 403


def test_the_annual_report_sums_up_the_year(client, scene, app, make_discussed_cases) -> None:  # noqa: F811
    make_discussed_cases("PEJ", count=3, discussed_on=(date(YEAR, 2, 10),))
    client.login_user(scene.coordinator)
    document = _document(client.get(f"{scene.url}/report-{YEAR}.docx"))
    _looks_like_ours(document, f"Annual progress report {YEAR}")
    text = _text(document)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Meetings held per quarter",
        "Attendance per institution",
        "Actions decided at meetings, due in the year",
        "Local action plan progress per objective",
        "Case statistics",
    ]
    meetings, attendance, actions, progress = (_rows(t) for t in document.tables[:4])
    # The meeting of make_discussed_cases is a held regular one in Q1 too.
    assert meetings[1:] == [
        ["Q1 2025", "2", "0", "Held"],
        ["Q2 2025", "0", "1", "Missing"],
        ["Q3 2025", "1", "0", "Held"],
        ["Q4 2025", "0", "0", "Missing"],
    ]
    assert ["Centre for Social Work Peja (test)", "1 / 2", "50 %"] in attendance
    assert ["Police Station Peja (test)", "3 / 3", "100 %"] in attendance
    assert actions[1:] == [
        ["Done on time", "1"],
        ["Done late", "1"],
        ["Overdue", "1"],
        ["Open, not yet due", "0"],
        ["Dropped", "0"],
    ]
    assert "Plan: Peja local action plan 2024-2027" in text
    assert progress[1] == ["1", "Prevention", "1", "1", "50 %"]  # ended in 2025, half way
    assert progress[2][:2] == ["2", "Protection and support"]
    # Three cases: the count is published as "<5" and no breakdown at all.
    assert "Cases discussed: <5" in text
    assert "no breakdown is published" in text
    assert len(document.tables) == 4
    with app.app_context():
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "plan_report_downloaded")
        )
        assert entry is not None and entry.actor_id == scene.coordinator


def test_small_cells_of_the_case_statistics_are_suppressed(
    client,
    scene,
    make_discussed_cases,  # noqa: F811
) -> None:
    from mcm.cases.models import RiskLevel

    make_discussed_cases("PEJ", count=6, discussed_on=(date(YEAR, 2, 10),))
    make_discussed_cases(
        "PEJ", count=2, discussed_on=(date(YEAR, 2, 10),), risk_level=RiskLevel.HIGH
    )
    client.login_user(scene.coordinator)
    document = _document(client.get(f"{scene.url}/report-{YEAR}.docx"))
    assert "Cases discussed: 8" in _text(document)
    figures = [cell for table in document.tables[4:] for row in _rows(table) for cell in row]
    assert "<5" in figures
    assert "2" not in figures and "1" not in figures  # never a raw count under 5


def test_only_coordinators_download_the_annual_report(client, client_factory, scene) -> None:
    member = client_factory()
    member.login_user(scene.member)
    assert member.get(f"{scene.url}/report-{YEAR}.docx").status_code == 403
    client.login_user(scene.coordinator)
    assert client.get(f"{scene.url}/report-1999.docx").status_code == 404
    assert client.get(f"{scene.url}/report-{date.today().year + 1}.docx").status_code == 404


def test_a_year_without_a_plan_says_so(client, scene, app) -> None:
    with app.app_context():
        db.session.get(ActionPlan, scene.plan).ends_year = 2024
        db.session.commit()
    client.login_user(scene.coordinator)
    document = _document(client.get(f"{scene.url}/report-{YEAR}.docx"))
    assert "No local action plan covers this year." in _text(document)


def test_the_plan_page_offers_the_documents(client, client_factory, scene) -> None:
    client.login_user(scene.coordinator)
    page = client.get(f"{scene.url}/{scene.plan}").get_data(as_text=True)
    assert f'href="{scene.url}/{scene.plan}/plan.docx"' in page
    assert f'href="{scene.url}/report-2024.docx"' in page  # the plan runs from 2024
    assert f'href="{scene.url}/report-{YEAR}.docx"' in page
    member = client_factory()
    member.login_user(scene.member)
    page = member.get(f"{scene.url}/{scene.plan}").get_data(as_text=True)
    assert f'href="{scene.url}/{scene.plan}/plan.docx"' in page
    assert "report-" not in page


def test_the_documents_use_a_fixed_number_of_queries(
    client, scene, make_objective, make_activity, make_value, count_queries
) -> None:
    client.login_user(scene.coordinator)
    urls = (f"{scene.url}/{scene.plan}/plan.docx", f"{scene.url}/report-{YEAR}.docx")

    def counts() -> list[int]:
        found = []
        for url in urls:
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            found.append(len(statements))
        return found

    before = counts()
    for n in range(3):
        objective = make_objective(scene.plan, f"More work {n}", position=10 + n)
        for _m in range(3):
            activity = make_activity(scene.plan, objective, responsible_institution_id=scene.csw)
            make_value(activity, 3, date(YEAR, 9, 1))
    assert counts() == before


def _soffice() -> str | None:
    return next((path for path in SOFFICE_PATHS if Path(path).exists()), None)


def test_libreoffice_converts_both_documents_to_pdf(client, scene, tmp_path) -> None:
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    client.login_user(scene.coordinator)
    sources = []
    for name, url in (("plan", f"{scene.plan}/plan.docx"), ("report", f"report-{YEAR}.docx")):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(client.get(f"{scene.url}/{url}").data)
        sources.append(str(path))
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *sources,
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in ("plan", "report"):
        pdf = (tmp_path / "pdf" / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 5000
