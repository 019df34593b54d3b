"""Inviting countries to an operation and their answers (invited -> accepted | declined).

Each invited NCB answers for itself; a country that accepts joins the operation's case and
becomes a participant (it sees the operation, links targets and reports results)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from concord.members.models import Country
from concord.messaging.keys import KeyStore
from concord.notify.service import notify
from concord.operations import case
from concord.operations.access import Role, load, require_coordinator, tell_coordinators
from concord.operations.areas import Answer, Status
from concord.operations.models import Operation, OperationParticipant
from concord.settings import Settings


def check_members(session: Session, codes: list[str], field: str) -> None:
    """422 naming the codes that are not member countries."""
    known = set(session.execute(select(Country.code).where(Country.code.in_(codes))).scalars())
    unknown = sorted(set(codes) - known)
    if unknown:
        raise ValidationFailedError(
            f"{field}: not INTERPOL members: {', '.join(unknown)}",
            errors=[
                {"loc": [field], "msg": f"unknown: {', '.join(unknown)}", "type": "value_error"}
            ],
        )


def invite(
    session: Session,
    principal: Principal,
    op: Operation,
    role: Role,
    *,
    countries: list[str],
    settings: Settings,
) -> list[OperationParticipant]:
    """Invite ``countries`` (coordinators; not once the operation is closed)."""
    require_coordinator(role, op)
    if op.status == Status.CLOSED:
        raise ConflictError(f"Operation {op.code_name} is closed: no more invitations")
    wanted = sorted({c.upper() for c in countries})
    check_members(session, wanted, "countries")
    present = dict(
        session.execute(
            select(OperationParticipant.country, OperationParticipant.status).where(
                OperationParticipant.operation_id == op.id,
                OperationParticipant.country.in_(wanted),
            )
        ).all()
    )
    if present:
        listed = ", ".join(f"{c} ({s})" for c, s in sorted(present.items()))
        raise ConflictError(f"countries: already invited to {op.code_name}: {listed}")
    now = clock_now(settings)
    rows = [
        OperationParticipant(
            operation_id=op.id,
            country=code,
            status=Answer.INVITED.value,
            invited_at=now,
            invited_by=principal.account_id,
        )
        for code in wanted
    ]
    session.add_all(rows)
    for code in wanted:
        notify(
            session,
            kind="operation.invitation",
            title=f"Invitation to take part in operation {op.code_name} ({op.crime_area})",
            body=f"{op.start_date} to {op.end_date}, coordinated by {op.coordinating_unit}. "
            "Answer in Concord: accept or decline.",
            country=code,
            object_type="operation",
            object_id=op.id,
            created_by=principal.account_id,
        )
    audit.record(
        session,
        actor=principal,
        action="operation.invite",
        object_type="operation",
        object_id=op.id,
        payload={"countries": wanted},
    )
    session.flush()
    return rows


def invite_by_id(
    session: Session, principal: Principal, op_id: str, *, countries: list[str], settings: Settings
) -> list[OperationParticipant]:
    op, role = load(session, principal, op_id)
    return invite(session, principal, op, role, countries=countries, settings=settings)


def answer(
    session: Session,
    principal: Principal,
    op_id: str,
    *,
    accept: bool,
    note: str | None,
    settings: Settings,
    store: KeyStore | None,
) -> OperationParticipant:
    """The caller's NCB accepts or declines its invitation (once)."""
    if not principal.has(Permission.OPERATIONS_COORDINATE) or principal.is_secretariat:
        raise PermissionDeniedError("Only an invited country's NCB answers its invitation")
    op, _role = load(session, principal, op_id)
    row = session.get(OperationParticipant, (op.id, principal.country))
    if row is None or op.lead_country == principal.country:
        raise ConflictError(f"{principal.country} leads {op.code_name}: there is nothing to answer")
    if row.status != Answer.INVITED:
        raise ConflictError(f"{principal.country} already answered: {row.status}")
    if op.status == Status.CLOSED:
        raise ConflictError(f"Operation {op.code_name} is closed")
    now: datetime = clock_now(settings)
    row.status = (Answer.ACCEPTED if accept else Answer.DECLINED).value
    row.answered_at = now
    row.answered_by = principal.account_id
    row.note = note
    if accept:
        assert principal.country is not None
        case.join(session, store, op.case_id, [principal.country], now)
    tell_coordinators(
        session,
        op,
        kind="operation.answer",
        title=f"{principal.country} {row.status} the invitation to {op.code_name}",
        body=note,
        created_by=principal.account_id,
    )
    audit.record(
        session,
        actor=principal,
        action=f"operation.{row.status}",
        object_type="operation",
        object_id=op.id,
        payload={"country": principal.country, "note": note},
    )
    return row
