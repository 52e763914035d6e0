"""The national matrix's kept cells (mcm.plans.national.kept)."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mcm.extensions import db


class MatrixCell(db.Model):
    """One cell of the matrix, kept on write: how many activities of a mechanism's counted plans
    fall under a national objective of a strategy at one level, and their mean progress."""

    __tablename__ = "plan_matrix_cells"
    __table_args__ = (UniqueConstraint("strategy_id", "level", "mechanism_id", "objective_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int]
    level: Mapped[str] = mapped_column(String(20))
    mechanism_id: Mapped[int]
    objective_id: Mapped[int]  # the column: an objective of that level
    activities: Mapped[int]
    progress: Mapped[float]
