"""Database searches and hits: every screening query is one ``screening.query`` event in the
audit trail (a search that found nothing leaves no other trace), every record it found is one
row of ``screening_hits``.

Breakdowns: by day, month or year, and by the searching country (``IPSG`` for the General
Secretariat). How much each country searches is not public: a member sees its own row and the
others summed. Items: the screenings (audit events) or the hits themselves; a member gets its
own country's only. Audit retention (``concord audit prune``, 3 years by default) removes old
events: searches before the oldest kept event are no longer counted (the figure says so)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord.audit.models import AuditEvent
from concord.auth.principal import Principal
from concord.db import paging
from concord.errors import ValidationFailedError
from concord.screening.models import ScreeningHit
from concord.stats import common
from concord.stats.periods import Period
from concord.stats.schemas import Figure, Item, Items, Number

NAME = "searches"
GROUPS = (*common.TIME, "country")
COLUMNS = ["searches", "hits"]
KINDS = ("searches", "hits")
SEARCH_SOURCE = "audit_events(action=screening.query)"
HIT_SOURCE = "screening_hits"


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
    notes = []
    oldest = _oldest_event(session)
    if oldest is not None and oldest.date() > period.start:
        notes.append(
            f"The audit trail starts on {oldest.date().isoformat()} (older events were pruned "
            "or the platform was not in use): earlier searches are not counted"
        )
    return common.figure(
        session,
        principal,
        name=NAME,
        title="Database searches and hits",
        period=period,
        source=f"{SEARCH_SOURCE} + {HIT_SOURCE}",
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
        stmt = select(AuditEvent.object_id, AuditEvent.at, AuditEvent.country, AuditEvent.purpose)
        stmt = stmt.where(*_searches_where(period, country))
        rows, total = paging.page_rows(
            session, stmt, AuditEvent.at, AuditEvent.seq, limit=limit, offset=offset
        )
        source = SEARCH_SOURCE
    else:
        hit = ScreeningHit
        stmt = select(hit.id, hit.created_at, hit.screener_country, hit.decision)
        stmt = stmt.where(*_hits_where(period, country))
        rows, total = paging.page_rows(
            session, stmt, hit.created_at, hit.id, limit=limit, offset=offset
        )
        source = HIT_SOURCE
    return common.answer_items(
        session,
        principal,
        figure=f"{NAME}.{kind}",
        source=source,
        period=period,
        scope=common.scope(principal, country),
        items=[Item(id=str(r[0]), at=r[1], country=r[2], kind=r[3]) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        filters={"country": country},
    )
