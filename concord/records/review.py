"""Review deadlines: owners are warned before a record's review is due (a list, and one
notification per owner country per run naming how many records are due)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.clock import now as clock_now
from concord.errors import PermissionDeniedError
from concord.notify.service import notify
from concord.records.models import Record
from concord.settings import Settings


def send_warnings(
    session: Session, *, settings: Settings, actor: Principal | None
) -> dict[str, int]:
    """Warn each owner country of its records whose review falls within the warning period and
    that were not warned yet. Returns the count per country. A job of the Secretariat (or of
    the system, ``actor=None``)."""
    if actor is not None and not actor.is_secretariat:
        raise PermissionDeniedError("Only the General Secretariat sends the review warnings")
    now = clock_now(settings)
    horizon = now + timedelta(days=settings.review_warning_days)
    rows = (
        session.execute(
            select(Record).where(Record.review_at <= horizon, Record.review_warned_at.is_(None))
        )
        .scalars()
        .all()
    )
    per_country: Counter[str] = Counter()
    for row in rows:
        row.review_warned_at = now
        per_country[row.owner] += 1
    for country, count in sorted(per_country.items()):
        notify(
            session,
            kind="records.review_due",
            country=country,
            title=f"{count} record(s) need review within {settings.review_warning_days} days",
            body="Past its review date a record is hidden from every other country until "
            "you renew or delete it.",
            object_type="record",
        )
    if per_country:
        audit.record(session, actor=actor, action="records.review_warn", payload=dict(per_country))
    session.flush()
    return dict(per_country)
