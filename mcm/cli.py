"""The `mcm` command: Flask's CLI with the app loaded, plus demo data and user management."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from mcm import FEATURES, create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def main() -> None:
    """Municipal Coordination Mechanisms against Domestic Violence."""


users = click.Group("users", help="Create, list and disable user accounts.")


@users.command("create")
@click.option("--email", required=True, help="The user's e-mail address (the sign-in name).")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["administrator", "coordinator", "member", "observer"]),
)
@click.option("--municipality", help="Municipality code of the coordinator's mechanism, e.g. PEJ.")
@click.option("--institution", type=int, help="Id of the member institution a member represents.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of e-mailing an invitation.",
)
@with_appcontext
def create_user_command(
    email: str, role: str, municipality: str | None, institution: int | None, password_stdin: bool
) -> None:
    """Create a user; without --password-stdin an invitation link is e-mailed."""
    from mcm.accounts import services as accounts
    from mcm.accounts.models import Role
    from mcm.core import outbox_service
    from mcm.core.outbox import OutboxStatus
    from mcm.extensions import db
    from mcm.mechanisms.models import Institution
    from mcm.mechanisms.services import mechanism_by_code

    mechanism = None
    if municipality:
        mechanism = mechanism_by_code(municipality)
        if mechanism is None:
            raise click.UsageError(f"no municipality with code {municipality!r}")
    member_institution = None
    if institution is not None:
        member_institution = db.session.get(Institution, institution)
        if member_institution is None:
            raise click.UsageError(f"no institution with id {institution}")
        if mechanism is not None and member_institution.mechanism_id != mechanism.id:
            raise click.UsageError("the institution belongs to another municipality")
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = accounts.create_user(
            email,
            Role(role),
            mechanism=mechanism,
            institution=member_institution,
            password=password,
        )
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    invitation = None
    if password is None:
        with _request_context():  # url_for builds the link from MCM_BASE_URL
            invitation = accounts.invite(user)
    db.session.commit()
    click.echo(f"created user {user.id} <{user.email}> as {user.role.value}")
    if invitation is not None:
        # Queued in the outbox with the account: if the server is down it goes later.
        outbox_service.deliver_pending()
        db.session.refresh(invitation)
        if invitation.status is OutboxStatus.SENT:
            click.echo("invitation e-mailed")
        else:
            click.echo(
                "the mail server did not take the invitation; it waits in the outbox and goes "
                f"when the server answers ({invitation.last_error})",
                err=True,
            )


def _request_context():  # type: ignore[no-untyped-def]
    """A request context so url_for builds links; MCM_BASE_URL gives the public address."""
    from flask import current_app

    base = current_app.config["MCM_BASE_URL"] or "http://127.0.0.1:5000"
    return current_app.test_request_context(base_url=base)


@users.command("list")
@with_appcontext
def list_users_command() -> None:
    """List users: id, e-mail, role, active, mechanisms."""
    from sqlalchemy.orm import selectinload

    from mcm.accounts.models import Membership, User
    from mcm.extensions import db

    rows = db.session.scalars(
        select(User)
        .options(selectinload(User.memberships).joinedload(Membership.mechanism))
        .order_by(User.id)
    )
    for user in rows:
        seats = ",".join(m.mechanism.code for m in user.memberships) or "-"
        state = "active" if user.active else "disabled"
        click.echo(f"{user.id}\t{user.email}\t{user.role.value}\t{state}\t{seats}")


@users.command("disable")
@click.argument("email")
@with_appcontext
def disable_user_command(email: str) -> None:
    """Disable an account and end all of its sessions."""
    from mcm.accounts import services as accounts
    from mcm.extensions import db

    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"no user with e-mail {email}")
    accounts.set_active(user, False)
    db.session.commit()
    click.echo(f"disabled {user.email}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the synthetic demo data (safe to run again)."""
    from mcm.demo import load_demo

    for line in load_demo():
        click.echo(line)


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the scheduled reminders; start exactly one of these beside the web server."""
    from flask import current_app

    from mcm.core.scheduler import TASKS, build_scheduler

    scheduler = build_scheduler(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(f"scheduler started with tasks: {', '.join(sorted(TASKS))}")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown()


@click.command("run-task")
@click.argument("name")
@with_appcontext
def run_task_command(name: str) -> None:
    """Run one scheduled task now (it still runs at most once per time slot)."""
    from mcm.core.scheduler import TASKS, import_tasks, run_task

    import_tasks(FEATURES)
    if name not in TASKS:
        raise click.UsageError(f"unknown task {name!r}; tasks: {', '.join(sorted(TASKS))}")
    result = run_task(name)
    click.echo(f"{name}: already ran in this period" if result is None else f"{name}: {result}")


aggregates_group = click.Group(
    "aggregates", help="The figures the national pages read, kept on every change."
)


@aggregates_group.command("rebuild")
@with_appcontext
def rebuild_aggregates_command() -> None:
    """Recompute every kept figure from the records (after a restore or a bulk import)."""
    from mcm.core import aggregates
    from mcm.extensions import db

    names = aggregates.rebuild_all(db.session)
    db.session.commit()
    click.echo(f"rebuilt: {', '.join(names) or 'nothing registered'}")


def register(app: Flask) -> None:
    """Add mcm's own commands to the app's CLI."""
    app.cli.add_command(users)
    app.cli.add_command(aggregates_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(run_task_command)
    from mcm.plans.strategy.cli import strategy

    app.cli.add_command(strategy)
    from mcm.search.cli import search

    app.cli.add_command(search)
