"""The signed scan of approved minutes: added by the coordinator once the minutes are approved,
shown on the minutes page and downloadable; restricted like the full minutes when the meeting
discussed cases; a scan only (PDF, PNG, JPEG); a new scan replaces the previous one."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.meetings.models import (
    AgendaItem,
    MeetingDocument,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)
from tests.conftest import text_of
from tests.meetings.files.helpers import JPEG, PDF, word


def _minutes(app, meeting_id: int, status: MinutesStatus) -> None:
    with app.app_context():
        minutes = Minutes(meeting_id=meeting_id, status=status)
        db.session.add(minutes)
        db.session.flush()
        version = MinutesVersion(minutes_id=minutes.id, number=1, content={})
        db.session.add(version)
        db.session.flush()
        minutes.current_version_id = version.id
        db.session.commit()


def _scan(client, scene, content: bytes, name: str = "signed.pdf"):
    return client.post(
        f"{scene.url}/minutes/signed/new",
        {"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _without_cases(app, scene) -> None:
    with app.app_context():
        db.session.delete(db.session.get(AgendaItem, scene.cases))
        db.session.commit()


def test_the_signed_scan_is_shown_on_the_minutes_page_and_downloads(
    app, client, client_factory, scene
) -> None:
    _without_cases(app, scene)
    _minutes(app, scene.invitees.meeting, MinutesStatus.APPROVED)
    client.login_user(scene.invitees.coordinator)
    assert _scan(client, scene, PDF).status_code == 302
    page = client.get(f"{scene.url}/minutes")
    assert "Download the signed scan" in text_of(page)
    member = client_factory()
    member.login_user(scene.invitees.member)
    assert "Download the signed scan" in text_of(member.get(f"{scene.url}/minutes"))
    download = member.get(f"{scene.url}/minutes/signed")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    # A second scan replaces the first.
    assert _scan(client, scene, JPEG, "signed.jpg").status_code == 302
    assert member.get(f"{scene.url}/minutes/signed").data == JPEG
    with app.app_context():
        assert db.session.scalar(select(func.count(MeetingDocument.id))) == 1
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("signed_minutes_added") == 2
    assert "signed_minutes_downloaded" in actions


def test_with_case_discussions_only_the_coordinators_see_the_scan(
    app, client, client_factory, scene
) -> None:
    _minutes(app, scene.invitees.meeting, MinutesStatus.APPROVED)
    client.login_user(scene.invitees.coordinator)
    _scan(client, scene, PDF)
    assert client.get(f"{scene.url}/minutes/signed").status_code == 200
    member = client_factory()
    member.login_user(scene.invitees.member)
    assert "Download the signed scan" not in text_of(member.get(f"{scene.url}/minutes"))
    assert member.get(f"{scene.url}/minutes/signed").status_code == 404


def test_the_scan_waits_for_the_approval_and_must_be_a_scan(app, client, scene) -> None:
    _minutes(app, scene.invitees.meeting, MinutesStatus.CIRCULATED)
    client.login_user(scene.invitees.coordinator)
    assert "Add the signed scan" not in text_of(client.get(f"{scene.url}/minutes"))
    response = _scan(client, scene, PDF)
    assert "once the minutes are approved" in text_of(response)
    with app.app_context():
        db.session.execute(db.update(Minutes).values(status=MinutesStatus.APPROVED))
        db.session.commit()
    response = _scan(client, scene, word(), "signed.docx")
    assert "Only PDF, PNG and JPEG files are accepted." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(MeetingDocument.id))) == 0
    assert client.get(f"{scene.url}/minutes/signed").status_code == 404


def test_a_member_cannot_add_the_scan(app, client, scene) -> None:
    _minutes(app, scene.invitees.meeting, MinutesStatus.APPROVED)
    client.login_user(scene.invitees.member)
    assert _scan(client, scene, PDF).status_code == 403
