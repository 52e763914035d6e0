"""No query from inside a template: on the demo's records, every page every role may open is
rendered while a listener watches the database, and a statement sent while Jinja renders fails
the test. Views hand templates what they show, so a page's queries are the view's, chosen (and
counted) where the page's code is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, before_render_template, template_rendered
from sqlalchemy import event

from mcm.accounts.models import Role
from mcm.demo import DEMO_PASSWORDS, DOMAIN, load_demo
from mcm.extensions import db
from tests.core.test_fuzz import _one, _url, _values


@contextmanager
def statements_while_rendering(app: Flask) -> Iterator[list[tuple[str, str]]]:
    """(template, SQL) of every statement sent while a template renders."""
    rendering: list[str] = []
    caught: list[tuple[str, str]] = []

    def started(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        rendering.append(template.name)

    def finished(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        rendering.pop()

    def statement(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if rendering:
            caught.append((rendering[-1], " ".join(sql.split())))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", statement)
    before_render_template.connect(started, app)
    template_rendered.connect(finished, app)
    try:
        yield caught
    finally:
        template_rendered.disconnect(finished, app)
        before_render_template.disconnect(started, app)
        event.remove(engine, "before_cursor_execute", statement)


def test_the_listener_sees_a_query_sent_from_a_template(app: Flask) -> None:
    """The watch itself works: a template that reads the database is caught."""
    from flask import render_template_string
    from sqlalchemy import func, select

    from mcm.reference.models import Municipality

    def count() -> int | None:
        return db.session.scalar(select(func.count(Municipality.id)))

    with statements_while_rendering(app) as caught, app.test_request_context():
        render_template_string("{{ count() }}", count=count)
    assert caught and "municipalities" in caught[0][1]


def test_no_page_of_any_role_queries_the_database_while_its_template_renders(
    app: Flask, client_factory: Any
) -> None:
    with app.test_request_context():
        for _ in load_demo():
            pass
        db.session.commit()
        values = _values("PEJ")
        partner_org = _one(
            "SELECT organisation_id FROM partnerships WHERE id = :x", x=values["partnership_id"]
        )
        observer = _one(
            "SELECT u.email FROM users u JOIN partner_members pm ON pm.user_id = u.id "
            "WHERE pm.organisation_id = :o",
            o=partner_org,
        )
    clients = {}
    for role, email in (
        ("coordinator", f"coordinator.pej@{DOMAIN}"),
        ("member", f"police.pej@{DOMAIN}"),
        ("observer", observer),
        ("administrator", f"admin@{DOMAIN}"),
    ):
        client = client_factory()
        assert client.login(email, DEMO_PASSWORDS[Role(role)]).status_code == 302, role
        clients[role] = client
    clients["anonymous"] = client_factory()
    gets = [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint != "static" and "GET" in r.methods and not r.arguments - set(values)
    ]
    rendered: set[str] = set()
    offenders: dict[str, set[str]] = {}
    for client in clients.values():
        for rule in gets:
            url = _url(app, rule, values)
            with statements_while_rendering(app) as caught:
                response = client.get(url)
            if response.status_code == 200 and "html" in response.content_type:
                rendered.add(rule.endpoint)
            for template, sql in caught:
                offenders.setdefault(f"{rule.endpoint} ({template})", set()).add(sql)
    # The walk reached the pages that matter, so an empty list of offenders means something.
    assert {"mechanisms.home", "meetings.detail", "meetings.minutes", "cases.index"} <= rendered
    assert not offenders, "\n".join(
        f"{page}: {len(sql)} statement(s): "
        + " | ".join(sorted(s[s.find(" FROM ") :][:110] for s in sql))
        for page, sql in sorted(offenders.items())
    )
