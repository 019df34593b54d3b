"""Operations: creating, reading, listing, editing and moving them through their statuses.

Invitations are in :mod:`.invitations`, targets in :mod:`.targets`, operation hits in
:mod:`.hits`, results in :mod:`.results` and totals in :mod:`.totals`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.db import paging
from concord.errors import (
    ConflictError,
    PermissionDeniedError,
    ValidationFailedError,
)
from concord.messaging.keys import KeyStore
from concord.operations import case, invitations
from concord.operations.access import Role, load, require_coordinator, visible_to
from concord.operations.areas import CRIME_AREAS, TRANSITIONS, Answer, Status, Transition
from concord.operations.invitations import check_members
from concord.operations.models import Operation, OperationParticipant
from concord.settings import Settings

#: how long an operation may run (the longest real ones span a year)
MAX_DAYS = 3 * 366


def _check_area(area: str) -> None:
    if area not in CRIME_AREAS:
        raise ValidationFailedError(
            f"crime_area: '{area}' is not one of {', '.join(CRIME_AREAS)}",
            errors=[{"loc": ["crime_area"], "msg": "unknown crime area", "type": "value_error"}],
        )


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationFailedError(
            f"end_date: {end} is before start_date {start}",
            errors=[{"loc": ["end_date"], "msg": "before start_date", "type": "value_error"}],
        )
    if (end - start).days > MAX_DAYS:
        raise ValidationFailedError(
            f"end_date: an operation lasts at most {MAX_DAYS} days",
            errors=[{"loc": ["end_date"], "msg": "period too long", "type": "value_error"}],
        )


def _check_code_name(session: Session, code_name: str, own_id: str | None = None) -> None:
    clash = session.execute(
        select(Operation.id).where(func.lower(Operation.code_name) == code_name.lower())
    ).scalar()
    if clash is not None and clash != own_id:
        raise ConflictError(f"code_name: an operation named '{code_name}' exists already")


def create(
    session: Session,
    principal: Principal,
    *,
    code_name: str,
    crime_area: str,
    start_date: date,
    end_date: date,
    coordinating_unit: str,
    objectives: str,
    lead_country: str | None,
    invite: list[str],
    settings: Settings,
    store: KeyStore | None,
) -> Operation:
    """Create a planned operation led by the Secretariat (``lead_country`` None, or a lead
    NCB chosen by the Secretariat) or by the caller's own NCB; invite ``invite``."""
    if not principal.has(Permission.OPERATIONS_COORDINATE):
        raise PermissionDeniedError("Your role may not coordinate operations")
    if not principal.is_secretariat:
        lead_country = lead_country or principal.country
        if lead_country != principal.country:
            raise PermissionDeniedError(
                f"lead_country: an NCB creates operations it leads itself ({principal.country})"
            )
    _check_area(crime_area)
    _check_period(start_date, end_date)
    _check_code_name(session, code_name)
    if lead_country is not None:
        check_members(session, [lead_country], "lead_country")
    now = clock_now(settings)
    op = Operation(
        code_name=code_name,
        crime_area=crime_area,
        start_date=start_date,
        end_date=end_date,
        coordinating_unit=coordinating_unit,
        lead_country=lead_country,
        objectives=objectives,
        status=Status.PLANNED.value,
        created_by=principal.account_id,
        created_at=now,
        updated_at=now,
    )
    session.add(op)
    session.flush()
    if lead_country is not None:
        session.add(
            OperationParticipant(
                operation_id=op.id,
                country=lead_country,
                status=Answer.ACCEPTED.value,
                invited_at=now,
                invited_by=principal.account_id,
                answered_at=now,
                answered_by=principal.account_id,
            )
        )
    op.case_id = case.open_for(session, principal, store, op, now)
    audit.record(
        session,
        actor=principal,
        action="operation.create",
        object_type="operation",
        object_id=op.id,
        payload={
            "code_name": code_name,
            "crime_area": crime_area,
            "lead_country": lead_country,
            "period": [start_date.isoformat(), end_date.isoformat()],
            "case": op.case_id,
        },
    )
    if invite:
        invitations.invite(
            session, principal, op, Role.COORDINATOR, countries=invite, settings=settings
        )
    return op


def get(session: Session, principal: Principal, op_id: str) -> tuple[Operation, Role]:
    op, role = load(session, principal, op_id)
    audit.record(
        session, actor=principal, action="operation.read", object_type="operation", object_id=op.id
    )
    return op, role


@dataclass
class Filters:
    status: str | None = None
    crime_area: str | None = None
    year: int | None = None
    country: str | None = None
    q: str | None = None


def search(
    session: Session, principal: Principal, filters: Filters, *, limit: int | None, offset: int
) -> tuple[list[Operation], int]:
    """The operations ``principal`` may see, newest first."""
    if not principal.has(Permission.OPERATIONS_READ):
        raise PermissionDeniedError("Your role does not allow reading operations")
    stmt = select(Operation).where(visible_to(principal))
    if filters.status:
        if filters.status not in {st.value for st in Status}:
            raise ValidationFailedError(
                f"status: use one of {', '.join(st.value for st in Status)}"
            )
        stmt = stmt.where(Operation.status == filters.status)
    if filters.crime_area:
        _check_area(filters.crime_area)
        stmt = stmt.where(Operation.crime_area == filters.crime_area)
    if filters.year:
        stmt = stmt.where(extract("year", Operation.start_date) == filters.year)
    if filters.country:
        takes_part = select(OperationParticipant.operation_id).where(
            OperationParticipant.country == filters.country.upper(),
            OperationParticipant.status == Answer.ACCEPTED.value,
        )
        stmt = stmt.where(Operation.id.in_(takes_part))
    if filters.q:
        stmt = stmt.where(func.lower(Operation.code_name).contains(filters.q.lower()))
    rows, total = paging.page(
        session, stmt, Operation.start_date.desc(), Operation.code_name, limit=limit, offset=offset
    )
    audit.record(
        session,
        actor=principal,
        action="operation.search",
        object_type="operation",
        payload={
            "filters": {k: v for k, v in vars(filters).items() if v is not None},
            "total": total,
        },
    )
    return rows, total


def update(
    session: Session,
    principal: Principal,
    op_id: str,
    *,
    changes: dict[str, Any],
    settings: Settings,
) -> Operation:
    """Edit a planned or active operation (coordinators); the code name and start date only
    while it is planned."""
    op, role = load(session, principal, op_id)
    require_coordinator(role, op)
    if op.status == Status.CLOSED:
        raise ConflictError(f"Operation {op.code_name} is closed and can no longer change")
    if op.status != Status.PLANNED:
        frozen = sorted(k for k in ("code_name", "start_date") if k in changes)
        if frozen:
            raise ConflictError(f"{frozen[0]}: cannot change once the operation has started")
    if "code_name" in changes:
        _check_code_name(session, changes["code_name"], op.id)
    start = changes.get("start_date", op.start_date)
    end = changes.get("end_date", op.end_date)
    _check_period(start, end)
    before = {k: _plain(getattr(op, k)) for k in changes}
    for key, value in changes.items():
        setattr(op, key, value)
    op.updated_at = clock_now(settings)
    audit.record(
        session,
        actor=principal,
        action="operation.update",
        object_type="operation",
        object_id=op.id,
        payload={"before": before, "after": {k: _plain(v) for k, v in changes.items()}},
    )
    return op


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def transition(
    session: Session, principal: Principal, op_id: str, *, action: Transition, settings: Settings
) -> Operation:
    """Start a planned operation, or close an active one (which locks its reports)."""
    op, role = load(session, principal, op_id)
    require_coordinator(role, op)
    source, target = TRANSITIONS[action]
    if op.status != source:
        raise ConflictError(
            f"Cannot {action.value} operation {op.code_name}: it is {op.status}, not {source.value}"
        )
    now = clock_now(settings)
    op.status = target.value
    op.updated_at = now
    if target is Status.ACTIVE:
        op.started_at = now
    else:
        op.closed_at = now
    audit.record(
        session,
        actor=principal,
        action=f"operation.{action.value}",
        object_type="operation",
        object_id=op.id,
        payload={"from": source.value, "to": target.value},
    )
    return op
