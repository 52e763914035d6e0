"""What every template can use: navigation by role, language names, formatting filters."""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_babel import format_number
from flask_login import current_user

from mcm.core import error_summary, history, i18n, labels


def _navigation() -> list[tuple[str, str]]:
    """(endpoint, label) pairs for the signed-in user's role."""
    from flask_babel import gettext as _

    from mcm.accounts.models import Role

    if not current_user.is_authenticated:
        return []
    items: list[tuple[str, str]] = [("inbox.index", _("Inbox"))]
    if current_user.role in (Role.COORDINATOR, Role.MEMBER):
        items.append(("mechanisms.mine", _("My mechanisms")))
        items.append(("actions.mine", _("Actions")))
        items.append(("calendar.index", _("Calendar")))
    if current_user.role in (Role.OBSERVER, Role.ADMINISTRATOR):
        items.append(("overview.index", _("National overview")))
        items.append(("statistics.index", _("Statistics")))
        items.append(("compliance.index", _("Meeting regularity")))
        items.append(("plans_national.matrix", _("Action plans")))
    if current_user.role is Role.OBSERVER:
        items.append(("partners.index", _("Partnerships")))
    if current_user.role is Role.ADMINISTRATOR:
        items += [
            ("admin.users", _("Users")),
            ("partners.organisations", _("Partner organisations")),
            ("admin.audit", _("Audit log")),
            ("plans.strategies", _("National strategies")),
            ("reference.index", _("Reference data")),
        ]
    items.append(("accounts.profile", _("My account")))
    return items


def _context() -> dict[str, Any]:
    return {
        "navigation": _navigation(),
        "languages": i18n.LANGUAGE_NAMES,
        "current_language": i18n.current_language(),
        "html_lang": i18n.locale_tag(),
        "mechanism": g.get("mechanism"),
    }


def init_app(app: Flask) -> None:
    """Register the context processor and filters."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.context_processor(_context)
    app.jinja_env.filters["datetime"] = i18n.datetime_format
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.filters["date"] = i18n.day_format
    app.jinja_env.filters["month"] = i18n.month_format
    app.jinja_env.filters["weekday"] = i18n.weekday_format
    app.jinja_env.globals["form_problems"] = error_summary.problems
    app.jinja_env.globals["audit_details"] = history.details_in_words
    app.jinja_env.globals["audit_record"] = history.record_in_words
    app.jinja_env.globals["audit_text"] = history.text_in_words
    app.jinja_env.globals["localized"] = i18n.localized
    app.jinja_env.globals["role_label"] = labels.role_label
    app.jinja_env.globals["status_label"] = labels.status_label
    app.jinja_env.globals["action_label"] = labels.action_label
    app.jinja_env.globals["mou_label"] = labels.mou_label
    app.jinja_env.filters["time"] = i18n.time_format
    for name in (  # meetings: planning, agenda, attendance, ad hoc requests
        "meeting_kind_label",
        "meeting_status_label",
        "urgency_label",
        "request_status_label",
        "agenda_kind_label",
        "presence_label",
        "reply_label",
        "quarter_state_label",
    ):
        app.jinja_env.globals[name] = getattr(labels, name)
