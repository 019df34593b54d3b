"""Drill-down: the objects behind a figure, by figure name (each family's ``items``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.stats import members, messages, notices, operations, searches
from concord.stats.figures import FigureName
from concord.stats.periods import Period
from concord.stats.schemas import Items


def items(
    session: Session,
    principal: Principal,
    name: FigureName,
    *,
    period: Period,
    kind: str | None = None,
    type_: str | None = None,
    country: str | None = None,
    region: str | None = None,
    crime_area: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Items:
    page: dict[str, Any] = {"limit": limit, "offset": offset, "period": period}
    if name is FigureName.SEARCHES:
        return searches.items(session, principal, kind=kind or "searches", country=country, **page)
    if name is FigureName.NOTICES:
        return notices.items(
            session, principal, kind=kind or "issued", type_=type_, country=country, **page
        )
    if name is FigureName.MESSAGES:
        return messages.items(session, principal, country=country, **page)
    if name is FigureName.MEMBERS:
        return members.items(session, principal, region=region, **page)
    return operations.items(session, principal, crime_area=crime_area, country=country, **page)
