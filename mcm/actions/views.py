"""My institution's actions: what a member institution must do, across all its meetings; for
coordinators, their mechanisms' actions by responsible institution."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, render_template, request
from flask_login import current_user

from mcm.accounts.models import Role
from mcm.actions import bp
from mcm.meetings.actions.services import actions_for
from mcm.meetings.models import Action
from mcm.meetings.policy import has_actions_overview


def _by_institution(found: list[Action]) -> list[tuple[Any, list[Action]]]:
    groups: dict[int, list[Action]] = {}
    for action in found:
        groups.setdefault(action.responsible_institution_id, []).append(action)
    return sorted(
        ((group[0].responsible_institution, group) for group in groups.values()),
        key=lambda pair: (pair[0].mechanism_id, pair[0].name),
    )


@bp.route("/mine")
def mine() -> Any:
    """The actions the user's institution is responsible for (coordinators: their mechanisms')."""
    if not has_actions_overview(current_user):
        abort(403)
    pending_only = request.args.get("show") != "all"
    coordinator = current_user.role is Role.COORDINATOR
    memberships = current_user.memberships
    if coordinator:
        found = actions_for(
            mechanism_ids=[m.mechanism_id for m in memberships], pending_only=pending_only
        )
    else:
        found = actions_for(
            institution_ids=[m.institution_id for m in memberships if m.institution_id],
            pending_only=pending_only,
        )
    return render_template(
        "actions/mine.html",
        groups=_by_institution(found),
        coordinator=coordinator,
        several_mechanisms=len({m.mechanism_id for m in memberships}) > 1,
        pending_only=pending_only,
        today=date.today(),
    )
