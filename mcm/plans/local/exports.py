"""Word documents of action plans, in the reader's language: the local action plan itself, and
the mechanism's annual progress report for the ministry (meetings, attendance, actions, plan
progress and the anonymous case statistics with small cells suppressed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mcm.core.i18n import LANGUAGES, current_language, day_format
from mcm.core.word import WordDocument
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism
from mcm.plans.models import (
    ActionPlan,
    ActionPlanVersion,
    ActivityAlignment,
    ActivitySupport,
    FundingSource,
    PlanActivity,
    PlanObjective,
    PlanStatus,
    StrategyObjective,
)

STATUS_LABELS = {
    PlanStatus.DRAFT: _l("Draft"),
    PlanStatus.ADOPTED: _l("Adopted"),
    PlanStatus.UNDER_REVISION: _l("Under revision"),
}
FUNDING_LABELS = {
    FundingSource.MUNICIPAL: _l("Municipal budget"),
    FundingSource.NATIONAL: _l("National budget"),
    FundingSource.DONOR: _l("Donor"),
}
DASH = "\u2013"  # an en dash between the ends of a period


@contextmanager
def in_reader_language() -> Iterator[str]:
    """Write a document in the language of the person downloading it."""
    language = current_language()
    with force_locale(LANGUAGES[language]):
        yield language


def period(plan: ActionPlan) -> str:
    """A plan's years, with an en dash between them."""
    return f"{plan.starts_year}{DASH}{plan.ends_year}"


def municipality_name(mechanism: Mechanism, language: str) -> str:
    """The municipality's name in a language, whatever the request's language is."""
    municipality = mechanism.municipality
    return getattr(municipality, f"name_{language}", "") or municipality.name_en


def start_document(mechanism: Mechanism, language: str, title: str, subtitle: str) -> WordDocument:
    """A document with its title, the municipality in the page header and a subtitle."""
    municipality = municipality_name(mechanism, language)
    document = WordDocument(
        title=f"{title} · {municipality}",
        subject=_("Coordination mechanism against domestic violence"),
        header=_(
            "Municipality of %(municipality)s · Coordination mechanism against domestic violence",
            municipality=municipality,
        ),
        language=language,
    )
    document.heading(title, level=0)
    document.paragraph(subtitle)
    return document


def _number(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value, "#,##0.##")


def _euros(value: Decimal | None) -> str:
    return "" if value is None else f"{format_decimal(value, '#,##0.00')} EUR"


# -- the local action plan ------------------------------------------------------------------------


@dataclass
class _PlanData:
    objectives: list[PlanObjective]
    activities: dict[int, list[PlanActivity]]  # per objective id
    supports: dict[int, list[str]]  # per activity id, institution names
    alignments: dict[int, list[str]]  # per activity id, national objective codes
    version: int | None


def _plan_data(plan: ActionPlan) -> _PlanData:
    objectives = list(
        db.session.scalars(
            select(PlanObjective)
            .where(PlanObjective.plan_id == plan.id)
            .order_by(PlanObjective.position, PlanObjective.id)
        )
    )
    activities: dict[int, list[PlanActivity]] = defaultdict(list)
    for activity in db.session.scalars(
        select(PlanActivity)
        .options(joinedload(PlanActivity.responsible_institution))
        .where(PlanActivity.plan_id == plan.id)
        .order_by(PlanActivity.position, PlanActivity.id)
    ):
        activities[activity.objective_id].append(activity)
    supports: dict[int, list[str]] = defaultdict(list)
    for activity_id, name in db.session.execute(
        select(ActivitySupport.activity_id, Institution.name)
        .join(Institution, Institution.id == ActivitySupport.institution_id)
        .join(PlanActivity, PlanActivity.id == ActivitySupport.activity_id)
        .where(PlanActivity.plan_id == plan.id)
        .order_by(Institution.name)
    ):
        supports[activity_id].append(name)
    alignments: dict[int, list[str]] = defaultdict(list)
    for activity_id, code in db.session.execute(
        select(ActivityAlignment.activity_id, StrategyObjective.code)
        .join(StrategyObjective, StrategyObjective.id == ActivityAlignment.objective_id)
        .join(PlanActivity, PlanActivity.id == ActivityAlignment.activity_id)
        .where(PlanActivity.plan_id == plan.id)
        .order_by(StrategyObjective.code)
    ):
        alignments[activity_id].append(code)
    version = db.session.scalar(
        select(func.max(ActionPlanVersion.number)).where(ActionPlanVersion.plan_id == plan.id)
    )
    return _PlanData(objectives, activities, supports, alignments, version)


def _quarters(activity: PlanActivity) -> str:
    start = _("Q%(number)d %(year)d", number=activity.start_quarter, year=activity.start_year)
    end = _("Q%(number)d %(year)d", number=activity.end_quarter, year=activity.end_year)
    return f"{start} {DASH} {end}"


def _target(activity: PlanActivity) -> str:
    if activity.baseline is None and activity.target is None:
        return ""
    text = f"{_number(activity.baseline) or '—'} → {_number(activity.target) or '—'}"
    return f"{text} {activity.unit}".strip()


def _budget(activity: PlanActivity) -> str:
    parts = [_euros(activity.budget_eur)]
    if activity.funding_source is not None:
        parts.append(f"({FUNDING_LABELS[activity.funding_source]})")
    return " ".join(part for part in parts if part)


def _institutions(activity: PlanActivity, supporting: list[str]) -> str:
    """The responsible institution, then the supporting ones (a table cell holds one line)."""
    responsible = activity.responsible_institution.name if activity.responsible_institution else ""
    if not supporting:
        return responsible
    names = ", ".join(supporting)
    if not responsible:
        return _("Supported by %(names)s", names=names)
    return _("%(responsible)s, supported by %(names)s", responsible=responsible, names=names)


def plan_document(plan: ActionPlan) -> bytes:
    """The LAP: status and adoption, the strategy, each objective's activities, the budget."""
    data = _plan_data(plan)
    with in_reader_language() as language:
        strategy = plan.strategy
        document = start_document(
            plan.mechanism,
            language,
            plan.title,
            _(
                "Local action plan of the coordination mechanism against domestic violence "
                "of %(municipality)s",
                municipality=municipality_name(plan.mechanism, language),
            ),
        )
        document.facts(
            [
                (_("Period"), period(plan)),
                (_("Status"), str(STATUS_LABELS[plan.status])),
                (_("Adopted on"), day_format(plan.adopted_on, "long") if plan.adopted_on else ""),
                (_("Decision reference"), plan.decision_reference),
                (_("Version"), str(data.version) if data.version else ""),
                (
                    _("National strategy"),
                    f"{getattr(strategy, f'name_{language}', '') or strategy.name_en} "
                    f"({strategy.starts_year}{DASH}{strategy.ends_year})",
                ),
            ]
        )
        if strategy.is_template:
            document.paragraph(
                _(
                    "Notice: the national strategy is the template framework shipped with mcm, "
                    "to be replaced with the official text."
                )
            )
        totals: dict[FundingSource | None, Decimal] = defaultdict(Decimal)
        for objective in data.objectives:
            document.heading(f"{objective.code} {objective.title}".strip(), level=1)
            activities = data.activities.get(objective.id, [])
            if not activities:
                document.paragraph(_("No activity yet."))
                continue
            rows = []
            for activity in activities:
                if activity.budget_eur is not None:
                    totals[activity.funding_source] += activity.budget_eur
                institutions = _institutions(activity, data.supports.get(activity.id, []))
                rows.append(
                    [
                        activity.code,
                        activity.title,
                        activity.indicator,
                        _target(activity),
                        institutions,
                        _quarters(activity),
                        _budget(activity),
                        ", ".join(data.alignments.get(activity.id, [])),
                    ]
                )
            document.table(
                [
                    _("Code"),
                    _("Activity"),
                    _("Indicator"),
                    _("Baseline → target"),
                    _("Institutions"),
                    _("Period"),
                    _("Budget"),
                    _("National objectives"),
                ],
                rows,
                widths_mm=(12, 30, 24, 18, 28, 20, 20, 14),
            )
        if not data.objectives:
            document.paragraph(_("The plan has no objective yet."))
        document.heading(_("Budget per source of funding"), level=1)
        document.table(
            [_("Source of funding"), _("Budget")],
            [
                [str(FUNDING_LABELS[source]) if source else _("Not specified"), _euros(amount)]
                for source, amount in sorted(totals.items(), key=lambda item: str(item[0] or "~"))
            ]
            + [[_("Total"), _euros(sum(totals.values(), Decimal(0)))]],
            widths_mm=(100, 66),
        )
        return document.to_bytes()
