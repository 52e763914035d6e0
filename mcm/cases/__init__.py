"""Anonymized cases: the register, discussions at meetings, need-to-know access, transfers,
the case extract, and statistics. URLs: /m/<CODE>/cases/…"""

from typing import Any

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("cases", __name__)
declare(bp, Rule.MECHANISM_VIEW)


@bp.context_processor
def _case_words() -> dict[str, Any]:
    """The case pages' words for structured facts, in the user's language."""
    from mcm.cases.labels import case_label, case_labels
    from mcm.core.labels import action_status_label

    return {
        "case_label": case_label,
        "case_labels": case_labels,
        "action_status_label": action_status_label,
    }
