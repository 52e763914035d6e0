"""Irreversible steps confirm first: the page's form asks in the browser (data-confirm), and a
post that was not confirmed (no JavaScript) is answered with a confirmation page, nothing done,
whose "Yes" sends the same form again; nobody refused by the gate is asked anything."""

from __future__ import annotations

from flask import Flask

from mcm.core.confirm import question_for
from mcm.extensions import db
from mcm.meetings.models import AgendaItem
from tests.core.html_forms import form_with, forms_of

IRREVERSIBLE = {  # the steps the issue names, and the others found like them
    "meetings.send_invitations",
    "meetings.minutes_approve",
    "meetings.minutes_circulate",
    "meetings.agenda_remove",
    "meetings.cancel",
    "meetings.held",
    "meetings.request_decline",
    "cases.transfer",
    "cases.transfer_accept",
    "cases.transfer_decline",
    "cases.close",
    "mechanisms.institution_leave",
    "plans.plan_adopt",
    "admin.remove_membership",
    "admin.disable",
    "admin.reset_totp",
    "partners.remove_member",
}


def test_every_irreversible_step_is_declared(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        declared = {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if "POST" in rule.methods
            and getattr(app.view_functions[rule.endpoint], "_mcm_irreversible", None)
        }
        assert question_for("/m/PEJ/meetings/1/held") == "Mark the meeting as held."
    assert declared == IRREVERSIBLE


def test_removing_an_agenda_item_asks_first(
    app: Flask, client, make_user, make_meeting, make_agenda_item
) -> None:
    meeting_id = make_meeting()
    item_id = make_agenda_item(meeting_id, "Topic to drop")
    client.login_user(make_user("coordinator", "PEJ"))
    page = client.get(f"/m/PEJ/meetings/{meeting_id}/agenda").get_data(as_text=True)
    remove = f"/m/PEJ/meetings/{meeting_id}/agenda/{item_id}/remove"
    assert any(f["action"] == remove for f in forms_of(page))
    assert f'action="{remove}" class="inline-form" data-confirm="Remove this item' in page

    # Without JavaScript nothing confirms the post: the server asks, and removes nothing.
    asked = client.post(remove, {"confirmed": ""})
    assert asked.status_code == 200
    html = asked.get_data(as_text=True)
    assert "Are you sure?" in html and "Remove this item from the agenda." in html
    with app.app_context():
        assert db.session.get(AgendaItem, item_id) is not None

    yes = form_with(html, "confirmed")
    assert yes["values"]["confirmed"] == ["yes"]
    done = client.post(remove, {k: v[0] for k, v in yes["values"].items()})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(AgendaItem, item_id) is None


def test_the_gate_refuses_before_anything_is_asked(
    client, make_user, make_meeting, make_agenda_item
) -> None:
    meeting_id = make_meeting()
    item_id = make_agenda_item(meeting_id)
    client.login_user(make_user("observer"))
    remove = f"/m/PEJ/meetings/{meeting_id}/agenda/{item_id}/remove"
    assert client.post(remove, {"confirmed": ""}).status_code == 403
