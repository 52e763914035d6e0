"""The search page."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user

from mcm.search import bp
from mcm.search.forms import SearchForm
from mcm.search.queries import Found, search


@bp.route("/search")
def index() -> Any:
    """Search the records the user may see; the words found are marked in each result."""
    form = SearchForm(request.args)
    query = (form.q.data or "") if form.validate() else ""
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    found = search(user, query) if query else Found(tokens=[])
    return render_template("search/index.html", form=form, query=query, found=found)
