"""The coordinator keeps the mechanism's record; members see it and keep their own
representatives; nobody outside the mechanism sees or changes anything of it."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from mcm.extensions import db
from mcm.mechanisms.models import Document, Institution, Representative
from mcm.reference.models import InstitutionType
from tests.conftest import text_of
from tests.mechanisms.conftest import PDF


def _type_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(InstitutionType.id).where(InstitutionType.code == code))


def _new_institution(client, app, upload=None, **overrides):
    data = {
        "institution_type": str(_type_id(app, "police")),
        "name": "Police Station Peja",
        "address": "Institutions Street 2",
        "joined_on": "2024-03-01",
        "mou_status": "signed",
        "mou_date": "2025-07-24",
        "signatory": "Station commander",
        "renewal_on": "2027-07-24",
        "mou_note": "",
        **overrides,
    }
    if upload is not None:
        data["document"] = upload
    return client.post("/m/PEJ/institutions/new", data, content_type="multipart/form-data")


def test_coordinator_adds_a_member_with_a_signed_mou_and_its_scan(
    app, client, make_user, pdf_upload
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    response = _new_institution(client, app, pdf_upload("MoU Policia Pejë 2025.pdf"))
    assert response.status_code == 302, text_of(response)
    page = text_of(client.get(response.headers["Location"]))
    assert "Police Station Peja" in page and "Signed by Station commander" in page
    link = re.search(
        r'href="(/m/PEJ/documents/\d+)"',
        client.get(response.headers["Location"]).get_data(as_text=True),
    )[1]
    download = client.get(link)
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert "MoU%20Policia%20Pej%C3%AB%202025.pdf" in download.headers["Content-Disposition"]
    home = text_of(client.get("/m/PEJ/"))
    assert "Police Station Peja" in home and "Signed" in home


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not a scan", "MoU.pdf", "Only PDF, PNG and JPEG files are accepted."),
        (b"", "empty.pdf", "The file is empty."),
    ],
)
def test_refused_upload_keeps_what_was_typed(
    app, client, make_user, content, name, message
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    response = _new_institution(client, app, (io.BytesIO(content), name))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in text_of(response)
    assert 'value="Police Station Peja"' in html and 'value="Station commander"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Institution.id))) == 0
        assert db.session.scalar(select(func.count(Document.id))) == 0


def test_oversized_upload_is_refused_with_the_limit(app, client, make_user, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MCM_MAX_UPLOAD_MB", 1)
    client.login_user(make_user("coordinator", "PEJ"))
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    response = _new_institution(client, app, (io.BytesIO(big), "big.pdf"))
    assert "larger than 1 MB" in text_of(response)
    assert 'value="Police Station Peja"' in response.get_data(as_text=True)


def test_a_forbidden_mou_step_is_explained_and_nothing_is_saved(app, client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    response = _new_institution(client, app, signatory="")
    assert "A signed MoU needs the name of who signed it." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Institution.id))) == 0


def test_documents_are_only_served_to_the_mechanism(
    app, client, client_factory, make_user, pdf_upload
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    _new_institution(client, app, pdf_upload())
    with app.app_context():
        document_id = db.session.scalar(select(Document.id))
    url = f"/m/PEJ/documents/{document_id}"
    member = client_factory()
    member.login_user(make_user("member", "PEJ"))
    assert member.get(url).status_code == 200
    outsider = client_factory()
    outsider.login_user(make_user("coordinator", "FER"))
    assert outsider.get(url).status_code == 403
    assert outsider.get(f"/m/FER/documents/{document_id}").status_code == 404
    observer = client_factory()
    observer.login_user(make_user("observer", None))
    assert observer.get(url).status_code == 403
    assert client_factory().get(url).status_code == 302  # anonymous: to sign-in


def test_status_change_is_dated_and_shown_with_its_history(client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.post(
        "/m/PEJ/status",
        {
            "status": "established",
            "effective_on": "2025-02-01",
            "note": "Agreement signed",
            "version": "1",
        },
    )
    assert response.status_code == 302
    page = text_of(client.get("/m/PEJ/status"))
    assert "Agreement signed" in page
    refused = client.post(
        "/m/PEJ/status",
        {"status": "reempowering", "effective_on": "2025-03-01", "note": "", "version": "2"},
    )
    assert refused.status_code == 200  # not a choice from "established"
    history = text_of(client.get("/m/PEJ/history"))
    assert "Mechanism status changed" in history and "After: Established" in history


def test_founding_agreement_with_scan(app, client, make_user, pdf_upload) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    form = client.get("/m/PEJ/founding").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form)[1]
    response = client.post(
        "/m/PEJ/founding",
        {"version": version, "founded_on": "2019-05-20", "document": pdf_upload("Founding.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    home = text_of(client.get("/m/PEJ/"))
    assert "Founding.pdf" in home


MANAGE_POSTS = [
    "/m/PEJ/status",
    "/m/PEJ/founding",
    "/m/PEJ/institutions/new",
    "/m/PEJ/institutions/{id}/edit",
    "/m/PEJ/institutions/{id}/leave",
    "/m/PEJ/institutions/{id}/mou",
    "/m/PEJ/institutions/import",
]


@pytest.mark.parametrize("who", ["member", "observer", "other_coordinator", "administrator"])
def test_only_the_coordinator_changes_the_record(
    app, client, make_user, make_institution, who
) -> None:
    institution = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    user = {
        "member": lambda: make_user("member", "PEJ"),
        "observer": lambda: make_user("observer", None),
        "other_coordinator": lambda: make_user("coordinator", "FER"),
        "administrator": lambda: make_user("administrator", None),
    }[who]()
    client.login_user(user)
    for url in MANAGE_POSTS:
        response = client.post(
            url.format(id=institution), {"name": "Changed", "left_on": "2025-01-01"}
        )
        assert response.status_code == 403, (who, url)
    with app.app_context():
        found = db.session.get(Institution, institution)
        assert found.name == "Centre for Social Work Peja" and found.left_on is None


def test_member_sees_members_contacts_and_keeps_her_own_representatives(
    app, client, make_user, make_institution
) -> None:
    own = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    other = make_institution("PEJ", "police", "Police Station Peja")
    client.login_user(make_user("member", "PEJ", institution_id=own))
    new = {
        "name": "Drita Testaj",
        "position": "Social worker",
        "email": "d.testaj@csw.example.org",
        "phone": "038 000 111",
        "from_date": "2025-01-15",
        "version": "",
    }
    assert client.post(f"/m/PEJ/institutions/{own}/representatives/new", new).status_code == 302
    assert client.post(f"/m/PEJ/institutions/{other}/representatives/new", new).status_code == 403
    page = text_of(client.get(f"/m/PEJ/institutions/{own}"))
    assert "Drita Testaj" in page and "d.testaj@csw.example.org" in page and "038 000 111" in page
    assert "Representative added" in page  # the record's own audit trail


def test_member_of_one_mechanism_cannot_see_or_change_anothers_members(
    app, client, make_user, make_institution
) -> None:
    theirs = make_institution("FER", "csw", "Centre for Social Work Ferizaj")
    client.login_user(make_user("member", "PEJ"))
    assert client.get(f"/m/FER/institutions/{theirs}").status_code == 403
    assert client.get(f"/m/PEJ/institutions/{theirs}").status_code == 404
    response = client.post(
        f"/m/PEJ/institutions/{theirs}/representatives/new",
        {"name": "X", "from_date": "2025-01-01"},
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Representative.id))) == 0


def test_concurrent_edits_are_refused_with_both_versions_shown(
    app, client, client_factory, make_user, make_institution
) -> None:
    institution = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    coordinator = make_user("coordinator", "PEJ")
    first, second = client_factory(), client_factory()
    first.login_user(coordinator)
    second.login_user(coordinator)
    url = f"/m/PEJ/institutions/{institution}/edit"
    version = re.search(
        r'name="version" type="hidden" value="(\d+)"', first.get(url).get_data(as_text=True)
    )[1]
    second.get(url)
    data = {"institution_type": str(_type_id(app, "csw")), "address": "", "joined_on": ""}
    saved = first.post(url, {**data, "version": version, "name": "CSW Peja (main office)"})
    assert saved.status_code == 302
    refused = second.post(url, {**data, "version": version, "name": "CSW Peja — new building"})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "Someone else saved this record" in text_of(refused)
    assert 'value="CSW Peja — new building"' in html  # her text is kept…
    assert "CSW Peja (main office)" in text_of(refused)  # …beside the saved version
    with app.app_context():
        assert db.session.get(Institution, institution).name == "CSW Peja (main office)"


def test_leaving_is_a_dated_event_and_ends_representatives(
    app, client, make_user, make_institution
) -> None:
    institution = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    client.login_user(make_user("coordinator", "PEJ"))
    client.post(
        f"/m/PEJ/institutions/{institution}/representatives/new",
        {"name": "Drita Testaj", "from_date": "2024-01-15"},
    )
    response = client.post(
        f"/m/PEJ/institutions/{institution}/leave",
        {"left_on": "2025-06-30", "reason": "Office closed"},
    )
    assert response.status_code == 302
    with app.app_context():
        found = db.session.get(Institution, institution)
        assert found.left_on.isoformat() == "2025-06-30"
        rep = db.session.scalar(select(Representative))
        assert rep.to_date.isoformat() == "2025-06-30"
    page = text_of(client.get(f"/m/PEJ/institutions/{institution}"))
    assert "Left the mechanism on" in page and "Office closed" in page


def test_invalid_dates_and_phone_are_explained(app, client, make_user, make_institution) -> None:
    institution = make_institution("PEJ")
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.post(
        f"/m/PEJ/institutions/{institution}/representatives/new",
        {"name": "Besa Testi", "from_date": "31.02.2025", "phone": "call me", "to_date": ""},
    )
    page = text_of(response)
    assert "Enter the date as day, month and year." in page
    assert "Use digits, spaces and + ( ) - / only." in page
    assert 'value="Besa Testi"' in response.get_data(as_text=True)


def test_a_file_name_with_personal_data_is_refused_and_the_form_kept(
    app, client, make_user
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    response = _new_institution(
        client, app, (io.BytesIO(PDF), "MoU signed by Arta Berisha 044 123 456.pdf")
    )
    page = text_of(response)
    assert "The file name contains personal data" in page and "044 123 456" in page
    assert 'value="Police Station Peja"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Document.id))) == 0
