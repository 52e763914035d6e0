"""Time where the mechanisms meet: the installation's zone, today, and the quarters that the rule
of at least four meetings a year counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import gettext as _


def zone() -> ZoneInfo:
    """The installation's zone, in which meetings are entered and shown."""
    return ZoneInfo(current_app.config["MCM_TIMEZONE"] if has_app_context() else "UTC")


def today() -> date:
    """Today where the mechanisms meet."""
    return datetime.now(zone()).date()


def to_utc(day: date, at: time) -> datetime:
    """A local date and time as the aware UTC timestamp that is stored."""
    return datetime.combine(day, at, tzinfo=zone()).astimezone(UTC)


def local(moment: datetime) -> datetime:
    """A stored timestamp in the installation's zone."""
    return moment.astimezone(zone())


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first_day <= day <= self.last_day

    def __str__(self) -> str:
        return _("Q%(number)d %(year)d", number=self.number, year=self.year)


def last_quarters(n: int = 8, until: date | None = None) -> list[Quarter]:
    """The current quarter and the n - 1 before it, oldest first."""
    quarter = Quarter.of(until or today())
    quarters = [quarter]
    for _n in range(n - 1):
        quarters.append(quarters[-1].previous())
    return quarters[::-1]
