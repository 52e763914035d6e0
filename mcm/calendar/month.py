"""The month a calendar page shows: parsed from the URL, its weeks, and its bounds in UTC."""

from __future__ import annotations

import re
from calendar import Calendar as WeekGrid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from mcm.meetings.planning.dates import today, zone

MONTH_SHAPE = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR, LAST_YEAR = 1990, 2100  # a month outside these is a typo: show this month instead


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, raw: str | None) -> Month:
        """The month in `YYYY-MM`; anything else (absent, malformed, out of range) is this one."""
        found = MONTH_SHAPE.fullmatch(raw or "")
        if found:
            year, month = int(found[1]), int(found[2])
            if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
                return cls(year, month)
        now = today()
        return cls(now.year, now.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def weeks(self) -> list[list[date]]:
        """The weeks the month touches, Monday first, each seven days long."""
        return WeekGrid(firstweekday=0).monthdatescalendar(self.year, self.month)

    def bounds(self) -> tuple[datetime, datetime]:
        """From the first moment of the month to that of the next, local time, in UTC."""

        def start(day: date) -> datetime:
            return datetime.combine(day, time(0), tzinfo=zone()).astimezone(UTC)

        return start(self.first_day), start(self.next().first_day)
