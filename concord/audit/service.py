"""Recording audit events.

Services call :func:`record` inside their unit of work. Events wait in the session until it
commits; then, inside the committing transaction, the chain head is locked (``SELECT ... FOR
UPDATE`` on PostgreSQL; SQLite transactions are already exclusive), each event gets the next
sequence number and its hash, and the head moves on. Chain order is therefore commit order, and
an event exists exactly when the change it describes was committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from concord.audit.chain import CHAINED_FIELDS, canonical_json, event_hash, payload_hash
from concord.audit.models import AuditEvent, AuditHead, AuditPayload
from concord.auth.principal import Principal
from concord.context import request_id_var
from concord.db.base import utcnow
from concord.db.bulk import insert_rows

PENDING_KEY = "audit_pending"


@dataclass
class PendingEvent:
    action: str
    outcome: str
    at: datetime
    actor_id: str | None
    actor_kind: str | None
    role: str | None
    country: str | None
    agency_id: str | None
    object_type: str | None
    object_id: str | None
    purpose: str | None
    request_id: str | None
    payload: str | None
    seq: int | None = field(default=None)


def event(
    *,
    actor: Principal | None,
    action: str,
    outcome: str = "ok",
    object_type: str | None = None,
    object_id: str | None = None,
    purpose: str | None = None,
    payload: Mapping[str, Any] | None = None,
) -> PendingEvent:
    """An audit event, not yet queued (see :func:`queue`): built where the action happens
    (its time, its request id), written by whichever transaction commits the action."""
    return PendingEvent(
        action=action,
        outcome=outcome,
        at=utcnow(),
        actor_id=actor.account_id if actor else None,
        actor_kind=actor.kind if actor else "system",
        role=str(actor.role) if actor else None,
        country=actor.org if actor else None,
        agency_id=actor.agency_id if actor else None,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        purpose=purpose,
        request_id=request_id_var.get(),
        payload=canonical_json(dict(payload)) if payload is not None else None,
    )


def queue(session: Session, events: Iterable[PendingEvent]) -> None:
    """Queue events; they are chained and written when ``session`` commits."""
    pending: list[PendingEvent] = session.info.setdefault(PENDING_KEY, [])
    pending.extend(events)
    hooks: list[Any] = session.info.setdefault("before_commit", [])
    if flush_pending not in hooks:
        hooks.append(flush_pending)


def record(
    session: Session,
    *,
    actor: Principal | None,
    action: str,
    outcome: str = "ok",
    object_type: str | None = None,
    object_id: str | None = None,
    purpose: str | None = None,
    payload: Mapping[str, Any] | None = None,
) -> PendingEvent:
    """Queue an audit event; it is chained and written when ``session`` commits."""
    ev = event(
        actor=actor,
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        payload=payload,
    )
    queue(session, [ev])
    return ev


_EVENTS: Table = AuditEvent.__table__  # type: ignore[assignment]
_PAYLOADS: Table = AuditPayload.__table__  # type: ignore[assignment]
_HEAD: Table = AuditHead.__table__  # type: ignore[assignment]
# Built once: constructing and caching statements cost as much as running them.
_READ_HEAD = select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1).with_for_update()
_WRITE_HEAD = (
    _HEAD.update()
    .where(_HEAD.c.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)


def discard_pending(session: Session) -> None:
    """Forget queued events (the unit of work is being rolled back)."""
    session.info.pop(PENDING_KEY, None)


def flush_pending(session: Session) -> None:
    """Chain and insert the queued events; called from the session's before_commit hook."""
    pending: list[PendingEvent] = session.info.pop(PENDING_KEY, [])
    if not pending:
        return
    connection = session.connection()
    head = connection.execute(_READ_HEAD).one()
    seq, prev = int(head.seq), str(head.hash)
    events: list[dict[str, Any]] = []
    payloads: list[dict[str, Any]] = []
    for ev in pending:
        seq += 1
        ev.seq = seq
        row = {n: getattr(ev, n) for n in CHAINED_FIELDS if n not in ("payload_hash", "prev_hash")}
        row["payload_hash"] = payload_hash(ev.payload) if ev.payload is not None else None
        row["prev_hash"] = prev
        row["hash"] = current = event_hash(row)
        events.append(row)
        if ev.payload is not None:
            payloads.append({"seq": seq, "data": ev.payload})
        prev = current
    # Core statements (COPY on PostgreSQL), not the ORM: a group commit of screenings writes
    # hundreds of events at once, and the ORM's per-object work cost more than the writing.
    insert_rows(session, _EVENTS, events)
    insert_rows(session, _PAYLOADS, payloads)
    connection.execute(_WRITE_HEAD, {"new_seq": seq, "new_hash": prev})


def erase_payload(session: Session, *, actor: Principal | None, seq: int, reason: str) -> bool:
    """Delete one event's payload (erasure); the event and its payload hash stay chained."""
    found = session.get(AuditPayload, seq)
    if found is None:
        return False
    session.delete(found)
    record(
        session,
        actor=actor,
        action="audit.payload_erase",
        object_type="audit_event",
        object_id=str(seq),
        purpose=reason,
    )
    return True
