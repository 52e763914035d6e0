"""Administrators manage users and roles; every change is in the audit log they can browse."""

from __future__ import annotations

from sqlalchemy import select

from mcm.accounts.models import Role, User
from mcm.core.audit import AuditEntry
from mcm.extensions import db
from tests.conftest import mechanism_id, text_of


def _actions(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.object_type == "users", AuditEntry.object_id == user_id)
                .order_by(AuditEntry.id)
            )
        )


def test_invite_keeps_input_and_explains_a_missing_municipality(app, client, make_user) -> None:
    client.login_user(make_user("administrator", None))
    response = client.post(
        "/admin/users/new",
        {"email": "coordinator.two@test.example.org", "role": "coordinator", "mechanism": ""},
    )
    assert response.status_code == 200
    assert "A coordinator runs a mechanism" in text_of(response)
    assert 'value="coordinator.two@test.example.org"' in response.get_data(as_text=True)


def test_invite_refuses_a_duplicate_address(app, client, make_user) -> None:
    existing = make_user("member")
    client.login_user(make_user("administrator", None))
    with app.app_context():
        email = db.session.get(User, existing).email
    response = client.post("/admin/users/new", {"email": email.upper(), "role": "observer"})
    assert "already exists" in text_of(response)


def test_invitation_mail_failure_is_reported_and_can_be_repeated(app, client, make_user) -> None:
    # No mail server is configured in tests unless the inbox fixture starts one.
    client.login_user(make_user("administrator", None))
    response = client.post(
        "/admin/users/new",
        {"email": "observer.one@test.example.org", "role": "observer"},
        follow_redirects=True,
    )
    assert "could not be sent" in text_of(response)
    assert "Send the invitation again" in text_of(response)


def test_member_invitation_seats_the_user_for_an_institution(
    app, client, make_user, make_institution, inbox
) -> None:
    institution = make_institution("FER", "csw", "Centre for Social Work Ferizaj")
    client.login_user(make_user("administrator", None))
    client.post(
        "/admin/users/new",
        {"email": "csw.fer@test.example.org", "role": "member", "institution": str(institution)},
    )
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "csw.fer@test.example.org"))
        assert user.role is Role.MEMBER
        assert [(m.mechanism.code, m.institution.name) for m in user.memberships] == [
            ("FER", "Centre for Social Work Ferizaj")
        ]


def test_role_change_is_audited_and_removes_seats_the_role_cannot_hold(
    app, client, make_user
) -> None:
    subject = make_user("coordinator", "PEJ")
    client.login_user(make_user("administrator", None))
    client.post(f"/admin/users/{subject}/role", {"role": "observer"})
    with app.app_context():
        user = db.session.get(User, subject)
        assert user.role is Role.OBSERVER
        assert user.memberships == []
    assert _actions(app, subject)[-2:] == ["role_changed", "membership_removed"]
    page = text_of(client.get(f"/admin/users/{subject}"))
    assert "Role changed (Before: Coordinator; After: Observer" in page


def test_administrator_cannot_demote_or_disable_themselves(app, client, make_user) -> None:
    admin = make_user("administrator", None)
    client.login_user(admin)
    client.post(f"/admin/users/{admin}/role", {"role": "member"})
    client.post(f"/admin/users/{admin}/disable")
    with app.app_context():
        user = db.session.get(User, admin)
        assert user.role is Role.ADMINISTRATOR and user.active


def test_disable_and_enable(app, client, client_factory, make_user) -> None:
    subject = make_user("member")
    signed_in = client_factory()
    signed_in.login_user(subject)
    client.login_user(make_user("administrator", None))
    client.post(f"/admin/users/{subject}/disable")
    assert signed_in.get("/m/PEJ/").headers["Location"].startswith("/login")
    client.post(f"/admin/users/{subject}/enable")
    assert _actions(app, subject)[-2:] == ["user_disabled", "user_enabled"]
    signed_in.login_user(subject)


def test_add_and_remove_a_mechanism_seat(app, client, make_user) -> None:
    subject = make_user("coordinator", "PEJ")
    client.login_user(make_user("administrator", None))
    client.post(f"/admin/users/{subject}/memberships", {"mechanism": mechanism_id(app, "GJI")})
    with app.app_context():
        seats = {m.mechanism.code: m.id for m in db.session.get(User, subject).memberships}
    assert set(seats) == {"PEJ", "GJI"}
    client.post(f"/admin/users/{subject}/memberships/{seats['PEJ']}/remove")
    with app.app_context():
        assert [m.mechanism.code for m in db.session.get(User, subject).memberships] == ["GJI"]


def test_observer_cannot_be_seated_in_a_mechanism(app, client, make_user) -> None:
    subject = make_user("observer", None)
    client.login_user(make_user("administrator", None))
    response = client.post(
        f"/admin/users/{subject}/memberships",
        {"mechanism": mechanism_id(app, "PEJ")},
        follow_redirects=True,
    )
    assert "do not sit in a mechanism" in text_of(response)


def test_audit_log_lists_sign_ins_and_failures_and_filters(app, client, make_user) -> None:
    member = make_user("member")
    with app.app_context():
        member_email = db.session.get(User, member).email
    client.login(member_email, "wrong-password")
    client.login_user(member)
    client.post("/logout")
    client.login_user(make_user("administrator", None))
    page = text_of(client.get("/admin/audit"))
    assert "Failed sign-in" in page and "Signed in" in page
    filtered = text_of(client.get("/admin/audit?action=login_failed"))
    assert "Failed sign-in" in filtered and "User created" not in filtered
    by_user = text_of(client.get(f"/admin/audit?user={member_email}"))
    assert "Signed out" in by_user and "User created" not in by_user


def test_users_page_is_paged_and_filters_by_role(app, client, make_user, count_queries) -> None:
    for _ in range(3):
        make_user("member")
    client.login_user(make_user("administrator", None))
    with count_queries() as few:
        client.get("/admin/users")
    for _ in range(10):
        make_user("member")
        make_user("coordinator", "FER")
    with count_queries() as many:
        page = text_of(client.get("/admin/users?role=coordinator"))
    assert len(many) == len(few)
    assert "Member representative" not in page.split("State")[1]
