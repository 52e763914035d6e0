"""Ad hoc meetings: a member institution asks, the coordinator accepts (scheduling the meeting,
prefilled from the request) or declines with a reason, and the requester is told by e-mail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from mcm.core.outbox import OutboxMessage
from mcm.extensions import db
from mcm.meetings.models import AdHocRequest, Meeting, MeetingKind, RequestStatus
from tests.conftest import text_of
from tests.meetings.planning.helpers import today

REQUESTS = "/m/PEJ/meetings/requests"


def _ask(client, app, **overrides: object):
    day = today(app) + timedelta(days=4)
    data = {
        "reason": "Several high-risk situations in the same school need a joint response.",
        "urgency": "urgent",
        "date1": day.isoformat(),
        "date2": (day + timedelta(days=1)).isoformat(),
    }
    data.update(overrides)
    return client.post(REQUESTS + "/new", data)


def _only_request(app) -> AdHocRequest:
    with app.app_context():
        found = db.session.scalar(select(AdHocRequest))
        db.session.expunge(found)
        return found


def test_member_requests_and_follows_her_request(app, client, make_user, make_institution):
    police = make_institution("PEJ", "police", "Police station Peja")
    client.login_user(make_user("member", "PEJ", institution_id=police))
    assert "Request an ad hoc meeting" in text_of(client.get("/m/PEJ/meetings/"))
    response = _ask(client, app)
    assert response.status_code == 302
    ad_hoc = _only_request(app)
    assert ad_hoc.institution_id == police and ad_hoc.status is RequestStatus.PENDING
    assert len(ad_hoc.proposed_dates) == 2
    page = text_of(client.get(response.headers["Location"]))
    assert "Waiting for the coordinator" in page and "Urgent (within days)" in page
    listing = text_of(client.get(REQUESTS))
    assert "Police station Peja" in listing
    # She can neither accept nor decline.
    assert client.get(f"{REQUESTS}/{ad_hoc.id}/accept").status_code == 403
    assert client.post(f"{REQUESTS}/{ad_hoc.id}/decline", {"reason": "x"}).status_code == 403


def test_another_institution_does_not_see_the_request(app, client, make_user, make_institution):
    police = make_institution("PEJ", "police", "Police station Peja")
    client.login_user(make_user("member", "PEJ", institution_id=police))
    _ask(client, app)
    ad_hoc = _only_request(app)
    other = type(client)(app)
    other.login_user(make_user("member", "PEJ"))
    assert other.get(f"{REQUESTS}/{ad_hoc.id}").status_code == 403
    assert "Police station Peja" not in text_of(other.get(REQUESTS))
    stranger = type(client)(app)
    stranger.login_user(make_user("coordinator", "FER"))
    assert stranger.get(f"{REQUESTS}/{ad_hoc.id}").status_code == 403
    assert stranger.get(f"/m/FER/meetings/requests/{ad_hoc.id}").status_code == 404


def test_bad_requests_are_refused_with_a_message(app, client, make_user) -> None:
    client.login_user(make_user("member", "PEJ"))
    yesterday = (today(app) - timedelta(days=1)).isoformat()
    for overrides, message in [
        ({"reason": ""}, "Please fill in this field."),
        ({"reason": "x" * 2001}, "At most 2000 characters, please."),
        ({"urgency": "whenever"}, "Choose one of the options offered."),
        ({"date1": yesterday}, "Proposed dates cannot be in the past."),
        ({"date2": "31/31/2031"}, "Enter the date as day, month and year."),
    ]:
        response = _ask(client, app, **overrides)
        assert response.status_code == 200 and message in text_of(response), overrides
    with app.app_context():
        assert db.session.scalar(select(AdHocRequest.id)) is None


def test_coordinator_accepts_and_the_requester_is_told(
    app, client, make_user, make_institution, inbox
) -> None:
    police = make_institution("PEJ", "police", "Police station Peja")
    member = type(client)(app)
    member.login_user(
        make_user("member", "PEJ", institution_id=police, email="police.pej@test.example.org")
    )
    _ask(member, app)
    ad_hoc = _only_request(app)
    client.login_user(make_user("coordinator", "PEJ"))
    assert "1 waiting" in text_of(client.get("/m/PEJ/meetings/"))
    form = client.get(f"{REQUESTS}/{ad_hoc.id}/accept").get_data(as_text=True)
    first = ad_hoc.proposed_dates[0]
    assert f'value="{first}"' in form and 'value="10:00"' in form
    assert "high-risk situations" in form  # the reason, as the meeting's notes
    response = client.post(
        f"{REQUESTS}/{ad_hoc.id}/accept",
        {
            "kind": "ad_hoc",
            "documents_language": "en",
            "day": first,
            "starts": "14:00",
            "place": "Police station meeting room",
            "notes": "Joint response",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        stored = db.session.get(AdHocRequest, ad_hoc.id)
        assert meeting.kind is MeetingKind.AD_HOC and stored.meeting_id == meeting.id
        assert stored.status is RequestStatus.ACCEPTED and stored.decided_by_id is not None
    (body,) = inbox.bodies_to("police.pej@test.example.org")
    assert "has been accepted" in body and "Police station meeting room" in body
    assert f"/m/PEJ/meetings/requests/{ad_hoc.id}" in body
    page = text_of(member.get(f"{REQUESTS}/{ad_hoc.id}"))
    assert "Accepted" in page
    assert "Requested by Police station Peja" in text_of(client.get(response.headers["Location"]))
    # Decided once: a second decision is refused.
    again = client.post(f"{REQUESTS}/{ad_hoc.id}/decline", {"reason": "Changed my mind"})
    assert "already been decided" in text_of(client.get(again.headers["Location"]))
    assert _only_request(app).status is RequestStatus.ACCEPTED


def test_coordinator_declines_with_a_reason(app, client, make_user, make_institution) -> None:
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    member = type(client)(app)
    member.login_user(
        make_user("member", "PEJ", institution_id=csw, email="csw.pej@test.example.org")
    )
    _ask(member, app, urgency="routine")
    ad_hoc = _only_request(app)
    client.login_user(make_user("coordinator", "PEJ"))
    refused = client.post(f"{REQUESTS}/{ad_hoc.id}/decline", {"reason": ""})
    assert "Please fill in this field." in text_of(refused)
    client.post(
        f"{REQUESTS}/{ad_hoc.id}/decline",
        {"reason": "The regular meeting next week covers it."},
    )
    stored = _only_request(app)
    assert stored.status is RequestStatus.DECLINED
    assert stored.decline_reason == "The regular meeting next week covers it."
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        assert message.to_address == "csw.pej@test.example.org"
        assert "declined" in message.subject and "regular meeting next week" in message.body
    assert "The regular meeting next week covers it." in text_of(
        member.get(f"{REQUESTS}/{ad_hoc.id}")
    )


def test_coordinator_asks_on_an_institutions_behalf(app, client, make_user, make_institution):
    shelter = make_institution("PEJ", "shelter", "Shelter Peja")
    make_user("member", "PEJ", institution_id=shelter, email="shelter.pej@test.example.org")
    client.login_user(make_user("coordinator", "PEJ"))
    response = _ask(client, app, institution="")
    assert "Choose the institution that asks for the meeting." in text_of(response)
    _ask(client, app, institution=str(shelter), urgency="immediate")
    ad_hoc = _only_request(app)
    assert ad_hoc.institution_id == shelter
    client.post(f"{REQUESTS}/{ad_hoc.id}/decline", {"reason": "Handled by phone."})
    with app.app_context():
        # The coordinator asked: the institution's member representatives hear of it.
        assert db.session.scalars(select(OutboxMessage.to_address)).all() == [
            "shelter.pej@test.example.org"
        ]


def test_observers_and_other_mechanisms_cannot_request(app, client, make_user) -> None:
    client.login_user(make_user("observer", None))
    assert client.get(REQUESTS + "/new").status_code == 403
    other = type(client)(app)
    other.login_user(make_user("member", "FER"))
    assert other.get(REQUESTS + "/new").status_code == 403
    assert other.get(REQUESTS).status_code == 403
