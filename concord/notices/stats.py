"""Notice statistics as INTERPOL reports them: requests by type, status, requesting country
and month; refusals by ground (Art. 3, Art. 2 human rights, other); notices in circulation.

The Secretariat sees every country; a member sees its own requests and, of the others, only
what is in circulation (published notices are no secret among members)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.clock import now as clock_now
from concord.notices.models import Diffusion, Notice
from concord.notices.query import in_circulation
from concord.notices.schemas import StatsOut
from concord.notices.workflow import Status
from concord.settings import Settings


def compute(
    session: Session, principal: Principal, settings: Settings, *, year: int | None
) -> StatsOut:
    now = clock_now(settings)
    scope = select(
        Notice.type,
        Notice.status,
        Notice.requesting_country,
        Notice.created_at,
        Notice.refusal_ground,
        Notice.expires_at,
    )
    if principal.is_secretariat:
        label = "all notices"
    else:
        scope = scope.where(
            or_(Notice.requesting_country == principal.country, in_circulation(now))
        )
        label = f"notices requested by {principal.country}, and all notices in circulation"
    if year is not None:
        start = datetime(year, 1, 1, tzinfo=UTC)
        scope = scope.where(
            and_(Notice.created_at >= start, Notice.created_at < start.replace(year=year + 1))
        )
    by_type: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    grounds: Counter[str] = Counter()
    circulating: Counter[str] = Counter()
    for ntype, status, country, created, ground, expires in session.execute(scope):
        by_type[ntype] += 1
        by_status[status] += 1
        by_country[country or "IPSG"] += 1
        by_month[created.strftime("%Y-%m")] += 1
        if status == Status.REFUSED.value:
            grounds[ground or "other"] += 1
        if status == Status.PUBLISHED.value and expires is not None and expires > now:
            circulating[ntype] += 1
    diffusions = select(Diffusion.status, func.count()).group_by(Diffusion.status)
    if not principal.is_secretariat:
        diffusions = diffusions.where(Diffusion.sender_country == principal.country)
    return StatsOut(
        scope=label,
        period=f"created in {year}" if year else "all time",
        by_type=dict(sorted(by_type.items())),
        by_status=dict(sorted(by_status.items())),
        by_country=dict(sorted(by_country.items())),
        by_month=dict(sorted(by_month.items())),
        refusals_by_ground={g: grounds.get(g, 0) for g in ("art3", "art2", "other")},
        in_circulation_by_type=dict(sorted(circulating.items())),
        diffusions_by_status={str(row[0]): int(row[1]) for row in session.execute(diffusions)},
    )
