"""The privacy guard on save: free text of cases and case discussions with personal data is
refused, the text is kept, each finding is highlighted and explained; the mechanism's own
representatives may be named."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from mcm.cases.models import Case, CaseDiscussion, CaseTransfer
from mcm.extensions import db
from mcm.mechanisms.models import Representative
from mcm.meetings.models import Action
from tests.conftest import mechanism_id, text_of

NOTE = "Arta Berisha, 044 123 456"


def marks(response) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", response.get_data(as_text=True))


@pytest.fixture
def meeting_case(make_user, make_institution, make_case, case_meeting):
    police = make_institution("PEJ", "police", "Police Station Peja")
    case_id = make_case("PEJ")
    meeting_id, item_id = case_meeting("PEJ", (police,))
    return {
        "coordinator": make_user("coordinator", "PEJ"),
        "police": police,
        "case": case_id,
        "url": f"/m/PEJ/cases/meetings/{meeting_id}/discuss?case={case_id}",
        "item": item_id,
    }


def test_a_name_and_a_phone_number_are_highlighted_and_the_text_kept(
    app, client, meeting_case
) -> None:
    client.login_user(meeting_case["coordinator"])
    response = client.post(
        meeting_case["url"],
        {"agenda_item": meeting_case["item"], "summary": f"Spoke with {NOTE} about the plan."},
    )
    page = text_of(response)
    assert response.status_code == 200
    assert "This text contains personal data." in page
    assert f"Spoke with {NOTE} about the plan.</textarea>" in response.get_data(as_text=True)
    # Each finding marked in the text and again in the list that explains it.
    assert marks(response) == ["Arta Berisha", "044 123 456", "Arta Berisha", "044 123 456"]
    assert "This looks like a person's name." in page.replace("&#39;", "'")
    assert "This looks like a phone number." in page
    with app.app_context():
        assert db.session.scalar(select(CaseDiscussion.id)) is None


def test_the_corrected_text_saves_and_a_representatives_name_is_allowed(
    app, client, meeting_case
) -> None:
    with app.app_context():
        db.session.add(
            Representative(
                institution_id=meeting_case["police"],
                name="Teuta Shembulli",
                from_date=date(2024, 1, 1),
            )
        )
        db.session.commit()
    client.login_user(meeting_case["coordinator"])
    response = client.post(
        meeting_case["url"],
        {
            "agenda_item": meeting_case["item"],
            "summary": "Teuta Shembulli (police) reported that the victim is safe.",
        },
    )
    assert response.status_code == 302, text_of(response)


def test_follow_up_titles_decisions_are_checked_too(app, client, meeting_case) -> None:
    client.login_user(meeting_case["coordinator"])
    response = client.post(
        meeting_case["url"],
        {
            "agenda_item": meeting_case["item"],
            "summary": "Reviewed the safety plan.",
            "decisions": "Write to arta.b@example.org",
            "actions-0-title": "Call Driton Gashi",
            "actions-0-institution": meeting_case["police"],
            "actions-0-due_on": date.today().isoformat(),
        },
    )
    assert marks(response).count("arta.b@example.org") == 2
    assert marks(response).count("Driton Gashi") == 2
    assert 'value="Call Driton Gashi"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Action.id)) is None


def test_close_reason_and_transfer_reason_are_checked(app, client, make_user, make_case) -> None:
    case_id = make_case("PEJ")
    client.login_user(make_user("coordinator", "PEJ"))
    closed = client.post(
        f"/m/PEJ/cases/{case_id}/close",
        {"closed_on": date.today().isoformat(), "reason": "She moved in with Milica Jovanović."},
    )
    assert marks(closed) == ["Milica Jovanović", "Milica Jovanović"]
    transfer = client.post(
        f"/m/PEJ/cases/{case_id}/transfer",
        {"to_mechanism": mechanism_id(app, "FER"), "reason": "New phone +383 44 123 456"},
    )
    assert "+383 44 123 456" in marks(transfer)
    with app.app_context():
        assert db.session.get(Case, case_id).closed_on is None
        assert db.session.scalar(select(CaseTransfer.id)) is None


def test_a_correction_is_checked(app, client, make_user, make_case, case_meeting, discuss):
    case_id = make_case("PEJ")
    meeting_id, item_id = case_meeting("PEJ")
    discussion_id = discuss(case_id, meeting_id, item_id)
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.post(
        f"/m/PEJ/cases/discussions/{discussion_id}/edit",
        {"version": "1", "summary": "Born on 12.03.1990, per the police."},
    )
    assert response.status_code == 200 and marks(response)


def test_the_highlight_escapes_the_users_text(app, client, meeting_case) -> None:
    client.login_user(meeting_case["coordinator"])
    response = client.post(
        meeting_case["url"],
        {"agenda_item": meeting_case["item"], "summary": "<b>Arta Berisha</b> & <i>x</i>"},
    )
    html = response.get_data(as_text=True)
    assert "&lt;b&gt;<mark>Arta Berisha</mark>&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;" in html
    assert "<b>Arta" not in html
