"""The `mcm` command line: users, demo data and the migration check."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import func, select

from mcm.accounts.models import Role, User
from mcm.extensions import db
from mcm.mechanisms.models import Institution


def test_users_create_with_password_from_stdin_can_sign_in(app, client) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "GEO.Peja@Test.Example.org",
            "--role",
            "coordinator",
            "--municipality",
            "pej",
            "--password-stdin",
        ],
        input="a-long-enough-passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "created user" in result.output
    response = client.login("geo.peja@test.example.org", "a-long-enough-passphrase")
    assert response.status_code == 302
    assert client.get("/").headers["Location"] == "/inbox"
    assert client.get("/m/PEJ/").status_code == 200


def test_users_create_refuses_bad_input_clearly(app, make_institution) -> None:
    runner = app.test_cli_runner()
    unknown = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@test.example.org",
            "--role",
            "coordinator",
            "--municipality",
            "XXX",
        ]
    )
    assert unknown.exit_code != 0 and "no municipality with code" in unknown.output
    member = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "b@test.example.org",
            "--role",
            "member",
            "--password-stdin",
        ],
        input="long-passphrase\n",
    )
    assert member.exit_code != 0 and "institution" in member.output
    institution = make_institution("FER")
    mismatch = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "c@test.example.org",
            "--role",
            "member",
            "--municipality",
            "PEJ",
            "--institution",
            str(institution),
        ]
    )
    assert mismatch.exit_code != 0 and "another municipality" in mismatch.output


def test_users_create_e_mails_an_invitation(app, inbox, make_institution) -> None:
    institution = make_institution("PEJ", "csw")
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "csw@test.example.org",
            "--role",
            "member",
            "--institution",
            str(institution),
        ]
    )
    assert result.exit_code == 0, result.output
    (body,) = inbox.bodies_to("csw@test.example.org")
    assert "/invitation/" in body


def test_users_list_and_disable(app, make_user) -> None:
    make_user("coordinator", "PEJ", email="geo@test.example.org")
    runner = app.test_cli_runner()
    listing = runner.invoke(args=["users", "list"]).output
    assert "geo@test.example.org\tcoordinator\tactive\tPEJ" in listing
    assert runner.invoke(args=["users", "disable", "geo@test.example.org"]).exit_code == 0
    assert (
        "geo@test.example.org\tcoordinator\tdisabled"
        in runner.invoke(args=["users", "list"]).output
    )
    assert runner.invoke(args=["users", "disable", "nobody@test.example.org"]).exit_code != 0


def test_demo_is_safe_to_run_twice(app) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        users = db.session.scalar(select(func.count(User.id)))
        institutions = db.session.scalar(select(func.count(Institution.id)))
        roles = set(db.session.scalars(select(User.role)))
    assert roles == set(Role)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == users
        assert db.session.scalar(select(func.count(Institution.id))) == institutions
    assert "demo-coordinator-2026" in first.output


def test_demo_passwords_are_the_ones_in_the_readme(app) -> None:
    from mcm import ROOT
    from mcm.demo import DEMO_PASSWORDS

    readme = (ROOT / "README.md").read_text()
    for password in DEMO_PASSWORDS.values():
        assert f"`{password}`" in readme


def test_migrations_build_exactly_the_schema_the_models_define(app) -> None:
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_console_script_is_installed() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from mcm.cli import main; main()", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    for command in ("users", "demo", "db", "run"):
        assert command in result.stdout


def test_demo_covers_every_mechanism_and_mou_state(app) -> None:
    from mcm.mechanisms.models import Mechanism, MechanismStatus, MouEvent, MouStatus

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert set(db.session.scalars(select(Mechanism.status))) == set(MechanismStatus)
        assert set(db.session.scalars(select(MouEvent.status))) == set(MouStatus)
        left = db.session.scalars(select(Institution).where(Institution.left_on.is_not(None)))
        assert len(left.all()) == 1
