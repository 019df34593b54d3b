"""Reading the audit trail: auditors search events by actor, country, object and time.

A country's auditor sees the events of its own country; the Secretariat's auditors see all.
Reading the trail is itself audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from concord import audit
from concord.audit.models import AuditEvent, AuditPayload
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db import paging
from concord.errors import HiddenObjectError, NotFoundError, PermissionDeniedError


@dataclass(frozen=True)
class EventFilter:
    actor_id: str | None = None
    country: str | None = None
    action: str | None = None
    outcome: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def as_payload(self) -> dict[str, Any]:
        return {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in self.__dict__.items()
            if v is not None
        }


def _authorised(principal: Principal) -> None:
    if not principal.has(Permission.AUDIT_READ):
        raise PermissionDeniedError("Only auditors read the audit trail")


def _filtered(principal: Principal, f: EventFilter) -> Select[AuditEvent]:
    stmt = select(AuditEvent)
    if not principal.is_secretariat:
        stmt = stmt.where(AuditEvent.country == principal.country)
    for column, value in (
        (AuditEvent.actor_id, f.actor_id),
        (AuditEvent.country, f.country),
        (AuditEvent.action, f.action),
        (AuditEvent.outcome, f.outcome),
        (AuditEvent.object_type, f.object_type),
        (AuditEvent.object_id, f.object_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if f.since is not None:
        stmt = stmt.where(AuditEvent.at >= f.since)
    if f.until is not None:
        stmt = stmt.where(AuditEvent.at < f.until)
    return stmt


def query_events(
    session: Session,
    principal: Principal,
    f: EventFilter,
    *,
    limit: int | None = 100,
    offset: int = 0,
) -> tuple[list[AuditEvent], int]:
    _authorised(principal)
    stmt = _filtered(principal, f)
    rows, total = paging.page(session, stmt, AuditEvent.seq, limit=limit, offset=offset)
    audit.record(
        session,
        actor=principal,
        action="audit.query",
        object_type="audit_event",
        payload=f.as_payload(),
    )
    return rows, total


def get_event(session: Session, principal: Principal, seq: int) -> tuple[AuditEvent, Any]:
    """One event with its payload (``None`` if it never had one or it was erased)."""
    _authorised(principal)
    event = session.get(AuditEvent, seq)
    if event is None:
        raise NotFoundError(f"No audit event {seq}")
    if not principal.is_secretariat and event.country != principal.country:
        raise HiddenObjectError(
            f"No audit event {seq}", object_type="audit_event", object_id=str(seq)
        )
    payload = session.get(AuditPayload, seq)
    audit.record(
        session, actor=principal, action="audit.read", object_type="audit_event", object_id=str(seq)
    )
    return event, json.loads(payload.data) if payload else None
