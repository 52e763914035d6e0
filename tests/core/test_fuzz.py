"""Hostile input never breaks a page: every form-backed POST route of the app, reached with real
records as a role that may use it, gets whitespace, NUL bytes, huge and wrong-typed values,
unknown choices and impossible dates, and answers with a field error or a refusal, never a
server error."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from flask import Flask
from sqlalchemy import text
from werkzeug.routing import Rule

from mcm.accounts.models import Role
from mcm.demo import DEMO_PASSWORDS, DOMAIN, load_demo
from mcm.extensions import db
from tests.core.html_forms import forms_of

HOSTILE = [
    " ",
    "\t",
    "\r\n",
    "\x00",
    "a\x00b",
    "x" * 100_000,
    "y" * 1_000_000,  # 1 MB: above what a form accepts at all
    "-1",
    "-99999999999999999999",
    "9" * 40,
    "1e999",
    "NaN",
    "-inf",
    "0",
    "3.5",
    "2026-02-30",
    "99999-01-01",
    "0000-00-00",
    "2026-13-01",
    "25:61",
    "zzz-unknown",
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "\u202e\ufeff",
    "🙂" * 50,
    "[]",
    "None",
]

# Routes that end the fuzzing session itself, and a route whose every post succeeds.
SKIPPED = {"accounts.logout"}
ANONYMOUS = {"accounts.login", "accounts.verify", "accounts.reset_request", "accounts.reset",
             "accounts.accept"}  # fmt: skip


# Routes that refuse every input the fuzzing can make, by design.
UNREACHED = {
    "cases.transfer_accept": "the demo's only transfer is decided, and by another mechanism",
    "cases.transfer_decline": "the demo's only transfer is decided, and by another mechanism",
    "mechanisms.import_confirm": "accepts only the rows it signed itself (400 otherwise)",
}


def _one(sql: str, **params: Any) -> int | None:
    return db.session.execute(text(sql), params).scalar()


def _values(mechanism_code: str) -> dict[str, Any]:
    """A real record of the mechanism for every kind of id in a URL."""
    m = _one(
        "SELECT mechanisms.id FROM mechanisms JOIN municipalities ON "
        "municipalities.id = mechanisms.municipality_id WHERE municipalities.code = :c",
        c=mechanism_code,
    )
    meeting = _one(  # held, with minutes under review and comments
        "SELECT minutes.meeting_id FROM minutes_comments JOIN minutes ON minutes.id = "
        "minutes_comments.minutes_id JOIN meetings ON meetings.id = minutes.meeting_id "
        "WHERE meetings.mechanism_id = :m",
        m=m,
    ) or _one("SELECT id FROM meetings WHERE mechanism_id = :m", m=m)
    case = _one("SELECT id FROM cases WHERE mechanism_id = :m ORDER BY id", m=m)
    plan = _one("SELECT id FROM action_plans WHERE mechanism_id = :m ORDER BY id", m=m)
    partnership = _one("SELECT id FROM partnerships ORDER BY id")
    organisation = _one("SELECT id FROM partner_organisations ORDER BY id")
    user = _one("SELECT id FROM users WHERE email = :e", e=f"csw.fer@{DOMAIN}")
    return {
        "mechanism_code": mechanism_code,
        "meeting_id": meeting,
        "item_id": _one("SELECT id FROM agenda_items WHERE meeting_id = :x", x=meeting),
        "document_id": _one("SELECT id FROM meeting_documents WHERE meeting_id = :x", x=meeting),
        "comment_id": _one(
            "SELECT minutes_comments.id FROM minutes_comments JOIN minutes ON "
            "minutes.id = minutes_comments.minutes_id WHERE minutes.meeting_id = :x",
            x=meeting,
        )
        or 1,
        "action_id": _one("SELECT id FROM actions WHERE mechanism_id = :m", m=m),
        "institution_id": _one("SELECT id FROM institutions WHERE mechanism_id = :m", m=m),
        "representative_id": _one(
            "SELECT r.id FROM representatives r JOIN institutions i ON i.id = r.institution_id "
            "WHERE i.mechanism_id = :m",
            m=m,
        ),
        "request_id": _one("SELECT id FROM ad_hoc_requests WHERE mechanism_id = :m", m=m) or 1,
        "case_id": case,
        "link_id": _one("SELECT id FROM case_institutions WHERE case_id = :x", x=case),
        "discussion_id": _one("SELECT id FROM case_discussions WHERE case_id = :x", x=case) or 1,
        "transfer_id": _one("SELECT id FROM case_transfers ORDER BY id") or 1,
        "plan_id": plan,
        "objective_id": _one("SELECT id FROM plan_objectives WHERE plan_id = :x", x=plan),
        "activity_id": _one("SELECT id FROM plan_activities WHERE plan_id = :x", x=plan),
        "partnership_id": partnership,
        "training_id": _one("SELECT id FROM trainings WHERE partnership_id = :x", x=partnership)
        or 1,
        "support_id": _one(
            "SELECT id FROM support_entries WHERE partnership_id = :x", x=partnership
        )
        or 1,
        "organisation_id": organisation,
        "member_id": _one(
            "SELECT id FROM partner_members WHERE organisation_id = :x", x=organisation
        )
        or 1,
        "user_id": user,
        "membership_id": _one("SELECT id FROM memberships WHERE user_id = :u", u=user) or 1,
        "token": "x" * 20,
    }


def _url(app: Flask, rule: Rule, values: dict[str, Any]) -> str:
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        return adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments})


def test_hostile_input_to_every_form_answers_without_a_server_error(
    app: Flask, client_factory: Any
) -> None:
    started = time.monotonic()
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
    clients: dict[str, Any] = {"anonymous": client_factory()}
    for role, email in (
        ("coordinator", f"coordinator.pej@{DOMAIN}"),
        ("member", f"police.pej@{DOMAIN}"),
        ("observer", observer),
        ("administrator", f"admin@{DOMAIN}"),
    ):
        client = client_factory()
        assert client.login(email, DEMO_PASSWORDS[Role(role)]).status_code == 302, role
        clients[role] = client

    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    gets = [r for r in rules if "GET" in r.methods and not r.arguments - set(values)]
    posts = [r for r in rules if "POST" in r.methods and r.endpoint not in SKIPPED]
    errors: list[tuple[str, str, str, int]] = []

    # Read every page as every role, as a browser would, to learn each form's fields.
    fields: dict[str, dict[str, Any]] = {}
    for role, client in clients.items():
        for rule in gets:
            url = _url(app, rule, values)
            response = client.get(url)
            if response.status_code >= 500:
                errors.append((url, "GET", role, response.status_code))
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            for form in forms_of(response.get_data(as_text=True)):
                if form["method"] != "post":
                    continue
                target = (form["action"] or url).split("?")[0]
                seen = fields.setdefault(target, {"role": role, "names": [], "values": {}})
                if seen["role"] != role:
                    continue
                for name in form["names"]:
                    if name != "csrf_token" and name not in seen["names"]:
                        seen["names"].append(name)
                for name, value in form["values"].items():
                    seen["values"].setdefault(name, value)

    walked = time.monotonic() - started
    posted = 0
    per_route: dict[str, set[int]] = defaultdict(set)
    for rule in posts:
        url = _url(app, rule, values)
        known = fields.get(url)
        if rule.endpoint in ANONYMOUS:
            role = "anonymous"
        elif known is not None:
            role = known["role"]
        else:  # a button whose page the walk did not open: the first role let through
            role = next(
                (r for r in ("coordinator", "administrator", "observer", "member")
                 if clients[r].post(url).status_code != 403),
                "coordinator",
            )  # fmt: skip
        client = clients[role]
        names = (known or {}).get("names") or ["version", "reason", "status"]
        baseline = {k: v for k, v in (known or {}).get("values", {}).items() if k != "csrf_token"}
        # Every field at once (the megabyte alone: ten of them are only slower to send)...
        sends = [{name: value for name in names} for value in HOSTILE if len(value) < 10**6]
        # ...and each field alone, the others as the page had them.
        for index, name in enumerate(names):
            for value in [HOSTILE[index % 3], *HOSTILE[3 + index % 12 :: 12]]:
                sends.append({**baseline, name: value})
        sends.append({**{name: ["1", "2"] for name in names}})  # two values for one field
        for data in sends:
            response = client.post(url, data)
            posted += len(data)
            per_route[rule.endpoint].add(response.status_code)
            if response.status_code >= 500:
                sample = next((repr(v)[:24] for v in data.values()), "")
                errors.append((url, role, sample, response.status_code))
    elapsed = time.monotonic() - started
    assert errors == [], sorted({(url, role) for url, role, _, _ in errors})
    assert posted >= 1_000
    # The forms were reached: a route that only ever refused (403, 404, 400) tested nothing.
    unreached = {e for e, codes in per_route.items() if codes <= {400, 403, 404, 405}}
    assert unreached <= set(UNREACHED), unreached
    print(f"fuzz: {posted} values, {len(per_route)} routes, {walked:.0f}+{elapsed - walked:.0f} s")
