"""Change sequence numbers: a single counter row, locked by each writing transaction until it
commits, so that sequence order is commit order and a follower reading ``since=N`` never
misses a change that commits later with a smaller number."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.records.models import ChangeCounter


def take(session: Session, count: int = 1) -> int:
    """Reserve ``count`` consecutive numbers; returns the first."""
    counter = session.execute(
        select(ChangeCounter).where(ChangeCounter.id == 1).with_for_update()
    ).scalar_one()
    first = counter.seq + 1
    counter.seq += count
    return first


def current(session: Session) -> int:
    return int(session.execute(select(ChangeCounter.seq).where(ChangeCounter.id == 1)).scalar_one())
