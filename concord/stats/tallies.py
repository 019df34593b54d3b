"""Historical search tallies: monthly counts of database searches (and their hits) made before
Concord's audit trail could record them, loaded from the system that counted them.

Concord counts its own searches from the audit trail (one ``screening.query`` event each),
which is hash-chained and is never backdated. Searches older than the trail are known only as
totals; a tally carries them, one row per calendar month and searching country, with the
``source`` of its numbers, and the ``searches`` figure adds them to what the trail shows (its
``source`` then names ``search_tallies``). Only whole months before the current one are taken:
a tally never overlaps what the trail is recording now.

Loaded by the General Secretariat's administrator (``staff:manage``, who keeps the statistics'
other reference data, the staff records); every load is one audited event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import SECRETARIAT, Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.db.base import new_id
from concord.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from concord.members.models import Country
from concord.settings import Settings
from concord.stats.models import SearchTally

SOURCE_MAX = 200
_TABLE: Table = SearchTally.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Tally:
    """One month of one country's searches: ``month`` is any day of it."""

    month: date
    country: str
    searches: int
    hits: int


def month_start(day: date) -> datetime:
    return datetime.combine(day.replace(day=1), time(), tzinfo=UTC)


def _bad(field: str, message: str) -> ValidationFailedError:
    return ValidationFailedError(
        f"{field}: {message}", errors=[{"loc": [field], "msg": message, "type": "value"}]
    )


def load(
    session: Session,
    principal: Principal,
    *,
    tallies: list[Tally],
    source: str,
    settings: Settings,
) -> int:
    """Insert ``tallies`` (in bulk) with their ``source``; returns how many. Refused with a 422
    naming the field: a month not before the current one, a country that is not a member (or
    ``IPSG``), negative counts or more hits than searches, a month and country given twice, an
    empty or overlong source. A tally already loaded from the same source is a 409."""
    if not (principal.is_secretariat and principal.has(Permission.STAFF_MANAGE)):
        raise PermissionDeniedError("Search tallies are loaded by the General Secretariat")
    source = source.strip()
    if not source or len(source) > SOURCE_MAX:
        raise _bad("source", f"say where the numbers come from, in 1-{SOURCE_MAX} characters")
    current = month_start(clock_now(settings).date())
    members = set(session.execute(select(Country.code)).scalars()) | {SECRETARIAT}
    seen: set[tuple[datetime, str]] = set()
    loaded_at = clock_now(settings)
    rows = []
    for i, t in enumerate(tallies):
        month = month_start(t.month)
        if month >= current:
            raise _bad(f"tallies.{i}.month", "only whole months before the current one")
        if t.country not in members:
            raise _bad(f"tallies.{i}.country", f"'{t.country}' is not a member country")
        if t.searches < 0 or t.hits < 0 or t.hits > t.searches:
            raise _bad(f"tallies.{i}.hits", "counts are >= 0 and hits <= searches")
        if (month, t.country) in seen:
            raise _bad(f"tallies.{i}.month", "a month and country appear twice")
        seen.add((month, t.country))
        rows.append(
            {
                "id": new_id(),
                "month": month,
                "country": t.country,
                "searches": t.searches,
                "hits": t.hits,
                "source": source,
                "loaded_by": principal.account_id,
                "loaded_at": loaded_at,
            }
        )
    loaded = select(SearchTally.month, SearchTally.country).where(SearchTally.source == source)
    if seen & {(m, c) for m, c in session.execute(loaded)}:
        raise ConflictError(f"Tallies of these months were already loaded from '{source}'")
    if rows:  # Core, not the ORM: a load is many rows and nothing else refers to them
        session.execute(_TABLE.insert(), rows)
    months = sorted(m for m, _ in seen)
    audit.record(
        session,
        actor=principal,
        action="stats.tallies_load",
        object_type="search_tallies",
        payload={
            "source": source,
            "rows": len(rows),
            "from": months[0].date().isoformat() if months else None,
            "to": months[-1].date().isoformat() if months else None,
            "searches": sum(t.searches for t in tallies),
            "hits": sum(t.hits for t in tallies),
        },
    )
    return len(rows)
