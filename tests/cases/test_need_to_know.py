"""Need to know, for every role: who sees a case's details, who sees only its code and her own
actions, who sees nothing; the administrator's exceptional access; and the audit of it all."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mcm.cases.models import ExceptionalAccess
from mcm.core.audit import AuditEntry
from mcm.core.db import utcnow
from mcm.extensions import db
from mcm.meetings.models import Action
from tests.conftest import Client, mechanism_id, text_of

SUMMARY = "The shelter confirmed the placement; the reflection period is respected."
REASON = "Court order no. 12/2026 asks the ministry to verify how the case was handled."


@pytest.fixture
def world(app, make_user, make_institution, make_case, case_meeting, discuss, involve):
    """A PEJ case with the police involved, an action for the CSW (not involved) and one for
    the police; users of every role."""
    police = make_institution("PEJ", "police", "Police Station Peja")
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    school = make_institution("PEJ", "education", "Directorate for Education Peja")
    case_id = make_case("PEJ", risk_level="high")
    involve(case_id, police, services_provided=["police_protection"])
    meeting_id, item_id = case_meeting("PEJ")
    discuss(case_id, meeting_id, item_id, summary=SUMMARY)
    with app.app_context():
        for institution, title in ((csw, "CSW follow-up visit"), (police, "Police patrol")):
            db.session.add(
                Action(
                    mechanism_id=mechanism_id(app, "PEJ"),
                    meeting_id=meeting_id,
                    agenda_item_id=item_id,
                    title=title,
                    responsible_institution_id=institution,
                    due_on=date.today() + timedelta(days=7),
                    case_id=case_id,
                )
            )
        db.session.commit()
    return {
        "case": case_id,
        "coordinator": make_user("coordinator", "PEJ"),
        "involved": make_user("member", "PEJ", institution_id=police),
        "uninvolved": make_user("member", "PEJ", institution_id=csw),
        "unconcerned": make_user("member", "PEJ", institution_id=school),
        "other_member": make_user("member", "FER"),
        "other_coordinator": make_user("coordinator", "FER"),
        "observer": make_user("observer", None),
        "administrator": make_user("administrator", None),
    }


def views(app, case_id: int) -> list[str]:
    with app.app_context():
        return [
            entry.details.get("level")
            for entry in db.session.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "case_viewed", AuditEntry.object_id == case_id
                )
            )
        ]


def test_coordinator_sees_everything_and_reads_the_log(app, client, world) -> None:
    client.login_user(world["coordinator"])
    page = text_of(client.get(f"/m/PEJ/cases/{world['case']}"))
    assert SUMMARY in page and "CSW follow-up visit" in page and "Police patrol" in page
    assert "Who viewed or changed this case" in page and "Case viewed" in page
    assert client.get(f"/m/PEJ/cases/{world['case']}/extract.docx").status_code == 200
    assert client.get(f"/m/PEJ/cases/{world['case']}/edit").status_code == 200


def test_an_involved_member_sees_the_details_but_changes_nothing(app, client, world) -> None:
    client.login_user(world["involved"])
    response = client.get(f"/m/PEJ/cases/{world['case']}")
    page = text_of(response)
    assert response.status_code == 200
    assert SUMMARY in page and "CSW follow-up visit" in page and "High" in page
    assert "Who viewed or changed this case" not in page and "Edit" not in page
    assert client.get(f"/m/PEJ/cases/{world['case']}/extract.docx").status_code == 200
    assert client.get(f"/m/PEJ/cases/{world['case']}/edit").status_code == 403
    assert client.post(f"/m/PEJ/cases/{world['case']}/close").status_code == 403
    assert views(app, world["case"]) == ["full"]


def test_an_uninvolved_member_sees_the_code_and_her_own_actions_only(app, client, world) -> None:
    client.login_user(world["uninvolved"])
    response = client.get(f"/m/PEJ/cases/{world['case']}")
    page = text_of(response)
    assert response.status_code == 200
    assert "CSW follow-up visit" in page
    assert SUMMARY not in page and "Police patrol" not in page and "High" not in page
    assert client.get(f"/m/PEJ/cases/{world['case']}/extract.docx").status_code == 403
    register = client.get("/m/PEJ/cases/").get_data(as_text=True)
    assert "Only the code and your institution" in register and "badge--risk" not in register
    # Filtering by a fact would reveal it: cases she sees the code of only are left out.
    assert "No case to show." in text_of(client.get("/m/PEJ/cases/?risk=high"))
    assert views(app, world["case"]) == ["code_only"]


def test_a_member_with_nothing_to_do_with_the_case_does_not_find_it(client, world) -> None:
    client.login_user(world["unconcerned"])
    assert "No case to show." in text_of(client.get("/m/PEJ/cases/"))
    page = text_of(client.get(f"/m/PEJ/cases/{world['case']}"))
    assert "No action of this case is assigned to your institution." in page
    assert SUMMARY not in page


@pytest.mark.parametrize("role", ["other_member", "other_coordinator", "observer", "administrator"])
def test_other_mechanisms_observers_and_administrators_see_nothing(client, world, role) -> None:
    client.login_user(world[role])
    for url in (
        f"/m/PEJ/cases/{world['case']}",
        f"/m/PEJ/cases/{world['case']}/extract.docx",
        "/m/PEJ/cases/",
    ):
        assert client.get(url).status_code == 403, (role, url)
    if role == "other_coordinator":  # her own mechanism's URL does not reach another's case
        assert client.get(f"/m/FER/cases/{world['case']}").status_code == 404


def test_exceptional_access_needs_a_reason_is_logged_and_lets_the_administrator_read_only(
    app, client, world
) -> None:
    case_id = world["case"]
    client.login_user(world["administrator"])
    assert client.get(f"/cases/exceptional/{case_id}").status_code == 403
    with app.app_context():
        from mcm.cases.models import Case

        code = db.session.get(Case, case_id).code
    short = client.post("/cases/exceptional-access", {"code": code, "reason": "Checking."})
    assert "at least 20 characters" in text_of(short)
    granted = client.post("/cases/exceptional-access", {"code": code, "reason": REASON})
    assert granted.headers["Location"] == f"/cases/exceptional/{case_id}"
    page = text_of(client.get(f"/cases/exceptional/{case_id}"))
    assert SUMMARY in page and "Exceptional access: read-only" in page
    assert "Edit" not in page and "Close the case" not in page
    # Still no ordinary page, and nothing to change.
    assert client.get(f"/m/PEJ/cases/{case_id}").status_code == 403
    assert client.post(f"/m/PEJ/cases/{case_id}/edit").status_code == 403
    assert views(app, case_id) == ["exceptional"]
    with app.app_context():
        grant = db.session.scalar(select(ExceptionalAccess))
        assert grant.reason == REASON
        logged = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "case_exceptional_access_granted")
        )
        assert logged.object_id == case_id and REASON not in str(logged.details)
        grant.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get(f"/cases/exceptional/{case_id}").status_code == 403
    # The coordinators see who looked, and why.
    theirs = Client(app)
    theirs.login_user(world["coordinator"])
    log = text_of(theirs.get(f"/m/PEJ/cases/{case_id}"))
    assert "exceptional access to a case" in log and "Court order no. 12/2026" in log


def test_an_unknown_code_is_refused_plainly(client, world) -> None:
    client.login_user(world["administrator"])
    response = client.post("/cases/exceptional-access", {"code": "PEJ-1999-001", "reason": REASON})
    assert "No case has this code." in text_of(response)
    assert (
        client.post("/cases/exceptional-access", {"code": "<x>", "reason": REASON}).status_code
        == 200
    )


def test_every_view_export_and_change_is_audited_without_case_text(app, client, world) -> None:
    client.login_user(world["coordinator"])
    case_id = world["case"]
    client.get(f"/m/PEJ/cases/{case_id}")
    client.get(f"/m/PEJ/cases/{case_id}/extract.docx")
    client.post(
        f"/m/PEJ/cases/{case_id}/close",
        {"closed_on": date.today().isoformat(), "reason": "Moved on; services completed."},
    )
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "cases")
        ).all()
    assert {"case_viewed", "case_exported", "case_closed"} <= {e.action for e in entries}
    assert all(e.object_id == case_id for e in entries)
    assert all(e.mechanism_id == mechanism_id(app, "PEJ") for e in entries)
    for entry in entries:
        assert "Moved on" not in str(entry.details) and "shelter" not in str(entry.details)
