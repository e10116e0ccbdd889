"""Calendar quarters (R23, R27): Q1 is January to March.

Plain value arithmetic shared by the update window, the reminders and the inactivity check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be 1-4, not {self.number}")

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read ``2024-Q3`` (the form ``str()`` writes)."""
        year, _, number = text.upper().partition("-Q")
        return cls(int(year), int(number))

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The quarter's last day."""
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def grace_end(self, grace_days: int) -> dt.date:
        """R23: the last day on which an update for this quarter still counts."""
        return self.end + dt.timedelta(days=grace_days)

    def accepts_filing_on(self, day: dt.date, grace_days: int) -> bool:
        """R23: an update for this quarter may be filed during it or within the grace period."""
        return self.start <= day <= self.grace_end(grace_days)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


def last_ended_quarters(as_of: dt.date, count: int = 2) -> list[Quarter]:
    """R27: the ``count`` most recent calendar quarters that have ended on ``as_of``, newest first."""
    # A quarter has ended once its last day is over: on 31 March, Q1 has not ended yet.
    quarters = [Quarter.containing(as_of).previous()]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def quarters_between(start: dt.date, end: dt.date) -> list[Quarter]:
    """Every quarter that overlaps ``start``..``end``, oldest first."""
    if end < start:
        return []
    quarters = [Quarter.containing(start)]
    while quarters[-1].end < end:
        quarters.append(quarters[-1].next())
    return quarters
