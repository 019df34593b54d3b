"""Cross-border operations and their results: how many operations, and the totals their
participants reported (arrests, persons identified, victims rescued, seizures by value,
vehicles recovered and their value, assets frozen or seized by value), by year or month of the
operation's start, crime area, region or country.

Sources: ``operations`` (an operation counts in the period in which it starts) and the current
version of each country's results report (``operation_report_versions.current``; amended
reports count once, as last amended). Values are US dollars, converted by the operations
service at the rate of each report's date (stored in cents; shown here in dollars).

By country and by region: results as reported by each country (``IPSG``: the Secretariat);
``operations`` counts the operations in which the country (or a country of the region)
accepted to take part. Totals, series, crime areas and regions are visible to every member
(regions aggregate many countries, as INTERPOL's public results do); the breakdown by country
is not public: a member sees its own row and the others summed. Items: the operations behind
a figure; a member gets the operations its country leads or takes part in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from concord.auth.principal import SECRETARIAT, Principal
from concord.db import paging
from concord.members.models import Country
from concord.operations.models import Operation, OperationParticipant, OperationReportVersion
from concord.stats import common
from concord.stats.periods import Period
from concord.stats.schemas import Figure, Item, Items, Number

NAME = "operations"
GROUPS = ("year", "month", "crime_area", "region", "country")
COUNTS = ["arrests", "persons_identified", "victims_rescued", "vehicles_recovered"]
VALUES = ["seizures_usd", "vehicles_usd", "assets_usd"]
COLUMNS = ["operations", *COUNTS, *VALUES]
SOURCE = "operations (start_date) + operation_report_versions (current)"
SECRETARIAT_REGION = "General Secretariat"
_CENTS = {
    "seizures_usd": OperationReportVersion.seizures_usd_cents,
    "vehicles_usd": OperationReportVersion.vehicles_usd_cents,
    "assets_usd": OperationReportVersion.assets_usd_cents,
}


def _region(country_column: Any) -> Any:
    region = select(Country.region).where(Country.code == country_column).scalar_subquery()
    return func.coalesce(region, SECRETARIAT_REGION)


def compute(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    group_by: str = "year",
    country: str | None = None,
    crime_area: str | None = None,
) -> Figure:
    common.check_reader(principal)
    common.check_group(group_by, GROUPS)
    country = common.check_country(principal, country)
    v = OperationReportVersion
    counts: dict[str, dict[str, Number]] = {}
    in_period = [period.contains_day(Operation.start_date)]
    if crime_area:
        in_period.append(Operation.crime_area == crime_area)
    # results: sums over the current report versions of operations started in the period
    dims = {"crime_area": Operation.crime_area, "region": _region(v.country), "country": v.country}
    key = common.key_column(session, group_by, Operation.start_date, dims, is_date=True)
    sums = [func.sum(getattr(v, c)) for c in COUNTS] + [func.sum(c) for c in _CENTS.values()]
    stmt = (
        select(key, *sums)
        .select_from(v)
        .join(Operation, Operation.id == v.operation_id)
        .where(v.current.is_(True), *in_period, *common.where_country(v.country, country))
        .group_by(key)
    )
    for row in session.execute(stmt):
        name = str(row[0])
        values = counts.setdefault(name, {})
        for i, c in enumerate(COUNTS):
            values[c] = int(row[1 + i] or 0)
        for i, c in enumerate(VALUES):
            values[c] = round(int(row[1 + len(COUNTS) + i] or 0) / 100, 2)
    common.merge(
        counts,
        "operations",
        session.execute(_operation_counts(session, group_by, in_period, country)),
    )
    override: dict[str, Number] | None = None
    notes = ["an operation counts in the period in which it starts; values in US dollars"]
    if group_by in ("country", "region"):
        whole = _operation_counts(session, "year", in_period, country)
        override = {"operations": sum(int(n) for _, n in session.execute(whole))}
        notes.append(
            "operations: per country or region, those it took part in; in the "
            "total, each operation once"
        )
    return common.figure(
        session,
        principal,
        name=NAME,
        title="Operations and their results",
        period=period,
        source=SOURCE,
        group_by=group_by,
        columns=COLUMNS,
        counts=counts,
        country=country,
        notes=notes,
        totals_override=override,
    )


def _operation_counts(
    session: Session, group_by: str, in_period: list[Any], country: str | None
) -> Any:
    p = OperationParticipant
    if group_by in ("country", "region") or country is not None:
        dim = p.country if group_by != "region" else _region(p.country)
        key = (
            dim
            if group_by in ("country", "region")
            else common.key_column(
                session,
                group_by,
                Operation.start_date,
                {"crime_area": Operation.crime_area},
                is_date=True,
            )
        )
        return (
            select(key, func.count(func.distinct(Operation.id)))
            .select_from(p)
            .join(Operation, Operation.id == p.operation_id)
            .where(p.status == "accepted", *in_period, *common.where_country(p.country, country))
            .group_by(key)
        )
    key = common.key_column(
        session, group_by, Operation.start_date, {"crime_area": Operation.crime_area}, is_date=True
    )
    return select(key, func.count()).select_from(Operation).where(*in_period).group_by(key)


def items(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    crime_area: str | None = None,
    country: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Items:
    common.check_reader(principal)
    country = common.check_country(principal, country) or (
        None if principal.is_secretariat else principal.country
    )
    lead = func.coalesce(Operation.lead_country, SECRETARIAT)
    stmt = select(Operation.id, Operation.created_at, lead, Operation.crime_area).where(
        period.contains_day(Operation.start_date)
    )
    if crime_area:
        stmt = stmt.where(Operation.crime_area == crime_area)
    if country is not None:
        takes_part = exists(
            select(OperationParticipant.country).where(
                OperationParticipant.operation_id == Operation.id,
                OperationParticipant.country == country,
            )
        )
        stmt = stmt.where(or_(Operation.lead_country == country, takes_part))
    rows, total = paging.page_rows(
        session, stmt, Operation.start_date, Operation.id, limit=limit, offset=offset
    )
    return common.answer_items(
        session,
        principal,
        figure=NAME,
        source=SOURCE,
        period=period,
        scope=common.scope(principal, country),
        items=[Item(id=str(r[0]), at=r[1], country=r[2], kind=r[3]) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        filters={"country": country},
    )
