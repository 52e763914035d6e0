"""The plan's Word documents as downloads: the local action plan (for the mechanism's members)
and the annual progress report for the ministry (for coordinators, audited)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flask import abort, g, send_file
from flask_login import current_user

from mcm.cases.statistics.figures import local_today
from mcm.core import audit
from mcm.core.access import Rule, allow, get_or_404
from mcm.core.word import DOCX_MIMETYPE
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.plans import bp
from mcm.plans.local import exports
from mcm.plans.models import ActionPlan
from mcm.plans.panels import plan_panel
from mcm.plans.progress import report

FIRST_YEAR = 2000  # no mechanism reported before this; older years are a typing error


def _send(content: bytes, filename: str) -> Any:
    return send_file(
        io.BytesIO(content),
        mimetype=DOCX_MIMETYPE,
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )


@bp.route("/m/<mechanism_code>/plans/<int:plan_id>/plan.docx")
def plan_docx(plan_id: int) -> Any:
    """The local action plan as a Word document."""
    plan: ActionPlan = get_or_404(ActionPlan, plan_id)
    content = exports.plan_document(plan)
    return _send(
        content, f"action-plan-{g.mechanism.code}-{plan.starts_year}-{plan.ends_year}.docx"
    )


@bp.route("/m/<mechanism_code>/plans/report-<int:year>.docx")
@allow(Rule.MECHANISM_MANAGE)
def annual_report_docx(year: int) -> Any:
    """The mechanism's annual progress report for a year, as a Word document."""
    today = local_today()
    if not FIRST_YEAR <= year <= today.year:
        abort(404)
    content = report.annual_report(g.mechanism, year, today)
    # What leaves the system for the ministry is evidence, like downloaded minutes.
    audit.record("plan_report_downloaded", mechanism_id=g.mechanism.id, year=year)
    db.session.commit()
    return _send(content, f"annual-report-{g.mechanism.code}-{year}.docx")


@dataclass
class PlanDocuments:
    """Which documents of a plan this user can download."""

    plan: ActionPlan
    report_years: list[int]


@plan_panel
def plan_documents(plan: ActionPlan, known: dict[str, Any]) -> dict[str, PlanDocuments]:
    """What the documents panel of the plan page offers this user: the plan, and for
    coordinators the annual reports of the plan's years so far (latest first)."""
    years: list[int] = []
    if can_manage_mechanism(current_user, plan.mechanism):
        last = min(plan.ends_year, local_today().year)
        years = list(range(last, plan.starts_year - 1, -1))
    return {"plan_documents": PlanDocuments(plan, years)}
