"""Forms that guide: every form of the app, refused, opens with the error summary (GOV.UK
pattern) that links to each field in error, and each field keeps its own error beside it."""

from __future__ import annotations

import time
from html.parser import HTMLParser
from typing import Any

from flask import Flask

from mcm.accounts.models import Role
from mcm.demo import DEMO_PASSWORDS, DOMAIN, load_demo
from mcm.extensions import db
from tests.core.html_forms import forms_of
from tests.core.test_fuzz import _url, _values

SKIPPED = {"/logout"}


class _Page(HTMLParser):
    """The ids of a page, its fields' own errors, and the summary's links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.errors: list[str | None] = []  # the id of each field error ("<field>-error")
        self.summary: dict[str, Any] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        classes = a.get("class", "").split()
        if "error-summary" in classes:
            self.summary = {"role": a.get("role"), "links": [], "title": ""}
            self._depth = 1
        elif self._depth and tag == "div":
            self._depth += 1
        if self._depth and tag == "a":
            self.summary["links"].append(a.get("href", ""))  # type: ignore[index]
        if "error" in classes and tag == "p":
            self.errors.append(a.get("id"))

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "div":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and self.summary is not None and not self.summary["title"]:
            self.summary["title"] = data.strip()


def _refusal_problems(html: str) -> list[str]:
    page = _Page()
    page.feed(html)
    if not page.errors:
        return []
    if page.summary is None:
        return ["no error summary"]
    wrong = []
    if page.summary["role"] != "alert" or page.summary["title"] != "There is a problem":
        wrong.append("summary without its title or role")
    links = {href.removeprefix("#") for href in page.summary["links"]}
    wrong += [f"link to missing #{target}" for target in links - page.ids]
    for error in page.errors:
        if not error or not error.endswith("-error"):
            wrong.append("a field error not tied to its field")
            continue
        field = error.removesuffix("-error")
        if not {field, f"{field}-0"} & links:
            wrong.append(f"no link to {field}")
    return wrong


def test_every_refused_form_opens_with_a_summary_linking_each_field(
    app: Flask, client_factory: Any
) -> None:
    started = time.monotonic()
    with app.test_request_context():
        for _ in load_demo():
            pass
        db.session.commit()
        values = _values("PEJ")
    clients = {}
    for role, email in (
        ("coordinator", f"coordinator.pej@{DOMAIN}"),
        ("member", f"police.pej@{DOMAIN}"),
        ("administrator", f"admin@{DOMAIN}"),
        ("observer", f"observer.network@{DOMAIN}"),
    ):
        client = client_factory()
        assert client.login(email, DEMO_PASSWORDS[Role(role)]).status_code == 302, role
        clients[role] = client
    anonymous = client_factory()

    # Every form a page shows, as the first role whose page shows it.
    forms: dict[str, tuple[Any, dict[str, Any]]] = {}
    gets = [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and r.endpoint != "static" and not r.arguments - set(values)
    ]
    for client in [*clients.values(), anonymous]:
        for rule in gets:
            url = _url(app, rule, values)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            for form in forms_of(response.get_data(as_text=True)):
                target = (form["action"] or url).split("?")[0]
                if form["method"] == "post" and target not in SKIPPED:
                    forms.setdefault(target, (client, form))

    refused: set[str] = set()
    wrong: dict[str, list[str]] = {}
    for target, (client, form) in sorted(forms.items()):
        hidden = {n for n, kind in form["types"].items() if kind == "hidden"}
        filled = [n for n in form["names"] if n not in hidden and n != "csrf_token"]
        if not filled:
            continue  # a button: nothing to type, nothing to refuse
        kept = {n: v for n, v in form["values"].items() if n in hidden}
        # Everything left empty, then everything too long or not one of the choices.
        for value in ("", "x" * 100_001):
            response = client.post(target, {**kept, **{n: value for n in filled}})
            html = response.get_data(as_text=True)
            problems = _refusal_problems(html)
            if 'class="error"' in html:
                refused.add(target)
            if problems:
                wrong.setdefault(target, []).extend(problems)
    assert wrong == {}
    assert len(refused) > 50, sorted(refused)
    print(f"error summaries: {len(refused)} forms refused, {time.monotonic() - started:.0f} s")
