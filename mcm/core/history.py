"""The history of a record in words: each audit entry's details as "label: value" pairs in the
user's language, with dates as the pages write them; ids and internal codes stay out of sight."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mcm.core import labels
from mcm.core.i18n import datetime_format, day_format

DETAIL_LABELS = {  # in the order they are read: what was, then what is
    "before": _l("Before"),
    "old": _l("Before"),
    "after": _l("After"),
    "new": _l("After"),
    "assessed_on": _l("Date"),
    "closed_on": _l("Closed on"),
    "code": _l("Code"),
    "decision_reference": _l("Decision"),
    "due_on": _l("Due date"),
    "effective_on": _l("Date"),
    "email": _l("E-mail address"),
    "expires_at": _l("Until"),
    "founded_on": _l("Founded on"),
    "given_on": _l("Date"),
    "held_on": _l("Date"),
    "left_on": _l("Left on"),
    "left": _l("Recovery codes left"),
    "messages": _l("E-mails"),
    "module": _l("Module"),
    "name": _l("Name"),
    "notified": _l("People notified"),
    "number": _l("Version"),
    "participants": _l("Participants"),
    "reason": _l("Reason"),
    "reported_on": _l("Date"),
    "review_until": _l("Review deadline"),
    "starts_at": _l("Date and time"),
    "title": _l("Title"),
    "urgency": _l("Urgency"),
    "version": _l("Version"),
    "year": _l("Year"),
}

# The kind of record an entry concerns (its table), in words.
RECORD_LABELS = {
    "action_plans": _l("Local action plan"),
    "actions": _l("Action"),
    "ad_hoc_requests": _l("Ad hoc meeting request"),
    "agenda_items": _l("Agenda item"),
    "case_discussions": _l("Case discussion"),
    "case_institutions": _l("Involved institution"),
    "case_transfers": _l("Case transfer"),
    "cases": _l("Case"),
    "documents": _l("Document"),
    "institutions": _l("Member institution"),
    "mechanisms": _l("Mechanism"),
    "meetings": _l("Meeting"),
    "memberships": _l("Membership"),
    "minutes": _l("Minutes"),
    "minutes_comments": _l("Comment on the minutes"),
    "partner_organisations": _l("Partner organisation"),
    "partnerships": _l("Partnership"),
    "plan_activities": _l("Activity"),
    "plan_objectives": _l("Objective"),
    "representatives": _l("Representative"),
    "strategies": _l("National strategy"),
    "trainings": _l("Training"),
    "users": _l("User"),
}

# Values that are codes, read through the label of what they stand for.
_VALUE_LABELS = {
    ("role_changed", "before"): labels.role_label,
    ("role_changed", "after"): labels.role_label,
    ("mechanism_status_changed", "before"): labels.status_label,
    ("mechanism_status_changed", "after"): labels.status_label,
    ("ad_hoc_requested", "urgency"): labels.urgency_label,
}


def _value(action: str, key: str, value: Any) -> str | None:
    reader = _VALUE_LABELS.get((action, key))
    if reader is not None:
        try:
            return reader(value)
        except KeyError:
            return str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return str(len(value))  # e.g. how many e-mails: their addresses are not history
    if isinstance(value, str):
        return text_in_words(value)
    return None  # a structure (such as scores) has its own page


def text_in_words(text: str) -> str:
    """An ISO date or moment as the pages write dates; any other text as it is."""
    try:
        if len(text) == 10:
            return day_format(date.fromisoformat(text))
        if len(text) > 10 and text[4] == "-" and text[10] == "T":
            return datetime_format(datetime.fromisoformat(text))
    except ValueError:
        pass
    return text


def details_in_words(entry: Any) -> list[tuple[str, str]]:
    """(label, value) for each detail of an audit entry a reader can use."""
    found = []
    details = entry.details or {}
    for key, label in DETAIL_LABELS.items():
        value = details.get(key)
        if value is None:
            continue
        shown = _value(entry.action, key, value)
        if shown is not None:
            found.append((str(label), shown))
    return found


def record_in_words(entry: Any) -> str:
    """The record an entry concerns, such as "Meeting 12"; empty when it concerns none."""
    if not entry.object_type:
        return ""
    label = RECORD_LABELS.get(entry.object_type)
    name = str(label) if label is not None else _("Record")
    return f"{name} {entry.object_id}" if entry.object_id else name
