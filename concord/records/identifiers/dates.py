"""Partial dates (ISO 8601 reduced precision) and the rules that make dates impossible.

:func:`parse_partial_date` accepts ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` (ISO 8601 calendar
dates, complete or with reduced precision; years 0001-9999). A partial date stands for the range
``earliest .. latest`` (``1974`` is 1974-01-01 .. 1974-12-31). Comparison operators order partial
dates by (year, month, day) with a missing part sorting first, so ``1974 < 1974-01 < 1974-01-01``;
:meth:`PartialDate.definitely_before` compares the ranges instead.

Rules (each raises :class:`DateRuleError` with the dates in the message):
- :func:`check_not_future`: a date is in the future when even its earliest day is after today
  ("date of birth 2031-04-02 is in the future");
- :func:`check_order`: a later event (expiry) cannot be definitely before an earlier one (issue):
  "expiry 2020-01-01 is before issue 2021-05-03". The same day is allowed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import total_ordering

__all__ = ["DateRuleError", "PartialDate", "check_not_future", "check_order", "parse_partial_date"]

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class DateRuleError(ValueError):
    """A date that cannot be read or cannot be true."""


@total_ordering
@dataclass(frozen=True, slots=True, eq=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateRuleError(f"year {self.year} is out of range 1-9999")
        if self.month is None:
            if self.day is not None:
                raise DateRuleError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise DateRuleError(f"month {self.month} is out of range 1-12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateRuleError(
                    f"day {self.day} is out of range 1-{last} for {self.year:04d}-{self.month:02d}"
                )

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    @property
    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @property
    def complete(self) -> bool:
        return self.day is not None

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def definitely_before(self, other: PartialDate | date) -> bool:
        """Whether every day this date may be comes before every day ``other`` may be."""
        return self.latest < _bounds(other)[0]

    def __str__(self) -> str:
        return self.iso


def parse_partial_date(s: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (surrounding whitespace ignored)."""
    text = s.strip()
    match = _PATTERN.fullmatch(text) if text.isascii() else None
    if match is None:
        raise DateRuleError(f"{s!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern always captures the year
    try:
        return PartialDate(year, month, day)
    except DateRuleError as exc:
        raise DateRuleError(f"{s!r} is not a date: {exc}") from None


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _bounds(value: PartialDate | date) -> tuple[date, date]:
    if isinstance(value, PartialDate):
        return value.earliest, value.latest
    return _day(value), _day(value)


def _show(value: PartialDate | date) -> str:
    return value.iso if isinstance(value, PartialDate) else _day(value).isoformat()


def check_not_future(d: PartialDate | date, today: date, what: str = "date") -> None:
    """Raise if ``d`` is after ``today`` (for a partial date: if its earliest day is)."""
    if _bounds(d)[0] > _day(today):
        raise DateRuleError(f"{what} {_show(d)} is in the future")


def check_order(
    earlier: PartialDate | date,
    later: PartialDate | date,
    earlier_what: str = "earlier date",
    later_what: str = "later date",
) -> None:
    """Raise if ``later`` is certainly before ``earlier`` (equal dates are allowed)."""
    if _bounds(later)[1] < _bounds(earlier)[0]:
        raise DateRuleError(
            f"{later_what} {_show(later)} is before {earlier_what} {_show(earlier)}"
        )
