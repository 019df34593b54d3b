"""Operation hits: a screening hit on a target of an active operation is recorded here and
flagged to the operation's coordinators.

:func:`flag` is called by :func:`concord.screening.persist.persist` for each batch of
screenings that produced hits. It costs one indexed query (``operation_targets.ref_id``
joined to active operations) per batch, and nothing when there are no hits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.db import paging
from concord.errors import PermissionDeniedError
from concord.operations.access import Role, load_full, tell_coordinators
from concord.operations.areas import Status
from concord.operations.models import Operation, OperationHit, OperationTarget


@dataclass(frozen=True)
class ScreenedHit:
    """What the hook needs of one stored screening hit."""

    hit_id: str
    record_id: str
    #: notices in circulation about the record (a notice may be the target)
    notice_ids: tuple[str, ...]
    screener_country: str
    decision: str
    label: str | None
    account_id: str
    at: datetime


# Built once and executed on the connection: it runs for every batch of screenings with hits,
# and building the statement cost more than the (usually empty) answer.
_TARGETS = (
    select(OperationTarget.id, OperationTarget.ref_id, OperationTarget.operation_id)
    .join(Operation, Operation.id == OperationTarget.operation_id)
    .where(
        OperationTarget.ref_id.in_(bindparam("refs", expanding=True)),
        Operation.status == Status.ACTIVE.value,
    )
    .order_by(OperationTarget.id)
)


def flag(session: Session, hits: Iterable[ScreenedHit]) -> int:
    """Record operation hits for ``hits`` that concern targets of active operations and
    notify each operation's coordinators once; returns how many were recorded."""
    batch = list(hits)
    if not batch:
        return 0
    refs = {h.record_id for h in batch} | {n for h in batch for n in h.notice_ids}
    targets = session.connection().execute(_TARGETS, {"refs": sorted(refs)}).all()
    if not targets:
        return 0
    ops = {
        op.id: op
        for op in session.scalars(
            select(Operation).where(Operation.id.in_({t.operation_id for t in targets}))
        )
    }
    by_ref: dict[str, list[tuple[str, Operation]]] = {}
    for target_id, ref, op_id in targets:
        by_ref.setdefault(ref, []).append((target_id, ops[op_id]))
    recorded = 0
    flagged: dict[str, tuple[Operation, list[ScreenedHit]]] = {}
    for h in batch:
        seen: set[str] = set()
        for ref in (h.record_id, *h.notice_ids):
            for target_id, op in by_ref.get(ref, []):
                if op.id in seen:
                    continue
                seen.add(op.id)
                session.add(
                    OperationHit(
                        operation_id=op.id,
                        target_id=target_id,
                        hit_id=h.hit_id,
                        record_id=h.record_id,
                        screener_country=h.screener_country,
                        decision=h.decision,
                        created_at=h.at,
                    )
                )
                flagged.setdefault(op.id, (op, []))[1].append(h)
                recorded += 1
    for op, found in flagged.values():
        first = found[0]
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        tell_coordinators(
            session,
            op,
            kind="operation.hit",
            title=f"Operation {op.code_name}: target {first.label or first.record_id}{more} "
            f"hit in a screening by {first.screener_country} ({first.decision})",
            body="A screening found a target of an active operation. See the operation's hits.",
            created_by=first.account_id,
            object_type="screening_hit",
            object_id=first.hit_id,
        )
    return recorded


def listing(
    session: Session, principal: Principal, op_id: str, *, limit: int | None, offset: int
) -> tuple[list[OperationHit], int]:
    """The operation's hits: for its coordinators (and the Secretariat's observers)."""
    op, role = load_full(session, principal, op_id)
    if role not in (Role.COORDINATOR, Role.OBSERVER):
        raise PermissionDeniedError("Operation hits are flagged to the coordinators only")
    stmt = select(OperationHit).where(OperationHit.operation_id == op.id)
    rows, total = paging.page(
        session, stmt, OperationHit.created_at.desc(), OperationHit.id, limit=limit, offset=offset
    )
    audit.record(
        session,
        actor=principal,
        action="operation.hits.read",
        object_type="operation",
        object_id=op.id,
        payload={"returned": [h.hit_id for h in rows]},
    )
    return rows, total
