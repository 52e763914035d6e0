"""The preferences form: for each group of e-mails offered to the user, at once, daily digest or
none. Built per user, since a coordinator is offered more groups than a member."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice

from mcm.core.forms import Form
from mcm.core.outbox import Delivery
from mcm.inbox.kinds import Group

CHOICES = (
    SelectChoice(Delivery.NOW.value, _l("E-mail at once")),
    SelectChoice(Delivery.DIGEST.value, _l("One e-mail a day (daily digest)")),
    SelectChoice(Delivery.NONE.value, _l("No e-mail: only in my inbox")),
)


class PreferencesForm(Form):
    """One radio group per kind of e-mail; the fields are added for the user's groups."""


def preferences_form(groups: list[Group], current: dict[str, Delivery], **kwargs: Any) -> Any:
    """A form with a field per group, set to the user's current choice."""

    class Bound(PreferencesForm):
        pass

    for group in groups:
        setattr(
            Bound,
            f"kind_{group.key}",
            RadioField(group.label, choices=list(CHOICES), default=current[group.key].value),
        )
    return Bound(**kwargs)
