"""Who sees which meeting document: everyone who sees the meeting sees its documents and its
topics', a case item's only those who read the full minutes (need to know); another mechanism's
coordinator finds nothing, whichever ids she tries."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from mcm.extensions import db
from mcm.meetings.models import MeetingDocument
from tests.conftest import text_of
from tests.meetings.files.helpers import PDF, upload


def _documents(app) -> dict[str, int]:
    with app.app_context():
        return {d.title: d.id for d in db.session.scalars(select(MeetingDocument))}


def _add_three(app, scene) -> None:
    from tests.conftest import Client

    coordinator = Client(app)
    coordinator.login_user(scene.invitees.coordinator)
    upload(coordinator, scene, PDF, "overview.pdf", "Quarterly overview")
    upload(coordinator, scene, PDF, "beds.pdf", "Shelter beds", scene.topic)
    upload(coordinator, scene, PDF, "note.pdf", "Case note PEJ-2026-014", scene.cases)


def test_a_member_sees_the_meeting_and_topic_documents_but_not_the_case_items(
    app, client, scene
) -> None:
    _add_three(app, scene)
    ids = _documents(app)
    client.login_user(scene.invitees.member)
    page = text_of(client.get(scene.url))
    assert "Quarterly overview" in page and "Shelter beds" in page
    assert "Case note" not in page
    assert client.get(f"{scene.url}/files/{ids['Shelter beds']}").status_code == 200
    assert client.get(f"{scene.url}/files/{ids['Case note PEJ-2026-014']}").status_code == 404
    with zipfile.ZipFile(io.BytesIO(client.get(f"{scene.url}/pack.zip").data)) as pack:
        names = pack.namelist()
    assert len(names) == 3 and not any("Case note" in n for n in names)


def test_the_coordinator_sees_the_case_items_documents(app, client, scene) -> None:
    _add_three(app, scene)
    ids = _documents(app)
    client.login_user(scene.invitees.coordinator)
    assert "Case note PEJ-2026-014" in text_of(client.get(scene.url))
    assert client.get(f"{scene.url}/files/{ids['Case note PEJ-2026-014']}").data == PDF


def test_another_mechanisms_coordinator_finds_nothing(
    app, client, scene, make_user, make_meeting
) -> None:
    _add_three(app, scene)
    ids = _documents(app)
    fer_meeting = make_meeting("FER")
    client.login_user(make_user("coordinator", "FER"))
    meeting = scene.invitees.meeting
    for document_id in ids.values():
        # Her own mechanism's URL with the other meeting's ids, and the other mechanism's URL.
        for base in (f"/m/FER/meetings/{meeting}", f"/m/FER/meetings/{fer_meeting}"):
            assert client.get(f"{base}/files/{document_id}").status_code == 404
            assert client.post(f"{base}/files/{document_id}/remove").status_code == 404
        assert client.get(f"{scene.url}/files/{document_id}").status_code == 403
    assert client.get(f"/m/FER/meetings/{meeting}/pack.zip").status_code == 404
    assert client.post(f"/m/FER/meetings/{meeting}/pack/send").status_code == 404
    assert client.get(f"/m/FER/meetings/{meeting}/minutes/signed").status_code == 404
    assert len(_documents(app)) == 3


def test_a_document_of_another_meeting_is_not_found_under_this_one(
    app, client, scene, make_meeting
) -> None:
    _add_three(app, scene)
    ids = _documents(app)
    other = make_meeting("PEJ")
    client.login_user(scene.invitees.coordinator)
    url = f"/m/PEJ/meetings/{other}/files/{ids['Quarterly overview']}"
    assert client.get(url).status_code == 404
