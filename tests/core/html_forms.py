"""Reading a page's forms as a browser would: the fields a user can fill in and the values the
page opens with, to send them back changed."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "enctype": a.get("enctype", ""),
                "values": {},
                "names": [],
                "choices": {},
                "types": {},
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option":
            if self._select is not None:
                self._form["choices"].setdefault(self._select, []).append(a.get("value", ""))
                if "selected" in a:
                    self._form["values"][self._select] = [a.get("value", "")]
            return
        if "name" not in a:
            return
        name = a["name"]
        if name not in self._form["names"]:
            self._form["names"].append(name)
        values = self._form["values"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            self._form["types"][name] = kind
            if kind in ("checkbox", "radio"):
                self._form["choices"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    values.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                values[name] = [a.get("value", "")]
        elif tag == "textarea":
            self._form["types"][name] = "textarea"
            self._textarea = name
            values[name] = [""]
        elif tag == "select":
            self._form["types"][name] = "select"
            self._select = name

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            self._form["values"][self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            if self._form is not None and self._textarea is not None:
                text = self._form["values"][self._textarea][0]
                self._form["values"][self._textarea][0] = text.removeprefix("\r\n").removeprefix(
                    "\n"
                )
            self._textarea = None
        elif tag == "select":
            # A browser sends the first option when none is selected.
            if self._form is not None and self._select is not None:
                options = self._form["choices"].get(self._select) or [""]
                self._form["values"].setdefault(self._select, [options[0]])
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[dict[str, Any]]:
    """Every form of the page: action, method, field names, values it opens with, choices."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_with(html: str, field: str) -> dict[str, Any]:
    """The page's form that has this field."""
    for form in forms_of(html):
        if field in form["names"]:
            return form
    raise AssertionError(f"no form with a field {field!r}")
