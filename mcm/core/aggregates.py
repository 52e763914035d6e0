"""Figures kept on write, so that national pages read a few rows whatever the history: each
feature registers an `Aggregate` (which keys its changed records touch, how to recompute those
keys from its source tables, how to rebuild everything) and, after every flush of the app's
session, the touched keys are recomputed in the same transaction. Recomputing from the source,
not adding and subtracting, keeps the figures exact whatever the change; `mcm aggregates
rebuild` recomputes them all, and a test proves both ways give the same rows.

Bulk statements (`session.execute(update(...))`) pass no flush: a feature that changes counted
columns that way recomputes the keys itself (`recompute`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

Keys = set[Hashable]


@dataclass(frozen=True)
class Aggregate:
    """One feature's kept figures."""

    name: str
    # (session, changed records) -> the keys whose figures may have changed; called after the
    # flush wrote the records, while their previous values are still in their history
    touched: Callable[[Session, list[Any]], Keys]
    recompute: Callable[[Session, Keys], None]  # recompute those keys from the source tables
    rebuild: Callable[[Session], None]  # recompute every key


_registry: dict[str, Aggregate] = {}


def register(aggregate: Aggregate) -> None:
    """Keep a feature's figures on every flush (registering twice replaces the first)."""
    _registry[aggregate.name] = aggregate


def registered() -> list[Aggregate]:
    """The registered aggregates, in the order they were registered."""
    return list(_registry.values())


def recompute(session: Session, name: str, keys: Iterable[Hashable]) -> None:
    """Recompute some keys of one aggregate now (after a bulk statement, for example); an
    aggregate whose feature is not loaded is skipped."""
    wanted, aggregate = set(keys), _registry.get(name)
    if wanted and aggregate is not None:
        session.flush()
        aggregate.recompute(session, wanted)


def rebuild_all(session: Session) -> list[str]:
    """Recompute every registered aggregate from its source tables; their names."""
    session.flush()
    for aggregate in _registry.values():
        aggregate.rebuild(session)
    return list(_registry)


def _after_flush(session: Session, _context: Any) -> None:
    changed = [*session.new, *session.dirty, *session.deleted]
    if not changed:
        return
    for aggregate in _registry.values():
        keys = aggregate.touched(session, changed)
        if keys:
            aggregate.recompute(session, keys)


def init_app(_app: Any) -> None:
    """Recompute the touched figures after every flush of the app's session."""
    from mcm.extensions import db

    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
