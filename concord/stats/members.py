"""The member count: member countries at the end of the period, by INTERPOL region (or one row
per country), from the membership list loaded into ``countries`` (``data/members.csv``).

A country whose joining year is unknown in the list counts as a member in every period (most
members joined before the list records it). The membership list is public: every caller sees
every breakdown. Items: the member countries themselves."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.db import paging
from concord.members.models import Country
from concord.stats import common
from concord.stats.periods import Period
from concord.stats.schemas import Figure, Item, Items, Number

NAME = "members"
GROUPS = ("region", "country")
COLUMNS = ["members"]
SOURCE = "countries (membership list, data/members.csv)"


def _member_at(period: Period) -> object:
    return or_(Country.joined.is_(None), Country.joined <= period.end.year)


def compute(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    group_by: str = "region",
    country: str | None = None,
) -> Figure:
    common.check_reader(principal)
    common.check_group(group_by, GROUPS)
    dim = Country.region if group_by == "region" else Country.code
    stmt = select(dim, func.count()).where(_member_at(period))  # type: ignore[arg-type]
    if country:
        stmt = stmt.where(Country.code == country.upper())
    counts: dict[str, dict[str, Number]] = {}
    common.merge(counts, "members", session.execute(stmt.group_by(dim)))
    return common.figure(
        session,
        principal,
        name=NAME,
        title="Member countries",
        period=period,
        source=SOURCE,
        group_by=group_by,
        columns=COLUMNS,
        counts=counts,
        country=country.upper() if country else None,
        private_countries=False,
        notes=[f"members at the end of {period.end.isoformat()}; public data"],
    )


def items(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    region: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Items:
    common.check_reader(principal)
    stmt = select(Country.code, Country.region, Country.joined).where(
        _member_at(period)  # type: ignore[arg-type]
    )
    if region:
        stmt = stmt.where(Country.region == region)
    rows, total = paging.page_rows(session, stmt, Country.code, limit=limit, offset=offset)
    return common.answer_items(
        session,
        principal,
        figure=NAME,
        source=SOURCE,
        period=period,
        scope="all member countries (public)",
        items=[Item(id=str(r[0]), at=None, country=str(r[0]), kind=str(r[1])) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        filters={"region": region},
    )
