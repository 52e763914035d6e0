"""The case extract: a Word document with everything recorded about the case, for the case file,
read back with python-docx."""

from __future__ import annotations

import io
from datetime import date, timedelta

from docx import Document
from flask_babel import format_date
from sqlalchemy import select

from mcm.cases.models import CaseIncident, LegalBasis
from mcm.core.audit import AuditEntry
from mcm.extensions import db
from mcm.meetings.models import Action, ActionStatus
from tests.conftest import mechanism_id

TODAY = date.today()


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_the_extract_holds_the_whole_case_history(
    app, client, make_user, make_institution, make_case, case_meeting, discuss, involve
) -> None:
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    case_id = make_case(
        "PEJ",
        legal_basis=LegalBasis.CONSENT,
        consent_on=TODAY - timedelta(days=40),
        consent_institution_id=csw,
        forms_of_violence=["psychological", "digital"],
        protection_order="in_force",
    )
    involve(case_id, csw, services_provided=["psychosocial_support"], services_needed=["housing"])
    meeting_id, item_id = case_meeting("PEJ")
    discuss(
        case_id,
        meeting_id,
        item_id,
        discussed_on=TODAY - timedelta(days=14),
        summary="Individual plan reviewed with the shelter.",
        decisions="Social housing requested.",
    )
    with app.app_context():
        db.session.add_all(
            [
                Action(
                    mechanism_id=mechanism_id(app, "PEJ"),
                    meeting_id=meeting_id,
                    agenda_item_id=item_id,
                    title="Weekly monitoring visit",
                    responsible_institution_id=csw,
                    due_on=TODAY - timedelta(days=7),
                    status=ActionStatus.DONE,
                    case_id=case_id,
                ),
                CaseIncident(
                    case_id=case_id, reported_on=TODAY - timedelta(days=2), is_repeat=True
                ),
            ]
        )
        db.session.commit()
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.get(f"/m/PEJ/cases/{case_id}/extract.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "-extract.docx" in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    text = _text(document)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        from mcm.cases.models import Case

        code = db.session.get(Case, case_id).code
        discussed = format_date(TODAY - timedelta(days=14))
        consent = format_date(TODAY - timedelta(days=40))
    assert document.paragraphs[0].text == f"Case extract {code}"
    assert "Copy of the minutes relating to the case" in text
    assert (
        "Peja — Municipal coordination mechanism" in document.sections[0].header.paragraphs[0].text
    )
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert f"Case code | {code}" in text
    assert "Forms of violence | Psychological, Digital / technology-facilitated" in text
    assert "Legal basis | Informed consent" in text and f"Consent obtained on | {consent}" in text
    assert "Institution that obtained the consent | Centre for Social Work Peja" in text
    assert "Centre for Social Work Peja |" in text and "Psychosocial support | Housing" in text
    assert f"Meeting of {discussed}" in text
    assert (
        "Individual plan reviewed with the shelter." in text and "Social housing requested." in text
    )
    assert "Weekly monitoring visit" in text and "| Done" in text
    assert "repeat (within 12 months of the last discussion)" in text
    with app.app_context():
        exported = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case_exported"))
        assert exported.object_id == case_id and exported.details == {"format": "docx"}


def test_the_extract_of_a_transferred_case_carries_the_earlier_history(
    app, make_user, make_case, case_meeting, discuss
) -> None:
    from tests.conftest import Client

    case_id = make_case("PEJ")
    meeting_id, item_id = case_meeting("PEJ")
    discuss(case_id, meeting_id, item_id, summary="Discussed in Peja before she moved.")
    sender, receiver = Client(app), Client(app)
    sender.login_user(make_user("coordinator", "PEJ"))
    receiver.login_user(make_user("coordinator", "FER"))
    sender.post(
        f"/m/PEJ/cases/{case_id}/transfer",
        {"to_mechanism": mechanism_id(app, "FER"), "reason": "She moved."},
    )
    with app.app_context():
        from mcm.cases.models import CaseTransfer

        transfer_id = db.session.scalar(select(CaseTransfer.id))
    new_url = receiver.post(f"/m/FER/cases/transfers/{transfer_id}/accept").headers["Location"]
    document = Document(io.BytesIO(receiver.get(f"{new_url}/extract.docx").data))
    text = _text(document)
    assert "Discussed in Peja before she moved." in text and "(recorded by Peja" in text
    assert "from Peja to Ferizaj — Accepted" in text
