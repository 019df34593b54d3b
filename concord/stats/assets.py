"""Assets under notice: the asset records named by Silver Notices in circulation at an instant,
with their estimated values converted to US dollars at the latest rate on or before the last
day counted (``usd_rates``, the operations' rate table); values in a currency without a rate
are left out of the dollar total and counted apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord.notices.models import Notice, NoticeRecord
from concord.operations.models import UsdRate
from concord.records.models import Record
from concord.stats.notices import valid_at

SOURCE = "notices (Silver, in circulation) + notice_records + records (asset) + usd_rates"


@dataclass
class AssetsUnderNotice:
    at: datetime
    notices: int = 0
    assets: int = 0
    value_usd: float = 0.0
    #: asset values in a currency with no rate on or before ``at`` (currency -> amount)
    unconverted: dict[str, float] = field(default_factory=dict)
    source: str = SOURCE


def _rate(session: Session, currency: str, at: datetime) -> float | None:
    """The rate of the last day before the instant ``at`` (``at`` is the first instant after
    the period: the period's last day is valued at that day's rate)."""
    day = (at - timedelta(microseconds=1)).date()
    if currency == "USD":
        return 1.0
    stmt = (
        select(UsdRate.per_usd)
        .where(UsdRate.currency == currency, UsdRate.on_date <= day)
        .order_by(UsdRate.on_date.desc())
        .limit(1)
    )
    found = session.execute(stmt).scalar()
    return float(found) if found else None


def under_notice(session: Session, at: datetime) -> AssetsUnderNotice:
    out = AssetsUnderNotice(at=at)
    silver = [Notice.type == "silver", valid_at(at)]
    count = select(func.count()).select_from(Notice).where(*silver)
    out.notices = int(session.execute(count).scalar_one())
    named = (
        select(NoticeRecord.record_id)
        .join(Notice, Notice.id == NoticeRecord.notice_id)
        .where(*silver)
    )
    stmt = select(Record.id, Record.data).where(Record.id.in_(named), Record.type == "asset")
    rates: dict[str, float | None] = {}
    total = Decimal(0)
    for _rid, data in session.execute(stmt):
        out.assets += 1
        raw, currency = data.get("estimated_value"), data.get("currency")
        if raw is None or not currency:
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            continue
        if currency not in rates:
            rates[currency] = _rate(session, currency, at)
        rate = rates[currency]
        if rate:
            total += value / Decimal(str(rate))
        else:
            out.unconverted[currency] = out.unconverted.get(currency, 0.0) + float(value)
    out.value_usd = float(round(total, 2))
    return out
