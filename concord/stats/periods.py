"""Periods of statistics: parsing ``start``/``end`` (inclusive dates) or a ``year``, and
bucketing timestamps by day, month or year in SQL portably.

A period is a range of whole UTC days, both ends included; timestamps are compared with
``[start 00:00, end + 1 day 00:00)``. Buckets are strings: ``2025-03-04`` (day), ``2025-03``
(month), ``2025`` (year), computed by the database (``strftime`` on SQLite, ``to_char`` in UTC
on PostgreSQL) so that grouping happens in SQL, not in Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlalchemy.orm import Session

from concord.errors import ValidationFailedError

#: Most buckets one figure may have (a day grain over ten years is refused).
MAX_BUCKETS = 3660
#: Years a period may touch: nothing in Concord predates INTERPOL (1923) or lies centuries ahead.
MIN_YEAR, MAX_YEAR = 1900, 2200


class Grain(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_SQLITE = {Grain.DAY: "%Y-%m-%d", Grain.MONTH: "%Y-%m", Grain.YEAR: "%Y"}
_POSTGRES = {Grain.DAY: "YYYY-MM-DD", Grain.MONTH: "YYYY-MM", Grain.YEAR: "YYYY"}


@dataclass(frozen=True)
class Period:
    """Whole UTC days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(), tzinfo=UTC)

    @property
    def until(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.end + timedelta(days=1), time(), tzinfo=UTC)

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def contains(self, column: Any) -> ColumnElement[bool]:
        """SQL: ``column`` (a timestamp) falls within the period."""
        result: ColumnElement[bool] = (column >= self.since) & (column < self.until)
        return result

    def contains_day(self, column: Any) -> ColumnElement[bool]:
        """SQL: ``column`` (a calendar date) falls within the period."""
        result: ColumnElement[bool] = (column >= self.start) & (column <= self.end)
        return result

    def buckets(self, grain: Grain) -> list[str]:
        """Every bucket key of the period, in order (empty buckets are shown as 0)."""
        return list(_keys(self, grain))


def _keys(period: Period, grain: Grain) -> Iterator[str]:
    if grain is Grain.YEAR:
        for y in range(period.start.year, period.end.year + 1):
            yield f"{y:04d}"
        return
    if grain is Grain.MONTH:
        y, m = period.start.year, period.start.month
        while (y, m) <= (period.end.year, period.end.month):
            yield f"{y:04d}-{m:02d}"
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return
    day = period.start
    while day <= period.end:
        yield day.isoformat()
        day += timedelta(days=1)


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31))


def resolve(
    *,
    start: date | None,
    end: date | None,
    year_: int | None,
    today: date,
    grain: Grain | None = None,
    field: str = "",
) -> Period:
    """The period asked for: ``year``, or ``start``..``end`` (default: the current year up to
    today). Refuses an inverted period or one with too many buckets (422, naming the field)."""
    prefix = f"{field}." if field else ""
    for name, value in (("year", year_), ("start", start), ("end", end)):
        y = value if isinstance(value, int) or value is None else value.year
        if y is not None and not MIN_YEAR <= y <= MAX_YEAR:
            raise ValidationFailedError(
                f"{prefix}{name}: {value} is outside the years {MIN_YEAR}-{MAX_YEAR}",
                errors=[{"loc": [f"{prefix}{name}"], "msg": "year out of range", "type": "value"}],
            )
    if year_ is not None:
        if start is not None or end is not None:
            raise ValidationFailedError(
                f"{prefix}year: give either year or start/end, not both",
                errors=[{"loc": [f"{prefix}year"], "msg": "year with start/end", "type": "value"}],
            )
        return year(year_)
    start = start or date(today.year, 1, 1)
    end = end or max(today, start)
    if end < start:
        raise ValidationFailedError(
            f"{prefix}end: {end.isoformat()} is before start {start.isoformat()}",
            errors=[{"loc": [f"{prefix}end"], "msg": "end before start", "type": "value"}],
        )
    period = Period(start, end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if (grain is Grain.DAY and (end - start).days + 1 > MAX_BUCKETS) or (
        grain is Grain.MONTH and months > MAX_BUCKETS
    ):
        raise ValidationFailedError(
            f"{prefix}grain: at most {MAX_BUCKETS} {grain}s per figure; use a coarser grain",
            errors=[{"loc": [f"{prefix}grain"], "msg": "too many days", "type": "value"}],
        )
    return period


def bucket(
    session: Session, column: Any, grain: Grain, *, is_date: bool = False
) -> ColumnElement[str]:
    """SQL expression: the bucket key (string) of timestamp ``column`` in UTC (or of the
    calendar date ``column`` when ``is_date``)."""
    if session.get_bind().dialect.name == "postgresql":
        value = column if is_date else func.timezone("UTC", column)
        return func.to_char(value, _POSTGRES[grain])
    return func.strftime(_SQLITE[grain], column)


#: The ``group_by`` values that are periods.
TIME_GRAINS = tuple(g.value for g in Grain)
