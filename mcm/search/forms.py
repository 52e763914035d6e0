"""The search box."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField
from wtforms.validators import Optional

from mcm.core.forms import Form, max_length

MAX_QUERY = 200


class SearchForm(Form):
    class Meta:
        csrf = False  # a GET search: changes nothing

    q = SearchField(_l("Search"), validators=[Optional(), max_length(MAX_QUERY)])
