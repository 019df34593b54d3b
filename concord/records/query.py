"""Listing records and following the change feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.db import paging
from concord.errors import PermissionDeniedError, ValidationFailedError
from concord.records import access
from concord.records.models import Record, RecordTombstone
from concord.settings import Settings


@dataclass(frozen=True)
class RecordFilter:
    type: str | None = None
    q: str | None = None
    key: str | None = None
    review_due_within_days: int | None = None
    overdue: bool | None = None


def list_own(
    session: Session,
    principal: Principal,
    f: RecordFilter,
    *,
    settings: Settings,
    limit: int | None = 100,
    offset: int = 0,
) -> tuple[list[Record], int]:
    """The caller's country's records (all records for the Secretariat, within review)."""
    if not principal.has(Permission.RECORDS_READ):
        raise PermissionDeniedError("Your role does not allow reading records")
    now = clock_now(settings)
    stmt: Select[Record] = select(Record)
    if principal.is_secretariat:
        stmt = stmt.where(access.visible(principal, now))
    else:
        stmt = stmt.where(Record.owner == principal.country)
    if f.type is not None:
        stmt = stmt.where(Record.type == f.type)
    if f.key is not None:
        stmt = stmt.where(Record.key == f.key)
    if f.q:
        stmt = stmt.where(func.lower(Record.label).contains(f.q.lower()))
    if f.review_due_within_days is not None:
        stmt = stmt.where(Record.review_at <= now + timedelta(days=f.review_due_within_days))
    if f.overdue is not None:
        stmt = stmt.where(Record.review_at <= now if f.overdue else Record.review_at > now)
    order = Record.review_at if f.review_due_within_days is not None else Record.change_seq.desc()
    return paging.page(session, stmt, order, limit=limit, offset=offset)


@dataclass(frozen=True)
class Change:
    seq: int
    op: str  # "upsert" | "delete" | "remove" (no longer visible to the caller)
    record_id: str
    record: Record | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "op": self.op, "record_id": self.record_id}


def changes_since(
    session: Session, principal: Principal, since: int, *, settings: Settings, limit: int = 1000
) -> tuple[list[Change], int]:
    """Changes after ``since`` in sequence order, as the caller sees them now: records it may
    read come whole; deleted records and records it may no longer read come as their id only.
    Returns the changes and the sequence number to ask from next."""
    if not principal.has(Permission.RECORDS_READ):
        raise PermissionDeniedError("Your role does not allow reading records")
    if since < 0:
        raise ValidationFailedError("'since' must be 0 or more")
    now = clock_now(settings)
    rows = (
        session.execute(
            select(Record).where(Record.change_seq > since).order_by(Record.change_seq).limit(limit)
        )
        .scalars()
        .all()
    )
    dead = (
        session.execute(
            select(RecordTombstone)
            .where(RecordTombstone.change_seq > since)
            .order_by(RecordTombstone.change_seq)
            .limit(limit)
        )
        .scalars()
        .all()
    )
    changes = [
        Change(r.change_seq, "upsert", r.id, r)
        if access.may_read(session, principal, r, now)
        else Change(r.change_seq, "remove", r.id)
        for r in rows
    ]
    changes += [Change(t.change_seq, "delete", t.record_id) for t in dead]
    changes.sort(key=lambda c: c.seq)
    changes = changes[:limit]
    next_since = changes[-1].seq if changes else since
    audit.record(
        session,
        actor=principal,
        action="record.changes",
        object_type="record",
        payload={"since": since, "count": len(changes)},
    )
    return changes, next_since


def due_for_review(session: Session, *, settings: Settings, within_days: int) -> list[Record]:
    now = clock_now(settings)
    return list(
        session.execute(
            select(Record)
            .where(Record.review_at <= now + timedelta(days=within_days))
            .order_by(Record.review_at)
        ).scalars()
    )


def overdue_at(record: Record, now: datetime) -> bool:
    return record.review_at <= now
