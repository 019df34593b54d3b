"""Database searches and hits: every screening query is one ``screening.query`` event in the
audit trail (a search that found nothing leaves no other trace), every record it found is one
row of ``screening_hits``. Searches older than the audit trail are known only as monthly
totals: the historical tallies (``search_tallies``, see :mod:`concord.stats.tallies`) are added
to both columns, each in the month it counts, and only in periods that cover its whole month.

Breakdowns: by day, month or year, and by the searching country (``IPSG`` for the General
Secretariat). How much each country searches is not public: a member sees its own row and the
others summed. Items: the screenings (audit events) or the hits themselves; a member gets its
own country's only; a tally is one item standing for ``count`` searches (or hits). Every
item carries ``count``, so the counts of a figure's items add up to its total. Audit retention
(``concord audit prune``, 3 years by default) removes old events: searches before the oldest
kept event are no longer counted (the figure says so)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from concord.audit.models import AuditEvent
from concord.auth.principal import Principal
from concord.db import paging
from concord.errors import ValidationFailedError
from concord.screening.models import ScreeningHit
from concord.stats import common
from concord.stats.models import SearchTally
from concord.stats.periods import Period
from concord.stats.schemas import Figure, Item, Items, Number

NAME = "searches"
GROUPS = (*common.TIME, "country")
COLUMNS = ["searches", "hits"]
KINDS = ("searches", "hits")
SEARCH_SOURCE = "audit_events(action=screening.query)"
HIT_SOURCE = "screening_hits"
TALLY_SOURCE = "search_tallies (monthly, before the audit trail)"
TALLY_KIND = "tally"


def _searches_where(period: Period, country: str | None) -> list[Any]:
    return [
        AuditEvent.action == "screening.query",
        AuditEvent.outcome == "ok",
        period.contains(AuditEvent.at),
        *common.where_country(AuditEvent.country, country),
    ]


def _hits_where(period: Period, country: str | None) -> list[Any]:
    hit = ScreeningHit
    return [period.contains(hit.created_at), *common.where_country(hit.screener_country, country)]


def _month(day: date) -> datetime:
    return datetime.combine(day.replace(day=1), time(), tzinfo=UTC)


def _whole_months(period: Period) -> tuple[datetime, datetime]:
    """[first, after): the months lying wholly within the period."""
    first = _month(period.start)
    if period.start.day != 1:
        first = _month(first.date() + timedelta(days=31))
    return first, _month(period.end + timedelta(days=1))


def _tallies_where(period: Period, country: str | None) -> list[Any]:
    first, after = _whole_months(period)
    return [
        SearchTally.month >= first,
        SearchTally.month < after,
        *common.where_country(SearchTally.country, country),
    ]


def _partial_tallies(session: Session, period: Period, country: str | None) -> int:
    """Tallies of months the period covers only in part (not counted)."""
    first, after = _whole_months(period)
    overlap = [
        SearchTally.month >= _month(period.start),
        SearchTally.month < period.until,
        (SearchTally.month < first) | (SearchTally.month >= after),
        *common.where_country(SearchTally.country, country),
    ]
    return int(session.execute(select(func.count()).where(*overlap)).scalar_one())


def _oldest_event(session: Session) -> Any:
    return session.execute(select(func.min(AuditEvent.at))).scalar()


def compute(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    group_by: str = "month",
    country: str | None = None,
) -> Figure:
    common.check_reader(principal)
    common.check_group(group_by, GROUPS)
    country = common.check_country(principal, country)
    hit = ScreeningHit
    counts: dict[str, dict[str, Number]] = {}
    key = common.key_column(session, group_by, AuditEvent.at, {"country": AuditEvent.country})
    common.merge(
        counts,
        "searches",
        session.execute(
            select(key, func.count()).where(*_searches_where(period, country)).group_by(key)
        ),
    )
    key = common.key_column(session, group_by, hit.created_at, {"country": hit.screener_country})
    common.merge(
        counts,
        "hits",
        session.execute(
            select(key, func.count()).where(*_hits_where(period, country)).group_by(key)
        ),
    )
    key = common.key_column(session, group_by, SearchTally.month, {"country": SearchTally.country})
    tallied = session.execute(
        select(key, func.sum(SearchTally.searches), func.sum(SearchTally.hits))
        .where(*_tallies_where(period, country))
        .group_by(key)
    ).all()
    common.merge(counts, "searches", [(k, n) for k, n, _ in tallied])
    common.merge(counts, "hits", [(k, h) for k, _, h in tallied])
    notes = []
    oldest = _oldest_event(session)
    if oldest is not None and oldest.date() > period.start:
        earlier = "counted from the historical tallies only" if tallied else "not counted"
        notes.append(
            f"The audit trail starts on {oldest.date().isoformat()} (older events were pruned "
            f"or the platform was not in use): earlier searches are {earlier}"
        )
    if tallied:
        notes.append(
            "search_tallies are monthly totals (with a day grain, each counts on the first "
            "day of its month); sources: " + "; ".join(_tally_sources(session, period, country))
        )
    if _partial_tallies(session, period, country):
        notes.append("tallies of months the period covers only in part are not counted")
    return common.figure(
        session,
        principal,
        name=NAME,
        title="Database searches and hits",
        period=period,
        source=f"{SEARCH_SOURCE} + {HIT_SOURCE}" + (f" + {TALLY_SOURCE}" if tallied else ""),
        group_by=group_by,
        columns=COLUMNS,
        counts=counts,
        country=country,
        notes=notes,
    )


def items(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    kind: str = "searches",
    country: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Items:
    """The screenings (or hits) behind the figure; a member's own country only."""
    common.check_reader(principal)
    if kind not in KINDS:
        raise ValidationFailedError(f"kind: '{kind}' is not one of {', '.join(KINDS)}")
    country = common.check_country(principal, country) or (
        None if principal.is_secretariat else principal.country
    )
    if kind == "searches":
        own = select(
            AuditEvent.object_id.label("id"),
            AuditEvent.at.label("at"),
            AuditEvent.country.label("country"),
            AuditEvent.purpose.label("kind"),
            literal(1).label("n"),
        ).where(*_searches_where(period, country))
        tallied = SearchTally.searches
        source = SEARCH_SOURCE
    else:
        hit = ScreeningHit
        own = select(
            hit.id.label("id"),
            hit.created_at.label("at"),
            hit.screener_country.label("country"),
            hit.decision.label("kind"),
            literal(1).label("n"),
        ).where(*_hits_where(period, country))
        tallied = SearchTally.hits
        source = HIT_SOURCE
    tallies = select(
        SearchTally.id, SearchTally.month, SearchTally.country, literal(TALLY_KIND), tallied
    ).where(*_tallies_where(period, country), tallied > 0)
    if session.execute(tallies.limit(1)).first() is not None:
        source = f"{source} + {TALLY_SOURCE}"
    both = union_all(own, tallies).subquery()
    stmt = select(both.c.id, both.c.at, both.c.country, both.c.kind, both.c.n)
    rows, total = paging.page_rows(session, stmt, both.c.at, both.c.id, limit=limit, offset=offset)
    return common.answer_items(
        session,
        principal,
        figure=f"{NAME}.{kind}",
        source=source,
        period=period,
        scope=common.scope(principal, country),
        items=[Item(id=str(r[0]), at=r[1], country=r[2], kind=r[3], count=int(r[4])) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        filters={"country": country},
    )


def _tally_sources(session: Session, period: Period, country: str | None) -> list[str]:
    stmt = select(SearchTally.source).where(*_tallies_where(period, country)).distinct()
    return sorted(session.execute(stmt).scalars())
