"""The statistics families by name, and the growth of a figure between two periods."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.errors import ValidationFailedError
from concord.stats import members, messages, notices, operations, searches
from concord.stats.periods import Period
from concord.stats.schemas import Figure, Growth, PeriodOut


class FigureName(StrEnum):
    SEARCHES = "searches"
    NOTICES = "notices"
    MESSAGES = "messages"
    MEMBERS = "members"
    OPERATIONS = "operations"


COMPUTE: dict[FigureName, Callable[..., Figure]] = {
    FigureName.SEARCHES: searches.compute,
    FigureName.NOTICES: notices.compute,
    FigureName.MESSAGES: messages.compute,
    FigureName.MEMBERS: members.compute,
    FigureName.OPERATIONS: operations.compute,
}
GROUPS: dict[FigureName, tuple[str, ...]] = {
    FigureName.SEARCHES: searches.GROUPS,
    FigureName.NOTICES: notices.GROUPS,
    FigureName.MESSAGES: messages.GROUPS,
    FigureName.MEMBERS: members.GROUPS,
    FigureName.OPERATIONS: operations.GROUPS,
}
COLUMNS: dict[FigureName, list[str]] = {
    FigureName.SEARCHES: searches.COLUMNS,
    FigureName.NOTICES: notices.COLUMNS,
    FigureName.MESSAGES: messages.COLUMNS,
    FigureName.MEMBERS: members.COLUMNS,
    FigureName.OPERATIONS: operations.COLUMNS,
}


def compute(
    session: Session,
    principal: Principal,
    name: FigureName,
    *,
    period: Period,
    group_by: str | None = None,
    country: str | None = None,
    **extra: Any,
) -> Figure:
    kwargs: dict[str, Any] = {"period": period, "country": country}
    if group_by is not None:
        kwargs["group_by"] = group_by
    kwargs.update({k: v for k, v in extra.items() if v is not None})
    return COMPUTE[name](session, principal, **kwargs)


def growth(
    session: Session,
    principal: Principal,
    name: FigureName,
    *,
    a: Period,
    b: Period,
    column: str | None = None,
    country: str | None = None,
) -> Growth:
    """The total of ``column`` over period ``a`` and over period ``b``, and the change."""
    column = column or COLUMNS[name][0]
    if column not in COLUMNS[name]:
        raise ValidationFailedError(
            f"column: '{column}' is not one of {', '.join(COLUMNS[name])}",
            errors=[{"loc": ["column"], "msg": "unknown column", "type": "enum"}],
        )
    group = GROUPS[name][0]
    first = compute(session, principal, name, period=a, group_by=group, country=country)
    second = compute(session, principal, name, period=b, group_by=group, country=country)
    va, vb = first.totals[column], second.totals[column]
    change = round(vb - va, 2) if isinstance(vb - va, float) else vb - va
    return Growth(
        figure=name.value,
        column=column,
        source=f"{first.source}; {second.source}",
        scope=first.scope,
        a=PeriodOut(start=a.start, end=a.end),
        b=PeriodOut(start=b.start, end=b.end),
        a_value=va,
        b_value=vb,
        change=change,
        change_pct=None if va == 0 else round((vb - va) / va * 100, 2),
    )
