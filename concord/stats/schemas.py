"""API shapes of statistics: a figure (what was counted, over which period, from which data,
for whom, broken down how), the growth of a figure between two periods, the items under a
figure (drill-down), and the Secretariat's staff records and diversity reports.

Every figure carries ``source`` (the tables and the period it was computed from) and
``period``, so that a number never travels without them, in JSON or in CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Number = int | float
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class PeriodOut(BaseModel):
    start: date = Field(description="First day counted (UTC)")
    end: date = Field(description="Last day counted (UTC), included")


class Row(BaseModel):
    key: str = Field(description="The bucket: a period (2025-03), a country, a type, ...")
    values: dict[str, Number]


class Figure(BaseModel):
    """One statistic, broken down by ``group_by``."""

    figure: str = Field(description="Which figure: searches, hits, notices, ...")
    title: str
    period: PeriodOut
    source: str = Field(description="The data it comes from, and the period")
    scope: str = Field(description="Whose data: 'all members', or what a member may see")
    group_by: str = Field(description="day, month, year, country, region, type, ...")
    columns: list[str] = Field(description="The names of the values in each row")
    totals: dict[str, Number]
    rows: list[Row]
    notes: list[str] = Field(default_factory=list)

    def to_csv(self) -> str:
        """The figure as CSV: every row states the figure, period, source and scope."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        head = ["figure", "period_start", "period_end", "source", "scope", self.group_by]
        writer.writerow(head + self.columns)
        fixed = [self.figure, self.period.start, self.period.end, self.source, self.scope]
        for row in self.rows:
            writer.writerow(fixed + [row.key] + [row.values.get(c, 0) for c in self.columns])
        writer.writerow(fixed + ["total"] + [self.totals.get(c, 0) for c in self.columns])
        return out.getvalue()


class Growth(BaseModel):
    """A figure's change from period ``a`` to period ``b``."""

    figure: str
    column: str
    source: str
    scope: str
    a: PeriodOut
    b: PeriodOut
    a_value: Number
    b_value: Number
    change: Number = Field(description="b - a")
    change_pct: float | None = Field(description="(b - a) / a * 100; null when a is 0")

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "figure",
                "column",
                "source",
                "scope",
                "a_start",
                "a_end",
                "b_start",
                "b_end",
                "a_value",
                "b_value",
                "change",
                "change_pct",
            ]
        )
        writer.writerow(
            [
                self.figure,
                self.column,
                self.source,
                self.scope,
                self.a.start,
                self.a.end,
                self.b.start,
                self.b.end,
                self.a_value,
                self.b_value,
                self.change,
                "" if self.change_pct is None else round(self.change_pct, 2),
            ]
        )
        return out.getvalue()


class Item(BaseModel):
    """One object counted by a figure (drill-down): its id, when, whose, what kind."""

    id: str
    at: datetime | None
    country: str | None
    kind: str | None = None
    count: int = Field(
        1,
        description="How many the item stands for: 1 for one object, a month's total for a "
        "historical tally (kind 'tally'); the counts of a figure's items add up to its total",
    )


class Items(BaseModel):
    figure: str
    period: PeriodOut
    source: str
    scope: str
    items: list[Item]
    total: int
    limit: int
    offset: int

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["figure", "period_start", "period_end", "source", "scope", *_ITEM])
        fixed = [self.figure, self.period.start, self.period.end, self.source, self.scope]
        for i in self.items:
            at = i.at.isoformat() if i.at else ""
            writer.writerow([*fixed, i.id, at, i.country or "", i.kind or "", i.count])
        return out.getvalue()


_ITEM = ["id", "at", "country", "kind", "count"]


class StaffIn(BaseModel):
    """A staff record: nothing but nationality, grade and dates (no name, no birth date)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    nationality: CountryCode = Field(description="A member country (ISO alpha-2)")
    grade: Annotated[str, StringConstraints(pattern=r"^[A-Z]{1,3}[0-9]{0,2}$")] = Field(
        description="Grade, e.g. P3, G5, D1"
    )
    start_date: date
    end_date: date | None = Field(None, description="Last day of service; empty while serving")


class StaffPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    nationality: CountryCode | None = None
    grade: Annotated[str, StringConstraints(pattern=r"^[A-Z]{1,3}[0-9]{0,2}$")] | None = None
    start_date: date | None = None
    end_date: date | None = None


class StaffOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    nationality: str
    region: str = Field(description="The nationality's INTERPOL region (member list)")
    grade: str
    start_date: date
    end_date: date | None
    created_at: datetime
    updated_at: datetime


class RegionCount(BaseModel):
    region: str
    staff: int
    countries: int


class Representation(BaseModel):
    """Who is represented among staff serving on ``at``."""

    at: date
    source: str
    staff: int
    countries: int = Field(description="Member countries with at least one staff member")
    regions: int = Field(description="Regions with at least one staff member")
    members: int = Field(description="Member countries in all")
    by_region: list[RegionCount]
    by_country: dict[str, int] | None = Field(
        None, description="Staff by nationality (the Secretariat only)"
    )


class RegionChange(BaseModel):
    region: str
    staff_a: int
    staff_b: int
    staff_change: int
    countries_a: int
    countries_b: int
    countries_change: int


class RepresentationChange(BaseModel):
    a: date
    b: date
    source: str
    staff_a: int
    staff_b: int
    countries_a: int
    countries_b: int
    regions_a: int
    regions_b: int
    by_region: list[RegionChange]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "a", "b", "region", *_CHANGE])
        for r in self.by_region:
            writer.writerow(
                [self.source, self.a, self.b, r.region] + [getattr(r, c) for c in _CHANGE]
            )
        return out.getvalue()


_CHANGE = ["staff_a", "staff_b", "staff_change", "countries_a", "countries_b", "countries_change"]
