"""Minutes: drafted by the coordinator, circulated, commented per item, resolved, approved and
locked; corrections are new versions with a reason; concurrent edits are refused with both texts
shown; members read the summary without the case items."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mcm.core.audit import AuditEntry
from mcm.core.outbox import OutboxMessage
from mcm.extensions import db
from mcm.meetings.models import Action, Minutes, MinutesComment, MinutesStatus
from tests.conftest import text_of
from tests.meetings.minutes.helpers import (
    REVIEWER,
    build_scene,
    current_text,
    form_data,
    save,
    stored,
)


@pytest.fixture
def scene(app, make_user, make_institution, make_meeting, make_agenda_item):
    return build_scene(app, make_user, make_institution, make_meeting, make_agenda_item)


def _circulate(client, app, scene, until: date | None = None):
    minutes, _ = stored(app, scene.meeting)
    until = until or date.today() + timedelta(days=7)
    return client.post(
        scene.minutes_url + "/circulate",
        {"version": str(minutes.version), "review_until": until.isoformat()},
    )


def _comment(client, scene, item_id: int, body: str):
    return client.post(
        f"{scene.minutes_url}/items/{item_id}/comments", {f"item{item_id}-body": body}
    )


def _approve(client, app, scene, **data):
    minutes, _ = stored(app, scene.meeting)
    return client.post(scene.minutes_url + "/approve", {"version": str(minutes.version), **data})


EARLY = "Every member institution confirmed the text at the meeting."


def _comment_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(MinutesComment.id).order_by(MinutesComment.id)))


def test_the_draft_is_edited_in_place_and_only_the_coordinator_sees_it(
    app, client_factory, scene
) -> None:
    coordinator, member = client_factory(), client_factory()
    coordinator.login_user(scene.coordinator)
    member.login_user(scene.member)
    topic = scene.items["topic"]
    assert save(coordinator, app, scene, {topic: ("First words", "")}).status_code == 302
    assert save(coordinator, app, scene, {topic: ("Better words", "Agreed")}).status_code == 302

    minutes, versions = stored(app, scene.meeting)
    assert minutes.status is MinutesStatus.DRAFT
    assert [v.number for v in versions] == [1]  # the draft stays version 1
    assert versions[0].content[str(topic)] == {"summary": "Better words", "decisions": "Agreed"}
    assert "Better words" in text_of(coordinator.get(scene.minutes_url))
    page = text_of(member.get(scene.minutes_url))
    assert "have not been circulated yet" in page and "Better words" not in page
    assert member.get(scene.minutes_url + "/versions/1").status_code == 404


def test_members_can_comment_but_not_edit(app, client_factory, scene) -> None:
    coordinator, member = client_factory(), client_factory()
    coordinator.login_user(scene.coordinator)
    member.login_user(scene.member)
    save(coordinator, app, scene, {scene.items["topic"]: ("Summary", "Decision")})
    _circulate(coordinator, app, scene)
    assert member.get(scene.minutes_url + "/edit").status_code == 403
    response = member.post(
        scene.minutes_url + "/edit", form_data(app, scene, {scene.items["topic"]: ("Mine", "")})
    )
    assert response.status_code == 403
    assert member.post(scene.minutes_url + "/approve", {"basis": "date"}).status_code == 403
    assert current_text(app, scene.meeting)[str(scene.items["topic"])]["summary"] == "Summary"
    assert (
        _comment(member, scene, scene.items["topic"], "Add the view of the shelter").status_code
        == 302
    )
    assert "Add the view of the shelter" in text_of(member.get(scene.minutes_url))


def test_the_whole_review_workflow(app, client_factory, scene, inbox) -> None:
    coordinator, member = client_factory(), client_factory()
    coordinator.login_user(scene.coordinator)
    member.login_user(scene.member)
    topic = scene.items["topic"]
    save(coordinator, app, scene, {topic: ("Referral pathway discussed", "Pathway adopted")})

    response = _circulate(coordinator, app, scene)
    assert response.status_code == 302
    minutes, _ = stored(app, scene.meeting)
    assert minutes.status is MinutesStatus.CIRCULATED and minutes.circulated_at is not None
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage)).all()
        assert [(m.to_address, m.kind) for m in messages] == [(REVIEWER, "minutes_circulated")]
    assert any(scene.minutes_url in body for body in inbox.bodies_to(REVIEWER))

    # A member comments on one item; empty comments are refused with the form kept.
    empty = _comment(member, scene, topic, "   ")
    assert empty.status_code == 200 and "Please fill in this field." in text_of(empty)
    _comment(member, scene, topic, "Please name the shelter as a partner.")
    page = text_of(coordinator.get(scene.minutes_url))
    assert "Please name the shelter as a partner." in page
    assert "Police Station Peja (test)" in page  # the comment shows who made it
    assert "1 comment waits for the coordinator." in page

    # Approval waits for every comment to be resolved.
    refused = _approve(coordinator, app, scene, basis="meeting", at_meeting=str(scene.later))
    assert "Resolve every comment" in text_of(refused)
    (comment_id,) = _comment_ids(app)
    resolve_url = f"{scene.minutes_url}/comments/{comment_id}/resolve"
    assert member.post(resolve_url, {"resolution": "x"}).status_code == 403
    assert "Please fill in this field." in text_of(
        coordinator.post(resolve_url, {"resolution": ""})
    )
    # The coordinator takes the comment in: during circulation an edit is a new version.
    save(
        coordinator,
        app,
        scene,
        {topic: ("Referral pathway discussed", "Pathway adopted with the shelter")},
    )
    coordinator.post(resolve_url, {"resolution": "Added to the decision."})
    page = text_of(member.get(scene.minutes_url))
    assert "Resolved" in page and "Added to the decision." in page

    response = _approve(
        coordinator,
        app,
        scene,
        basis="meeting",
        at_meeting=str(scene.later),
        early_reason=EARLY,
    )
    assert response.status_code == 302
    minutes, versions = stored(app, scene.meeting)
    assert minutes.status is MinutesStatus.APPROVED
    assert minutes.approved_at_meeting_id == scene.later and minutes.approved_by_id
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].content[str(topic)]["decisions"] == "Pathway adopted"
    page = text_of(member.get(scene.minutes_url))
    assert "Approved at the meeting of" in page and "Edit the minutes" not in page
    # After approval nobody comments any more.
    after = _comment(member, scene, topic, "Too late")
    assert "while the minutes are circulated" in text_of(after)
    assert len(_comment_ids(app)) == 1


def test_approval_by_date_waits_for_the_review_deadline(app, client, scene) -> None:
    client.login_user(scene.coordinator)
    save(client, app, scene, {scene.items["topic"]: ("Summary", "")})
    _circulate(client, app, scene, until=date.today())
    refused = _approve(client, app, scene, basis="date")
    assert "give the reason for approving the minutes before it ends" in text_of(refused)
    assert stored(app, scene.meeting)[0].status is MinutesStatus.CIRCULATED
    with app.app_context():
        found = db.session.scalar(select(Minutes).where(Minutes.meeting_id == scene.meeting))
        found.review_until = date.today() - timedelta(days=1)
        db.session.commit()
    assert _approve(client, app, scene, basis="date").status_code == 302
    minutes, _ = stored(app, scene.meeting)
    assert minutes.status is MinutesStatus.APPROVED and minutes.approved_at_meeting_id is None
    assert "Approved by the review deadline" in text_of(client.get(scene.minutes_url))


def _approved(app, client, scene, summary: str = "The original summary") -> None:
    save(client, app, scene, {scene.items["topic"]: (summary, "The original decision")})
    _circulate(client, app, scene)
    _approve(client, app, scene, basis="meeting", at_meeting=str(scene.later), early_reason=EARLY)
    assert stored(app, scene.meeting)[0].status is MinutesStatus.APPROVED


def test_approved_minutes_cannot_change_without_a_new_version(app, client, scene) -> None:
    client.login_user(scene.coordinator)
    topic = scene.items["topic"]
    _approved(app, client, scene)
    minutes, versions = stored(app, scene.meeting)
    approved_text = versions[-1].content

    # No route edits the approved version in place.
    assert client.get(scene.minutes_url + "/edit").status_code == 302
    response = save(client, app, scene, {topic: ("Silently changed", "")})
    assert response.headers["Location"].endswith("/minutes/correct")
    assert _circulate(client, app, scene).status_code == 200  # refused, form shown again
    _approve(client, app, scene, basis="date")
    after, same = stored(app, scene.meeting)
    assert [v.content for v in same] == [v.content for v in versions]
    assert after.version == minutes.version and after.status is MinutesStatus.APPROVED

    # A correction needs a reason…
    data = form_data(app, scene, {topic: ("The corrected summary", "The original decision")})
    refused = client.post(scene.minutes_url + "/correct", {**data, "reason": "  "})
    assert refused.status_code == 200 and "Please fill in this field." in text_of(refused)
    assert len(stored(app, scene.meeting)[1]) == len(versions)
    # …and the same text is no correction.
    unchanged = client.post(
        scene.minutes_url + "/correct", {**form_data(app, scene, {}), "reason": "Nothing"}
    )
    assert "Nothing was changed" in text_of(unchanged)

    response = client.post(scene.minutes_url + "/correct", {**data, "reason": "Wrong wording"})
    assert response.status_code == 302
    corrected, now = stored(app, scene.meeting)
    assert [v.number for v in now] == [1, 2]
    assert corrected.status is MinutesStatus.APPROVED
    assert corrected.current_version_id == now[-1].id and now[-1].reason == "Wrong wording"
    assert now[0].content == approved_text  # the approved version is unchanged…
    old_page = text_of(client.get(scene.minutes_url + "/versions/1"))
    assert "The original summary" in old_page and "The corrected summary" not in old_page
    assert "The corrected summary" in text_of(client.get(scene.minutes_url))
    # …and the comparison shows what changed, item by item.
    compare = client.get(scene.minutes_url + "/compare?from=1&to=2").get_data(as_text=True)
    assert "<del>" in compare and "original</del>" in compare
    assert "corrected</ins>" in compare
    assert "Wrong wording" in compare
    with app.app_context():
        details = str(db.session.scalars(select(AuditEntry.details)).all())
    assert "original" not in details and "corrected" not in details  # no text in the log


def test_compare_escapes_text_and_refuses_unknown_versions(app, client, scene) -> None:
    client.login_user(scene.coordinator)
    _approved(app, client, scene, summary="Plain text")
    data = form_data(app, scene, {scene.items["topic"]: ("<script>alert(1)</script>", "")})
    client.post(scene.minutes_url + "/correct", {**data, "reason": "Test"})
    page = client.get(scene.minutes_url + "/compare?from=1&to=2").get_data(as_text=True)
    assert "<script>alert" not in page and html.escape("<script>") in page
    assert client.get(scene.minutes_url + "/compare?from=1&to=9").status_code == 404
    assert client.get(scene.minutes_url + "/compare?from=abc&to=-1").status_code == 200


def test_concurrent_edits_are_refused_with_both_texts_shown(app, client_factory, scene) -> None:
    first, second = client_factory(), client_factory()
    first.login_user(scene.coordinator)
    second.login_user(scene.coordinator)
    topic = scene.items["topic"]
    save(first, app, scene, {topic: ("Opening text", "")})
    # Both open the form on the same state.
    opened_by_second = form_data(app, scene, {topic: ("Second's text", "Second's decision")})
    assert save(first, app, scene, {topic: ("First's text", "")}).status_code == 302

    refused = second.post(scene.minutes_url + "/edit", opened_by_second)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Someone else saved this record" in text_of(refused)
    assert "Second&#39;s text" in page and "First&#39;s text" in page  # both texts shown
    assert current_text(app, scene.meeting)[str(topic)]["summary"] == "First's text"

    # Saving again from the refused form (which now carries the new version) is accepted.
    minutes, _ = stored(app, scene.meeting)
    assert f'name="version" type="hidden" value="{minutes.version}"' in page
    again = {**opened_by_second, "version": str(minutes.version)}
    assert second.post(scene.minutes_url + "/edit", again).status_code == 302
    assert current_text(app, scene.meeting)[str(topic)]["summary"] == "Second's text"


def test_concurrent_corrections_are_refused_too(app, client_factory, scene) -> None:
    first, second = client_factory(), client_factory()
    first.login_user(scene.coordinator)
    second.login_user(scene.coordinator)
    topic = scene.items["topic"]
    _approved(app, first, scene)
    opened = form_data(app, scene, {topic: ("Second's correction", "")})
    first.post(
        scene.minutes_url + "/correct",
        {**form_data(app, scene, {topic: ("First's correction", "")}), "reason": "One"},
    )
    refused = second.post(scene.minutes_url + "/correct", {**opened, "reason": "Two"})
    assert "Someone else saved this record" in text_of(refused)
    assert [v.number for v in stored(app, scene.meeting)[1]] == [1, 2]


def test_members_read_the_summary_without_case_items(app, client_factory, scene) -> None:
    coordinator, member = client_factory(), client_factory()
    coordinator.login_user(scene.coordinator)
    member.login_user(scene.member)
    cases, topic = scene.items["cases"], scene.items["topic"]
    save(
        coordinator,
        app,
        scene,
        {topic: ("Public summary", ""), cases: ("PEJ-2026-003 discussed", "Risk reviewed")},
    )
    _circulate(coordinator, app, scene)
    full = text_of(coordinator.get(scene.minutes_url))
    assert "PEJ-2026-003 discussed" in full and "Case discussions" in full
    assert "Full version, restricted" in full
    for url in (scene.minutes_url, scene.minutes_url + "/versions/1"):
        summary = text_of(member.get(url))
        assert "Public summary" in summary
        assert "PEJ-2026-003" not in summary and "Case discussions" not in summary
    assert "case discussions are in the restricted full version" in text_of(
        member.get(scene.minutes_url)
    )
    assert _comment(member, scene, cases, "About the case").status_code == 404
    assert _comment(coordinator, scene, cases, "Note on the case").status_code == 302


def test_case_items_stay_closed_until_confidentiality_is_acknowledged(
    app, client, make_user, make_institution, make_meeting, make_agenda_item
) -> None:
    scene = build_scene(
        app, make_user, make_institution, make_meeting, make_agenda_item, acknowledged=False
    )
    client.login_user(scene.coordinator)
    cases = scene.items["cases"]
    page = client.get(scene.minutes_url + "/edit").get_data(as_text=True)
    assert f'name="summary_{cases}"' not in page
    assert "acknowledged the confidentiality statement" in page
    # A posted case text is ignored: the field is not on the form.
    save(client, app, scene, {scene.items["topic"]: ("Topic", ""), cases: ("PEJ-2026-001", "")})
    assert str(cases) not in current_text(app, scene.meeting)
    with app.app_context():
        minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == scene.meeting))
        version = minutes.current_version
        version.content = {**version.content, str(cases): {"summary": "Earlier", "decisions": ""}}
        db.session.commit()
    # Saving other items keeps the closed case item's text as it was.
    save(client, app, scene, {scene.items["topic"]: ("Topic again", "")})
    assert current_text(app, scene.meeting)[str(cases)]["summary"] == "Earlier"
    assert "Earlier" not in text_of(client.get(scene.minutes_url))


def _fill(app, scene, n: int) -> None:
    """Text, an action and a comment for each topic of the scene's circulated minutes."""
    with app.app_context():
        minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == scene.meeting))
        content = dict(minutes.current_version.content)
        for index, item_id in enumerate(scene.topics[:n]):
            content[str(item_id)] = {
                "summary": f"Summary {index}",
                "decisions": f"Decision {index}",
            }
            db.session.add(
                Action(
                    mechanism_id=minutes.meeting.mechanism_id,
                    meeting_id=scene.meeting,
                    agenda_item_id=item_id,
                    title=f"Action {index}",
                    responsible_institution_id=scene.police if index % 2 else scene.csw,
                    due_on=date.today() + timedelta(days=index - 3),
                )
            )
            db.session.add(
                MinutesComment(
                    minutes_id=minutes.id,
                    agenda_item_id=item_id,
                    institution_id=scene.police if index % 2 else scene.csw,
                    body=f"Comment {index}",
                )
            )
        minutes.current_version.content = content
        db.session.commit()


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_the_minutes_page_issues_a_constant_number_of_queries(
    app,
    client_factory,
    make_user,
    make_institution,
    make_meeting,
    make_agenda_item,
    count_queries,
    role,
) -> None:
    counts = []
    for n in (1, 12):
        scene = build_scene(
            app, make_user, make_institution, make_meeting, make_agenda_item, topics=n
        )
        coordinator = client_factory()
        coordinator.login_user(scene.coordinator)
        save(coordinator, app, scene, {scene.topics[0]: ("Start", "")})
        _circulate(coordinator, app, scene)
        _fill(app, scene, n)
        reader = coordinator
        if role == "member":
            reader = client_factory()
            reader.login_user(scene.member)
        with count_queries() as statements:
            page = reader.get(scene.minutes_url)
        assert page.status_code == 200 and f"Comment {n - 1}" in text_of(page)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_meeting_page_shows_the_minutes_and_actions_panels(app, client_factory, scene) -> None:
    coordinator, member = client_factory(), client_factory()
    coordinator.login_user(scene.coordinator)
    member.login_user(scene.member)
    meeting_url = f"/m/PEJ/meetings/{scene.meeting}"
    assert "Not written yet." in text_of(coordinator.get(meeting_url))
    save(coordinator, app, scene, {scene.items["topic"]: ("Summary", "")})
    coordinator.post(
        f"/m/PEJ/meetings/{scene.meeting}/actions/new",
        {
            "agenda_item": str(scene.items["topic"]),
            "title": "Map the services for children",
            "institution": str(scene.police),
            "due_on": (date.today() - timedelta(days=1)).isoformat(),
        },
    )
    page = coordinator.get(meeting_url).get_data(as_text=True)
    assert "Draft" in page and f"{scene.minutes_url}/edit" not in page  # the panel opens them
    assert f'href="{scene.minutes_url}"' in page
    assert "Map the services for children" in page and "Overdue" in page
    # The member sees no draft, but her institution's action.
    page = member.get(meeting_url).get_data(as_text=True)
    assert f'href="{scene.minutes_url}"' not in page
    assert "Map the services for children" in page


def test_personal_data_is_refused_with_the_text_kept(app, client_factory, scene) -> None:
    coordinator, member = client_factory(), client_factory()
    coordinator.login_user(scene.coordinator)
    member.login_user(scene.member)
    topic = scene.items["topic"]
    refused = save(coordinator, app, scene, {topic: ("Call her on +383 44 123 456", "")})
    assert refused.status_code == 200
    assert "This text contains personal data." in text_of(refused)
    assert "<mark>+383 44 123 456</mark>" in refused.get_data(as_text=True)
    assert stored(app, scene.meeting) == (None, [])
    save(coordinator, app, scene, {topic: ("Summary", "")})
    _circulate(coordinator, app, scene)
    comment = _comment(member, scene, topic, "Write to arta.berisha@example.com")
    assert "This text contains personal data." in text_of(comment)
    assert _comment_ids(app) == []
