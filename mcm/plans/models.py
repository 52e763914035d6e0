"""National strategies and local action plans. A strategy is data: imported, versioned, never
edited in place, and an older one stays readable. A LAP is adopted in versions like minutes."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mcm.core.db import enum_column, utcnow
from mcm.extensions import db
from mcm.mechanisms.models import Institution, Mechanism


class Strategy(db.Model):
    """One national strategy (e.g. 2022-2026), as imported."""

    __tablename__ = "strategies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_sq: Mapped[str] = mapped_column(String(300))
    name_sr: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    starts_year: Mapped[int]
    ends_year: Mapped[int]
    # The shipped framework built on the Istanbul Convention's pillars: to be replaced.
    is_template: Mapped[bool] = mapped_column(default=False)
    source_filename: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ObjectiveLevel(enum.StrEnum):
    PILLAR = "pillar"
    STRATEGIC = "strategic"
    SPECIFIC = "specific"


class StrategyObjective(db.Model):
    """A pillar, strategic objective or specific objective of a strategy."""

    __tablename__ = "strategy_objectives"
    __table_args__ = (UniqueConstraint("strategy_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategies.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("strategy_objectives.id"))
    level: Mapped[ObjectiveLevel] = mapped_column(enum_column(ObjectiveLevel, 20))
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    text_sq: Mapped[str] = mapped_column(Text)
    text_sr: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    UNDER_REVISION = "under_revision"


class ActionPlan(db.Model):
    """A mechanism's local action plan for several years, aligned to one strategy."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id"), index=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategies.id"))
    title: Mapped[str] = mapped_column(String(300))
    starts_year: Mapped[int]
    ends_year: Mapped[int]
    status: Mapped[PlanStatus] = mapped_column(
        enum_column(PlanStatus, 20), default=PlanStatus.DRAFT
    )
    adopted_on: Mapped[date | None]
    decision_reference: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    mechanism: Mapped[Mechanism] = relationship()
    strategy: Mapped[Strategy] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ActionPlanVersion(db.Model):
    """The plan as adopted: a frozen copy of its objectives and activities, numbered."""

    __tablename__ = "action_plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    number: Mapped[int]
    adopted_on: Mapped[date]
    decision_reference: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # why the plan was revised
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PlanObjective(db.Model):
    __tablename__ = "plan_objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(Text)


class FundingSource(enum.StrEnum):
    MUNICIPAL = "municipal"
    NATIONAL = "national"
    DONOR = "donor"


class PlanActivity(db.Model):
    """An activity of a LAP objective, with its indicator and target, aligned to national
    objectives. Progress is derived from indicator values and linked actions, never typed."""

    __tablename__ = "plan_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("plan_objectives.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    target: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    unit: Mapped[str] = mapped_column(String(60), default="")
    responsible_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    start_year: Mapped[int]
    start_quarter: Mapped[int]  # 1 to 4
    end_year: Mapped[int]
    end_quarter: Mapped[int]
    budget_eur: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    funding_source: Mapped[FundingSource | None] = mapped_column(enum_column(FundingSource, 20))
    version: Mapped[int] = mapped_column(default=1)

    responsible_institution: Mapped[Institution | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ActivitySupport(db.Model):
    """A supporting institution of an activity."""

    __tablename__ = "activity_supports"
    __table_args__ = (UniqueConstraint("activity_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("plan_activities.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))


class ActivityAlignment(db.Model):
    """An activity serves one or more national objectives."""

    __tablename__ = "activity_alignments"
    __table_args__ = (UniqueConstraint("activity_id", "objective_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("plan_activities.id"), index=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("strategy_objectives.id"), index=True)


class IndicatorValue(db.Model):
    """A value of an activity's indicator, reported on a date (often at a meeting)."""

    __tablename__ = "indicator_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("plan_activities.id"), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    reported_on: Mapped[date]
    source: Mapped[str] = mapped_column(String(300), default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
