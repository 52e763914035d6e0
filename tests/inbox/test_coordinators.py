"""A coordinator's inbox: requests, transfers, comments, MoUs, meetings not marked as held and
minutes not circulated appear, and leave once done on their pages; an observer sees none of it;
the navigation's count costs the same few queries however much there is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from mcm.cases.models import CaseTransfer
from mcm.extensions import db
from mcm.mechanisms.models import MouEvent, MouStatus
from mcm.meetings.models import (
    AdHocRequest,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
)
from tests.conftest import Client, mechanism_id
from tests.inbox.conftest import entries_of

NOW = datetime.now(UTC).replace(microsecond=0)


def test_an_urgent_request_reaches_the_coordinator_at_once_and_leaves_when_decided(
    app, make_user, make_institution, smtp
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja (urgent)")
    coordinator_id = make_user("coordinator", "PEJ", email="geo.urgent@test.example.org")
    coordinator, member = Client(app), Client(app)
    coordinator.login_user(coordinator_id)
    member.login_user(make_user("member", "PEJ", institution_id=police))

    response = member.post(
        "/m/PEJ/meetings/requests/new",
        {
            "reason": "A high-risk situation needs the institutions together.",
            "urgency": "immediate",
        },
    )
    assert response.status_code == 302, response.get_data(True)
    # At once, by e-mail (the real SMTP server) and in her inbox's e-mails.
    [mail] = [m for m in smtp.messages if m["To"] == "geo.urgent@test.example.org"]
    assert "Urgent" in str(mail["Subject"])
    assert "high-risk situation" not in smtp.bodies_to("geo.urgent@test.example.org")[0]
    page = entries_of(coordinator)
    assert "Ad hoc meeting requests to decide" in page
    assert "Police Station Peja (urgent) asks for an ad hoc meeting" in page
    assert "Urgent: Police Station Peja (urgent) asks for an ad hoc meeting" in page  # the mail

    with app.app_context():
        request_id = db.session.scalar(select(AdHocRequest.id))
    declined = coordinator.post(
        f"/m/PEJ/meetings/requests/{request_id}/decline",
        {"reason": "The next regular meeting is in two days."},
    )
    assert declined.status_code == 302
    assert "Ad hoc meeting requests to decide" not in entries_of(coordinator)


def test_a_routine_request_is_not_mailed_to_the_coordinator(
    app, make_user, make_institution, smtp
) -> None:
    make_user("coordinator", "PEJ", email="geo.routine@test.example.org")
    member = Client(app)
    member.login_user(make_user("member", "PEJ"))
    member.post(
        "/m/PEJ/meetings/requests/new",
        {"reason": "The action plan needs a review.", "urgency": "routine"},
    )
    assert smtp.bodies_to("geo.routine@test.example.org") == []


def test_a_transfer_waits_for_the_receiving_coordinator_and_never_for_an_observer(
    app, make_user, make_case
) -> None:
    case_id = make_case("PEJ")
    sender, receiver, observer = Client(app), Client(app), Client(app)
    sender.login_user(make_user("coordinator", "PEJ"))
    receiver.login_user(make_user("coordinator", "FER"))
    observer.login_user(make_user("observer", None))
    sender.post(
        f"/m/PEJ/cases/{case_id}/transfer",
        {"to_mechanism": mechanism_id(app, "FER"), "reason": "The victim moved to Ferizaj."},
    )
    with app.app_context():
        transfer = db.session.scalar(select(CaseTransfer))
        code, transfer_id = transfer.case.code, transfer.id
    page = entries_of(receiver)
    assert "Case transfers to accept" in page and code in page
    assert "Case transfers to accept" not in entries_of(sender)
    observed = entries_of(observer)
    assert code not in observed and "Nothing waits for you" in observed

    assert receiver.post(f"/m/FER/cases/transfers/{transfer_id}/accept").status_code == 302
    assert "Case transfers to accept" not in entries_of(receiver)


def test_comments_to_resolve_leave_when_resolved(
    app, make_user, make_meeting, make_agenda_item
) -> None:
    coordinator = Client(app)
    coordinator.login_user(make_user("coordinator", "PEJ"))
    meeting = make_meeting(starts_at=NOW - timedelta(days=6), status=MeetingStatus.HELD)
    item = make_agenda_item(meeting)
    with app.app_context():
        minutes = Minutes(
            meeting_id=meeting,
            status=MinutesStatus.CIRCULATED,
            review_until=date.today() + timedelta(days=7),
            circulated_at=NOW,
        )
        db.session.add(minutes)
        db.session.flush()
        version = MinutesVersion(minutes_id=minutes.id, number=1, content={})
        db.session.add(version)
        db.session.flush()
        minutes.current_version_id = version.id
        for body in ("Add the shelter's answer.", "Correct the date of the visit."):
            db.session.add(MinutesComment(minutes_id=minutes.id, agenda_item_id=item, body=body))
        db.session.commit()
        comment_ids = list(db.session.scalars(select(MinutesComment.id)))
    assert "2 comments to resolve" in entries_of(coordinator)

    for comment_id in comment_ids:
        coordinator.post(
            f"/m/PEJ/meetings/{meeting}/minutes/comments/{comment_id}/resolve",
            {"resolution": "Added to the minutes."},
        )
    assert "Comments to resolve" not in entries_of(coordinator)


def test_meetings_not_marked_as_held_and_minutes_not_circulated(
    app, make_user, make_meeting
) -> None:
    coordinator = Client(app)
    coordinator.login_user(make_user("coordinator", "PEJ"))
    past = make_meeting(starts_at=NOW - timedelta(days=12), status=MeetingStatus.INVITED)
    ahead = make_meeting(status=MeetingStatus.INVITED)
    html = coordinator.get("/inbox").get_data(as_text=True)
    assert "Meetings to mark as held" in html
    assert f"/m/PEJ/meetings/{past}" in html and f"/m/PEJ/meetings/{ahead}" not in html
    assert "Minutes to circulate" not in html

    assert coordinator.post(f"/m/PEJ/meetings/{past}/held").status_code == 302
    page = entries_of(coordinator)
    # Held 12 days ago and no minutes: past the 3 working days; marking it held moved it.
    assert "Meetings to mark as held" not in page and "Minutes to circulate" in page

    with app.app_context():
        db.session.add(Minutes(meeting_id=past, status=MinutesStatus.CIRCULATED, circulated_at=NOW))
        db.session.commit()
    assert "Minutes to circulate" not in entries_of(coordinator)


def test_an_mou_due_for_renewal_leaves_when_renewed(app, make_user, make_institution) -> None:
    court = make_institution("PEJ", "court", "Basic Court Peja (inbox)")
    coordinator = Client(app)
    coordinator.login_user(make_user("coordinator", "PEJ"))
    with app.app_context():
        db.session.add(
            MouEvent(
                institution_id=court,
                status=MouStatus.SIGNED,
                effective_on=date.today() - timedelta(days=700),
                renewal_on=date.today() + timedelta(days=30),
            )
        )
        db.session.commit()
    page = entries_of(coordinator)
    assert "MoUs due for renewal" in page and "MoU of Basic Court Peja (inbox)" in page

    marked = coordinator.post(
        f"/m/PEJ/institutions/{court}/mou",
        {"mou_status": "renewal_due", "mou_date": date.today().isoformat()},
    )
    assert marked.status_code == 302, marked.get_data(True)
    assert "Marked as due for renewal" in entries_of(coordinator)
    renewed = coordinator.post(
        f"/m/PEJ/institutions/{court}/mou",
        {
            "mou_status": "signed",
            "mou_date": date.today().isoformat(),
            "signatory": "Head of the court (test)",
            "renewal_on": (date.today() + timedelta(days=3 * 365)).isoformat(),
        },
    )
    assert renewed.status_code == 302, renewed.get_data(True)
    assert "MoUs due for renewal" not in entries_of(coordinator)


def test_the_navigation_count_takes_the_same_queries_however_much_waits(
    app, make_user, make_meeting, count_queries
) -> None:
    from mcm.accounts.models import Membership

    coordinator_id = make_user("coordinator", "PEJ")
    coordinator = Client(app)
    coordinator.login_user(coordinator_id)

    def queries_for_a_page() -> int:
        coordinator.get("/account")  # warm: the session's row is written at most once a minute
        with count_queries() as statements:
            assert coordinator.get("/account").status_code == 200
        return len(statements)

    few = queries_for_a_page()
    with app.app_context():
        for code in ("FER", "LIP", "POD"):
            db.session.add(Membership(user_id=coordinator_id, mechanism_id=mechanism_id(app, code)))
        db.session.commit()
    for code in ("PEJ", "FER", "LIP", "POD"):
        for days in (5, 9):
            make_meeting(code, starts_at=NOW - timedelta(days=days), status=MeetingStatus.PLANNED)
    assert queries_for_a_page() == few
    html = coordinator.get("/account").get_data(as_text=True)
    assert '<span class="nav-count">8<' in html
