"""What every statistics family shares: who sees what, the ``group_by`` choices, folding other
countries' details for members, and assembling a :class:`~concord.stats.schemas.Figure`.

Who sees what (every figure; the family modules say which breakdowns are private):
- the General Secretariat (no country) sees every figure, every breakdown and every item;
- a member country sees the global totals and time series of every figure, its own country's
  details (``country=<own>``, its own items), and of country breakdowns that are not public
  only its own row: the other countries are summed into one ``others`` row. Asking for another
  country's details is refused (403) and audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import PermissionDeniedError, ValidationFailedError
from concord.stats.periods import Grain, Period, bucket
from concord.stats.schemas import Figure, Item, Items, Number, PeriodOut, Row

OTHERS = "others"
TIME = tuple(g.value for g in Grain)


def check_reader(principal: Principal) -> None:
    if not principal.has(Permission.STATS_READ):
        raise PermissionDeniedError("Your role does not allow reading statistics")


def check_country(principal: Principal, country: str | None) -> str | None:
    """The country filter, if the principal may see that country's details."""
    if country is None:
        return None
    country = country.upper()
    if not principal.may_act_for(country):
        raise PermissionDeniedError(
            f"A member sees the details of its own country only, not of {country}"
        )
    return country


def check_group(group_by: str, allowed: Sequence[str], *, field: str = "group_by") -> str:
    if group_by not in allowed:
        raise ValidationFailedError(
            f"{field}: '{group_by}' is not one of {', '.join(allowed)}",
            errors=[{"loc": [field], "msg": f"one of {', '.join(allowed)}", "type": "enum"}],
        )
    return group_by


def key_column(
    session: Session,
    group_by: str,
    time_column: Any,
    dims: dict[str, Any],
    *,
    is_date: bool = False,
) -> Any:
    """The SQL expression grouping rows: a period bucket of ``time_column`` or a dimension."""
    if group_by in TIME:
        return bucket(session, time_column, Grain(group_by), is_date=is_date)
    return dims[group_by]


def scope(principal: Principal, country: str | None) -> str:
    if principal.is_secretariat:
        return f"country {country}" if country else "all member countries"
    if country:
        return f"country {country}"
    return f"all member countries (totals); details of {principal.country} only"


def merge(target: dict[str, dict[str, Number]], column: str, rows: Iterable[Any]) -> None:
    """Add ``(key, value)`` rows from SQL into ``target[key][column]``."""
    for key, value in rows:
        name = "unknown" if key is None else str(key)
        bucket_ = target.setdefault(name, {})
        bucket_[column] = bucket_.get(column, 0) + _number(value)


def _number(value: Any) -> Number:
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 2)


def fold(
    principal: Principal, counts: dict[str, dict[str, Number]], columns: Sequence[str]
) -> dict[str, dict[str, Number]]:
    """A member's view of a private country breakdown: its own row and ``others``."""
    if principal.is_secretariat:
        return counts
    own = principal.country or ""
    out: dict[str, dict[str, Number]] = {}
    for key, values in counts.items():
        target = out.setdefault(key if key == own else OTHERS, {})
        for c in columns:
            target[c] = target.get(c, 0) + values.get(c, 0)
    return out


def figure(
    session: Session,
    principal: Principal,
    *,
    name: str,
    title: str,
    period: Period,
    source: str,
    group_by: str,
    columns: list[str],
    counts: dict[str, dict[str, Number]],
    country: str | None,
    private_countries: bool = True,
    country_dims: Sequence[str] = ("country",),
    notes: list[str] | None = None,
    totals_override: dict[str, Number] | None = None,
) -> Figure:
    """Assemble (and audit the reading of) a figure from grouped counts. The totals are the
    sums of the rows, except those given in ``totals_override`` (a count of distinct objects
    that several rows share)."""
    totals: dict[str, Number] = dict.fromkeys(columns, 0)
    for values in counts.values():
        for c in columns:
            totals[c] = _number(totals[c] + values.get(c, 0))
    totals.update(totals_override or {})
    if group_by in country_dims and private_countries and country is None:
        counts = fold(principal, counts, columns)
    if group_by in TIME:
        keys = period.buckets(Grain(group_by))
    else:
        keys = sorted(counts, key=lambda k: (k == OTHERS, k))
    rows = [Row(key=k, values={c: counts.get(k, {}).get(c, 0) for c in columns}) for k in keys]
    label = scope(principal, country)
    audit.record(
        session,
        actor=principal,
        action="stats.read",
        object_type="stats",
        object_id=name,
        payload={"period": period.label, "group_by": group_by, "country": country},
    )
    return Figure(
        figure=name,
        title=title,
        period=PeriodOut(start=period.start, end=period.end),
        source=f"{source} {period.label}",
        scope=label,
        group_by=group_by,
        columns=columns,
        totals=totals,
        rows=rows,
        notes=notes or [],
    )


def where_country(column: Any, country: str | None) -> list[ColumnElement[bool]]:
    return [] if country is None else [column == country]


def answer_items(
    session: Session,
    principal: Principal,
    *,
    figure: str,
    source: str,
    period: Period,
    scope: str,
    items: list[Item],
    total: int,
    limit: int,
    offset: int,
    filters: dict[str, Any],
) -> Items:
    """The drill-down answer of a figure, its consultation audited (``stats.items``)."""
    audit.record(
        session,
        actor=principal,
        action="stats.items",
        object_type="stats",
        object_id=figure,
        payload={"period": period.label, **filters, "offset": offset},
    )
    return Items(
        figure=figure,
        period=PeriodOut(start=period.start, end=period.end),
        source=f"{source} {period.label}",
        scope=scope,
        items=items,
        total=total,
        limit=limit,
        offset=offset,
    )
