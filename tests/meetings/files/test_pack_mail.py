"""Sending the meeting pack, received by a real local SMTP server: every current representative
gets the agenda and the documents attached in agenda order, never a case item's document; a pack
too large to attach goes as a link; the pack can go with the invitations."""

from __future__ import annotations

import io

import docx
from sqlalchemy import select

from mcm.core.audit import AuditEntry
from mcm.extensions import db
from tests.meetings.files.helpers import PDF, excel, upload
from tests.meetings.invitations.helpers import (
    CSW_REP,
    POLICE_DEPUTY,
    POLICE_REP,
    subject_of,
    text_of_mail,
    to,
)


def _files(message) -> list[tuple[str, bytes]]:
    return [
        (part.get_filename(), part.get_payload(decode=True))
        for part in message.walk()
        if part.get_filename() and part.get_content_type() != "text/calendar"
    ]


def _prepare(client, scene) -> None:
    client.login_user(scene.invitees.coordinator)
    upload(client, scene, PDF, "overview.pdf", "Quarterly overview")
    upload(client, scene, excel(), "beds.xlsx", "Shelter beds", scene.topic)
    upload(client, scene, PDF, "note.pdf", "Case note PEJ-2026-014", scene.cases)


def test_each_representative_gets_the_pack_attached_without_case_documents(
    app, client, scene, inbox
) -> None:
    _prepare(client, scene)
    assert client.post(f"{scene.url}/pack/send").status_code == 302
    assert sorted(m["To"] for m in inbox.messages) == sorted([POLICE_REP, POLICE_DEPUTY, CSW_REP])
    (message,) = to(inbox, POLICE_REP)
    assert subject_of(message).startswith("Meeting pack: mechanism meeting")
    files = _files(message)
    assert [name for name, _content in files] == [
        "01 Invitation and agenda.docx",
        "02 Quarterly overview.pdf",
        "03 Item 2 - Shelter beds.xlsx",
    ]
    assert files[1][1] == PDF
    agenda = docx.Document(io.BytesIO(files[0][1]))
    assert "Shelter capacity in winter" in [c.text for r in agenda.tables[0].rows for c in r.cells]
    body = text_of_mail(message)
    assert "are attached, in the order of the agenda" in body and "Case note" not in body
    assert f"/m/PEJ/meetings/{scene.invitees.meeting}" in body
    # The deputy reads Serbian: the same files, named in her language.
    (serbian,) = to(inbox, POLICE_DEPUTY)
    assert [content for _name, content in _files(serbian)][1] == PDF
    assert not any("PEJ-2026-014" in (name or "") for name, _c in _files(serbian))
    with app.app_context():
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "meeting_pack_sent")
        )
        assert entry is not None


def test_a_pack_too_large_to_attach_goes_as_a_link(app, client, scene, inbox, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MCM_PACK_ATTACH_MB", 0)
    _prepare(client, scene)
    client.post(f"{scene.url}/pack/send")
    (message,) = to(inbox, CSW_REP)
    assert _files(message) == []
    body = text_of_mail(message)
    assert "too large to send by e-mail" in body
    assert f"/m/PEJ/meetings/{scene.invitees.meeting}" in body
    assert "02 Quarterly overview.pdf" in body and "Case note" not in body


def test_the_pack_can_go_with_the_invitations(app, client, scene, inbox) -> None:
    _prepare(client, scene)
    response = client.post(f"{scene.url}/invitations", {"with_pack": "y"})
    assert response.status_code == 302
    kinds = sorted(subject_of(m).split(":")[0] for m in to(inbox, CSW_REP))
    assert kinds == ["Invitation", "Meeting pack"]
    pack = next(m for m in to(inbox, CSW_REP) if subject_of(m).startswith("Meeting pack"))
    assert len(_files(pack)) == 3


def test_invitations_without_the_option_send_no_pack(app, client, scene, inbox) -> None:
    _prepare(client, scene)
    client.post(f"{scene.url}/invitations")
    assert [subject_of(m).split(":")[0] for m in to(inbox, CSW_REP)] == ["Invitation"]


def test_a_member_cannot_send_the_pack(app, client, scene, inbox) -> None:
    client.login_user(scene.invitees.member)
    assert client.post(f"{scene.url}/pack/send").status_code == 403
    assert inbox.messages == []
