"""Targets: records of the police databases (persons, vehicles, documents, assets, ...) and
notices linked to an operation by its coordinators and participants.

A country links only what it may itself read (:mod:`concord.records.access`,
:mod:`concord.notices.query`); the list shows every target's id and kind to everyone in the
operation, and its label only to those who may read the record or notice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.clock import now as clock_now
from concord.db import paging
from concord.errors import (
    BadRequestError,
    ConflictError,
    HiddenObjectError,
    NotFoundError,
    PermissionDeniedError,
)
from concord.notices import query as notice_query
from concord.notices.models import Notice
from concord.operations.access import Role, load_full
from concord.operations.areas import Status
from concord.operations.models import Operation, OperationTarget
from concord.records import access as record_access
from concord.records.models import Record
from concord.settings import Settings


def _writable(op: Operation, role: Role) -> None:
    if role not in (Role.COORDINATOR, Role.PARTICIPANT):
        raise PermissionDeniedError("Only coordinators and participants change targets")
    if op.status == Status.CLOSED:
        raise ConflictError(f"Operation {op.code_name} is closed: its targets are final")


def _record(session: Session, principal: Principal, record_id: str, settings: Settings) -> Record:
    record = session.get(Record, record_id)
    if record is None:
        raise NotFoundError(f"record_id: no record '{record_id}'")
    if not record_access.may_read(session, principal, record, clock_now(settings)):
        raise HiddenObjectError(
            f"record_id: no record '{record_id}'", object_type="record", object_id=record_id
        )
    return record


def add(
    session: Session,
    principal: Principal,
    op_id: str,
    *,
    record_id: str | None,
    notice_id: str | None,
    note: str | None,
    settings: Settings,
) -> OperationTarget:
    op, role = load_full(session, principal, op_id)
    _writable(op, role)
    if (record_id is None) == (notice_id is None):
        raise BadRequestError("Give either record_id or notice_id")
    if record_id is not None:
        kind = _record(session, principal, record_id, settings).type
        ref = record_id
    else:
        assert notice_id is not None
        notice_query.get_visible(session, principal, notice_id, settings)
        kind, ref = "notice", notice_id
    clash = session.execute(
        select(OperationTarget.id).where(
            OperationTarget.operation_id == op.id, OperationTarget.ref_id == ref
        )
    ).scalar()
    if clash is not None:
        raise ConflictError(f"{kind} '{ref}' is already a target of {op.code_name} ({clash})")
    target = OperationTarget(
        operation_id=op.id,
        kind=kind,
        ref_id=ref,
        note=note,
        added_by=principal.account_id,
        added_country=principal.org,
        added_at=clock_now(settings),
    )
    session.add(target)
    session.flush()
    audit.record(
        session,
        actor=principal,
        action="operation.target.add",
        object_type="operation",
        object_id=op.id,
        payload={"target": target.id, "kind": kind, "ref": ref},
    )
    return target


def remove(session: Session, principal: Principal, op_id: str, target_id: str) -> None:
    """Unlink a target: the coordinators, or the country that linked it."""
    op, role = load_full(session, principal, op_id)
    _writable(op, role)
    target = session.get(OperationTarget, target_id)
    if target is None or target.operation_id != op.id:
        raise NotFoundError(f"No target '{target_id}' in {op.code_name}")
    if role is not Role.COORDINATOR and target.added_country != principal.org:
        raise PermissionDeniedError("Only the coordinators or the country that linked it")
    session.delete(target)
    audit.record(
        session,
        actor=principal,
        action="operation.target.remove",
        object_type="operation",
        object_id=op.id,
        payload={"target": target_id, "kind": target.kind, "ref": target.ref_id},
    )


def listing(
    session: Session,
    principal: Principal,
    op_id: str,
    *,
    settings: Settings,
    limit: int | None,
    offset: int,
) -> tuple[list[tuple[OperationTarget, str | None]], int]:
    """The targets with, for each, its label if the caller may read it."""
    op, _role = load_full(session, principal, op_id)
    stmt = select(OperationTarget).where(OperationTarget.operation_id == op.id)
    rows, total = paging.page(
        session, stmt, OperationTarget.added_at, OperationTarget.id, limit=limit, offset=offset
    )
    now = clock_now(settings)
    refs = [t.ref_id for t in rows]
    labels: dict[str, str] = {}
    if refs:
        for rid, label in session.execute(
            select(Record.id, Record.label).where(
                Record.id.in_(refs), record_access.visible(principal, now)
            )
        ):
            labels[str(rid)] = str(label)
        for nid, title in session.execute(
            select(Notice.id, Notice.title).where(
                Notice.id.in_(refs), notice_query.visible(principal, now)
            )
        ):
            labels[str(nid)] = str(title)
    audit.record(
        session,
        actor=principal,
        action="operation.target.list",
        object_type="operation",
        object_id=op.id,
        payload={"returned": refs},
    )
    return [(t, labels.get(t.ref_id)) for t in rows], total
