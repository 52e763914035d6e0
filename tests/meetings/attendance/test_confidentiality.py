"""Confidentiality: when cases are on the agenda, each attendee acknowledges the statement at the
meeting (who, when, recorded by whom) before the case discussions can be opened."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.meetings.agenda.services import cases_may_open, missing_acknowledgements
from mcm.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    ConfidentialityAcknowledgement,
    Meeting,
    Presence,
)
from tests.conftest import text_of
from tests.meetings.planning.helpers import create_meeting, url


def _cases_item(app, meeting_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(AgendaItem.id).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.kind == AgendaItemKind.CASES
            )
        )


def _present(app, meeting_id: int, *institutions: int, absent: tuple[int, ...] = ()) -> None:
    with app.app_context():
        for institution in institutions:
            db.session.add(
                Attendance(
                    meeting_id=meeting_id,
                    institution_id=institution,
                    presence=Presence.PRESENT,
                    represented_by="Arta Testaj",
                )
            )
        for institution in absent:
            db.session.add(
                Attendance(
                    meeting_id=meeting_id, institution_id=institution, presence=Presence.ABSENT
                )
            )
        db.session.commit()


def _may_open(app, meeting_id: int) -> bool:
    with app.test_request_context():
        g.mechanism = mechanism_by_code("PEJ")
        return cases_may_open(db.session.get(Meeting, meeting_id))


def test_cases_open_only_when_everyone_present_acknowledged(app, make_institution) -> None:
    police = make_institution("PEJ", "police", "Police station Peja")
    csw = make_institution("PEJ", "csw", "CSW Peja")
    court = make_institution("PEJ", "court", "Basic Court Peja")
    meeting_id = create_meeting(app, days=-1, cases=True)
    assert not _may_open(app, meeting_id)  # nobody recorded present yet
    _present(app, meeting_id, police, csw, absent=(court,))
    assert not _may_open(app, meeting_id)
    with app.app_context():
        db.session.add(
            ConfidentialityAcknowledgement(
                meeting_id=meeting_id, institution_id=police, attendee_name="Arta Testaj"
            )
        )
        db.session.commit()
        missing = missing_acknowledgements(db.session.get(Meeting, meeting_id))
        assert [i.name for i in missing] == ["CSW Peja"]
    assert not _may_open(app, meeting_id)
    with app.app_context():
        db.session.add(
            ConfidentialityAcknowledgement(
                meeting_id=meeting_id, institution_id=csw, attendee_name="Nenad Uzorković"
            )
        )
        db.session.commit()
    assert _may_open(app, meeting_id)  # the absent court need not acknowledge


def test_case_item_is_refused_until_acknowledged_then_opens(
    app, client, make_user, make_institution
) -> None:
    police = make_institution("PEJ", "police", "Police station Peja")
    csw = make_institution("PEJ", "csw", "CSW Peja")
    coordinator = make_user("coordinator", "PEJ")
    client.login_user(coordinator)
    meeting_id = create_meeting(app, days=-1, cases=True)
    item = _cases_item(app, meeting_id)
    with app.app_context():
        db.session.get(AgendaItem, item).notes = "Case PEJ-2026-014: follow-up of the shelter stay"
        db.session.commit()
    refused = client.get(url(meeting_id, f"/agenda/{item}"))
    assert refused.status_code == 403
    assert "Case discussions open only once the attendance is recorded" in text_of(refused)
    page = text_of(client.get(url(meeting_id)))
    assert "PEJ-2026-014" not in page and "Closed until everyone present" in page
    # Editing the case item would show its notes: closed as well.
    assert client.get(url(meeting_id, f"/agenda/{item}/edit")).status_code == 302

    _present(app, meeting_id, police, csw)
    form = client.get(url(meeting_id, "/confidentiality")).get_data(as_text=True)
    assert "Everything said about individual cases" in form and 'value="Arta Testaj"' in form
    client.post(
        url(meeting_id, "/confidentiality"),
        {f"ack_{police}": "y", f"name_{police}": "Arta Testaj", f"name_{csw}": "Not ticked"},
    )
    refused = text_of(client.get(url(meeting_id, f"/agenda/{item}")))
    assert "Still to acknowledge it: CSW Peja" in refused
    response = client.post(
        url(meeting_id, "/confidentiality"),
        {f"ack_{csw}": "y", f"name_{csw}": "Nenad Uzorković"},
        follow_redirects=True,
    )
    assert "the case discussions may open" in text_of(response)
    opened = client.get(url(meeting_id, f"/agenda/{item}"))
    assert opened.status_code == 200 and "PEJ-2026-014" in text_of(opened)
    page = text_of(client.get(url(meeting_id)))
    assert "Arta Testaj (Police station Peja)" in page and "Nenad Uzorković (CSW Peja)" in page
    with app.app_context():
        recorded = db.session.scalars(select(ConfidentialityAcknowledgement)).all()
        assert {a.recorded_by_id for a in recorded} == {coordinator}
        assert all(a.acknowledged_at is not None for a in recorded)


def test_a_late_arrival_closes_the_cases_until_she_acknowledges(
    app, client, make_user, make_institution
) -> None:
    police = make_institution("PEJ", "police", "Police station Peja")
    late = make_institution("PEJ", "victim_advocate", "Victim advocate Peja")
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, days=-1, cases=True)
    _present(app, meeting_id, police)
    client.post(
        url(meeting_id, "/confidentiality"), {f"ack_{police}": "y", f"name_{police}": "Arta Testaj"}
    )
    assert _may_open(app, meeting_id)
    client.post(
        url(meeting_id, "/attendance"),
        {
            f"presence_{police}": "present",
            f"presence_{late}": "present",
            f"represented_{late}": "Teuta Modeli",
            f"late_{late}": "y",
        },
    )
    assert not _may_open(app, meeting_id)
    assert client.get(url(meeting_id, f"/agenda/{_cases_item(app, meeting_id)}")).status_code == 403


def test_acknowledgements_need_a_name_and_someone_present(
    app, client, make_user, make_institution
) -> None:
    police = make_institution("PEJ", "police", "Police station Peja")
    absent = make_institution("PEJ", "court", "Basic Court Peja")
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id = create_meeting(app, days=-1, cases=True)
    page = text_of(client.get(url(meeting_id, "/confidentiality")))
    assert "Record the attendance first" in page
    _present(app, meeting_id, police, absent=(absent,))
    response = client.post(
        url(meeting_id, "/confidentiality"),
        {f"ack_{police}": "y", f"name_{police}": "  "},
        follow_redirects=True,
    )
    assert "Give the name of each attendee who acknowledged it." in text_of(response)
    response = client.post(url(meeting_id, "/confidentiality"), {}, follow_redirects=True)
    assert "Tick the attendees who acknowledged the statement." in text_of(response)
    # The absent court has no line to tick; a forged one is ignored.
    client.post(
        url(meeting_id, "/confidentiality"), {f"ack_{absent}": "y", f"name_{absent}": "Forged"}
    )
    with app.app_context():
        assert db.session.scalar(select(ConfidentialityAcknowledgement.id)) is None


def test_members_cannot_record_acknowledgements_or_open_closed_cases(
    app, client, make_user, make_institution
) -> None:
    police = make_institution("PEJ", "police", "Police station Peja")
    client.login_user(make_user("member", "PEJ", institution_id=police))
    meeting_id = create_meeting(app, days=-1, cases=True)
    assert client.get(url(meeting_id, "/confidentiality")).status_code == 403
    assert (
        client.post(
            url(meeting_id, "/confidentiality"), {f"ack_{police}": "y", f"name_{police}": "Me"}
        ).status_code
        == 403
    )
    assert client.get(url(meeting_id, f"/agenda/{_cases_item(app, meeting_id)}")).status_code == 403
