"""A member's reply to a meeting invitation in a real browser: she signs in, opens the meeting
from her mechanism's meetings and records that a deputy will attend for her institution."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mcm.extensions import db
from mcm.meetings.invitations import services as services_invitations
from mcm.meetings.models import Invitation, Meeting, Reply
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import report, violations
from tests.meetings.conftest import (  # noqa: F401 - fixtures
    make_agenda_item,
    make_meeting,
    make_representative,
)

pytestmark = pytest.mark.browser


def test_a_member_replies_that_a_deputy_attends(
    app,
    page,
    make_user,
    make_institution,
    email_of,
    make_meeting,  # noqa: F811 - the meetings' factories, imported above
    make_agenda_item,  # noqa: F811
    make_representative,  # noqa: F811
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja (test)")
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja (test)")
    make_representative(police, "Police Representative (test)", "rep.police@test.example.org")
    make_representative(csw, "CSW Representative (test)", "rep.csw@test.example.org")
    member = make_user("member", "PEJ", institution_id=police)
    meeting_id = make_meeting()
    make_agenda_item(meeting_id, "Shelter capacity in winter")
    with app.test_request_context():
        services_invitations.send_invitations(db.session.get(Meeting, meeting_id))
        db.session.commit()

    sign_in(page, email_of(member))
    page.goto("/m/PEJ/")  # from the inbox, where every role lands
    page.get_by_role("link", name="Meetings").first.click()
    page.locator(f'a[href$="/meetings/{meeting_id}"]').first.click()
    expect(page.get_by_role("heading", name="Invitations and replies")).to_be_visible()
    assert not violations(page), report({page.url: violations(page)})

    reply = page.get_by_role("group", name="Reply of Police Station Peja (test)")
    reply.get_by_label("Deputy attending").check()
    page.get_by_role("button", name="Send the reply").click()

    expect(page.locator(".flash--success")).to_contain_text(
        "Reply recorded for Police Station Peja (test): Deputy attending."
    )
    panel = page.locator("section", has=page.get_by_role("heading", name="Invitations and replies"))
    expect(panel.get_by_role("row", name="Police Station Peja (test)")).to_contain_text(
        "Deputy attending"
    )
    expect(reply.get_by_label("Deputy attending")).to_be_checked()  # the form shows her reply
    with app.app_context():
        invitation = db.session.scalar(
            select(Invitation).where(
                Invitation.meeting_id == meeting_id, Invitation.institution_id == police
            )
        )
        assert invitation.reply is Reply.DEPUTY_ATTENDING
        assert invitation.replied_by_id == member


def test_the_coordinator_records_a_reply_given_by_phone(
    app,
    page,
    make_user,
    make_institution,
    email_of,
    make_meeting,  # noqa: F811
    make_representative,  # noqa: F811
) -> None:
    police = make_institution("PEJ", "police", "Police Station Peja (test)")
    make_institution("PEJ", "shelter", "Safe House Peja (test)")  # nobody with an address
    make_representative(police, "Police Representative (test)", "rep.police@test.example.org")
    meeting_id = make_meeting()
    sign_in(page, email_of(make_user("coordinator", "PEJ")))
    page.goto(f"/m/PEJ/meetings/{meeting_id}")
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.locator(".flash--success")).to_contain_text("on its way to 1 address")
    expect(page.locator(".flash--error")).to_contain_text("Safe House Peja (test)")
    assert not violations(page), report({page.url: violations(page)})

    page.get_by_label("Reply of Safe House Peja (test)").select_option(label="Not attending")
    page.get_by_role("button", name="Record Safe House Peja (test)").click()
    expect(page.locator(".flash--success")).to_contain_text(
        "Reply recorded for Safe House Peja (test): Not attending."
    )
