"""Notices issued, refused and valid, by type, requesting country or period.

- **issued**: notices published in the period (``notices.published_at``: the publication of the
  notice; a reinstatement after a suspension is not a new issue);
- **refused**: refusal decisions taken in the period (``notice_events`` with action
  ``refuse``);
- **valid**: notices in circulation at the end of the period (or of each month/year bucket):
  published before that instant, not past their review date, and not yet suspended, cancelled
  or expired then (a notice suspended and later reinstated counts as out of circulation from
  its first suspension until now, unless it is published today).

Counts by type are global and visible to every member. Counts by requesting country are not
public (refusals above all): a member sees its own row and the others summed. Items: the
notices behind a figure; a member gets its own requests only. UN Special Notices are requested
by the Secretariat (``IPSG``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from concord.auth.principal import SECRETARIAT, Principal
from concord.db import paging
from concord.errors import ValidationFailedError
from concord.notices.models import Notice, NoticeEvent
from concord.stats import common
from concord.stats.periods import Grain, Period
from concord.stats.schemas import Figure, Item, Items, Number

NAME = "notices"
GROUPS = ("type", "country", *common.TIME)
COLUMNS = ["issued", "refused", "valid"]
KINDS = ("issued", "refused", "valid")
SOURCE = "notices (published_at, expires_at) + notice_events (refuse, leaving circulation)"
#: Most time buckets for which "valid" is computed (one count per bucket).
MAX_VALID_BUCKETS = 120
_PUBLISHED = "published"


def _country() -> Any:
    return func.coalesce(Notice.requesting_country, SECRETARIAT)


def valid_at(at: datetime) -> ColumnElement[bool]:
    """SQL: the notice was in circulation at the instant ``at``."""
    left = (
        select(func.min(NoticeEvent.at))
        .where(
            NoticeEvent.notice_id == Notice.id,
            NoticeEvent.from_status == _PUBLISHED,
            NoticeEvent.to_status != _PUBLISHED,
        )
        .scalar_subquery()
    )
    return and_(
        Notice.published_at < at,
        Notice.expires_at > at,
        or_(Notice.status == _PUBLISHED, left > at),
    )


def _filters(country: str | None, type_: str | None) -> list[Any]:
    out: list[Any] = common.where_country(_country(), country)
    if type_:
        out.append(Notice.type == type_)
    return out


def compute(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    group_by: str = "type",
    country: str | None = None,
) -> Figure:
    common.check_reader(principal)
    common.check_group(group_by, GROUPS)
    country = common.check_country(principal, country)
    dims = {"type": Notice.type, "country": _country()}
    where = _filters(country, None)
    counts: dict[str, dict[str, Number]] = {}
    key = common.key_column(session, group_by, Notice.published_at, dims)
    issued = select(key, func.count()).where(period.contains(Notice.published_at), *where)
    common.merge(counts, "issued", session.execute(issued.group_by(key)))
    key = common.key_column(session, group_by, NoticeEvent.at, dims)
    refused = (
        select(key, func.count())
        .select_from(NoticeEvent)
        .join(Notice, Notice.id == NoticeEvent.notice_id)
        .where(NoticeEvent.action == "refuse", period.contains(NoticeEvent.at), *where)
    )
    common.merge(counts, "refused", session.execute(refused.group_by(key)))
    notes = [f"valid: in circulation at the end of {period.end.isoformat()}"]
    if group_by in common.TIME:
        notes = _valid_by_bucket(session, counts, period, Grain(group_by), where)
    else:
        dim = dims[group_by]
        stmt = select(dim, func.count()).where(valid_at(period.until), *where).group_by(dim)
        common.merge(counts, "valid", session.execute(stmt))
    return common.figure(
        session,
        principal,
        name=NAME,
        title="Notices issued, refused and valid",
        period=period,
        source=SOURCE,
        group_by=group_by,
        columns=COLUMNS,
        counts=counts,
        country=country,
        notes=notes,
    )


def _valid_by_bucket(
    session: Session,
    counts: dict[str, dict[str, Number]],
    period: Period,
    grain: Grain,
    where: list[Any],
) -> list[str]:
    keys = period.buckets(grain)
    if len(keys) > MAX_VALID_BUCKETS:
        return [f"valid: not computed for more than {MAX_VALID_BUCKETS} buckets"]
    for key in keys:
        end = bucket_end(key, grain, period)
        stmt = select(func.count()).select_from(Notice).where(valid_at(end), *where)
        counts.setdefault(key, {})["valid"] = int(session.execute(stmt).scalar_one())
    return ["valid: in circulation at the end of each bucket (or of the period)"]


def bucket_end(key: str, grain: Grain, period: Period) -> datetime:
    """The first instant after bucket ``key``, capped at the end of the period."""
    if grain is Grain.DAY:
        last = date.fromisoformat(key)
    elif grain is Grain.MONTH:
        y, m = int(key[:4]), int(key[5:7])
        last = (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
    else:
        last = date(int(key), 12, 31)
    return Period(period.start, min(last, period.end)).until


def items(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    kind: str = "issued",
    type_: str | None = None,
    country: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Items:
    common.check_reader(principal)
    if kind not in KINDS:
        raise ValidationFailedError(f"kind: '{kind}' is not one of {', '.join(KINDS)}")
    country = common.check_country(principal, country) or (
        None if principal.is_secretariat else principal.country
    )
    where = _filters(country, type_)
    if kind == "issued":
        stmt = select(Notice.id, Notice.published_at, _country(), Notice.type).where(
            period.contains(Notice.published_at), *where
        )
        order: tuple[Any, ...] = (Notice.published_at, Notice.id)
    elif kind == "refused":
        stmt = (
            select(Notice.id, NoticeEvent.at, _country(), Notice.type)
            .join(NoticeEvent, NoticeEvent.notice_id == Notice.id)
            .where(NoticeEvent.action == "refuse", period.contains(NoticeEvent.at), *where)
        )
        order = (NoticeEvent.at, NoticeEvent.id)
    else:
        stmt = select(Notice.id, Notice.published_at, _country(), Notice.type).where(
            valid_at(period.until), *where
        )
        order = (Notice.published_at, Notice.id)
    rows, total = paging.page_rows(session, stmt, *order, limit=limit, offset=offset)
    return common.answer_items(
        session,
        principal,
        figure=f"{NAME}.{kind}",
        source=SOURCE,
        period=period,
        scope=common.scope(principal, country),
        items=[Item(id=str(r[0]), at=r[1], country=r[2], kind=r[3]) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        filters={"country": country, "type": type_},
    )
