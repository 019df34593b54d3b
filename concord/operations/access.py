"""Who may see and do what in an operation.

- **Coordinators**: the General Secretariat (people with ``operations:coordinate``) for every
  operation, and the lead NCB's people with that permission for their country's operations.
- **Participants**: the NCBs that accepted their invitation (the lead NCB counts as one).
- **Invited** (and **declined**) countries see the invitation: the operation's description
  and their own answer, nothing else (no participants, targets, results or case).
- The Secretariat's other roles with ``operations:read`` observe every operation.
- Anyone else: the operation does not exist for them (404, and the attempt is audited).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ColumnElement, exists, or_, select, true
from sqlalchemy.orm import Session

from concord.auth.principal import SECRETARIAT, Principal
from concord.auth.roles import Permission
from concord.errors import HiddenObjectError, NotFoundError, PermissionDeniedError
from concord.notify.service import notify
from concord.operations.areas import Answer
from concord.operations.models import Operation, OperationParticipant


class Role(StrEnum):
    COORDINATOR = "coordinator"
    PARTICIPANT = "participant"
    INVITED = "invited"
    DECLINED = "declined"
    OBSERVER = "observer"


#: roles that see the whole operation (participants, targets, results)
FULL = frozenset({Role.COORDINATOR, Role.PARTICIPANT, Role.OBSERVER})


def visible_to(principal: Principal) -> ColumnElement[bool]:
    """SQL condition: the operations ``principal`` may see (fully or as an invitation)."""
    if principal.is_secretariat:
        return true()
    listed = exists().where(
        OperationParticipant.operation_id == Operation.id,
        OperationParticipant.country == principal.country,
    )
    return or_(Operation.lead_country == principal.country, listed)


def role_of(
    principal: Principal, op: Operation, answer: str | None, *, lead_is_participant: bool = True
) -> Role | None:
    """The principal's role in ``op``, given its country's answer (None: not invited)."""
    if principal.is_secretariat:
        return (
            Role.COORDINATOR if principal.has(Permission.OPERATIONS_COORDINATE) else Role.OBSERVER
        )
    if op.lead_country is not None and principal.country == op.lead_country:
        if principal.has(Permission.OPERATIONS_COORDINATE):
            return Role.COORDINATOR
        return Role.PARTICIPANT if lead_is_participant else None
    if answer == Answer.ACCEPTED:
        return Role.PARTICIPANT
    if answer == Answer.INVITED:
        return Role.INVITED
    if answer == Answer.DECLINED:
        return Role.DECLINED
    return None


def answer_of(session: Session, op_id: str, country: str | None) -> str | None:
    if country is None:
        return None
    row = session.get(OperationParticipant, (op_id, country))
    return None if row is None else row.status


def load(session: Session, principal: Principal, op_id: str) -> tuple[Operation, Role]:
    """The operation and the principal's role in it; 404 if it does not exist for them."""
    if not principal.has(Permission.OPERATIONS_READ):
        raise PermissionDeniedError("Your role does not allow reading operations")
    op = session.get(Operation, op_id)
    if op is None:
        raise NotFoundError(f"No operation '{op_id}'")
    role = role_of(principal, op, answer_of(session, op.id, principal.country))
    if role is None:
        raise HiddenObjectError(f"No operation '{op_id}'", object_type="operation", object_id=op_id)
    return op, role


def load_full(session: Session, principal: Principal, op_id: str) -> tuple[Operation, Role]:
    """As :func:`load`, for what only coordinators, participants and observers see."""
    op, role = load(session, principal, op_id)
    if role not in FULL:
        raise HiddenObjectError(
            f"No operation '{op_id}' you take part in", object_type="operation", object_id=op_id
        )
    return op, role


def require_coordinator(role: Role, op: Operation) -> None:
    if role is not Role.COORDINATOR:
        raise PermissionDeniedError(
            f"Only the coordinators of {op.code_name} (the Secretariat"
            f"{', the NCB of ' + op.lead_country if op.lead_country else ''}) may do this"
        )


def accepted_countries(session: Session, op_id: str) -> list[str]:
    return list(
        session.execute(
            select(OperationParticipant.country)
            .where(
                OperationParticipant.operation_id == op_id,
                OperationParticipant.status == Answer.ACCEPTED.value,
            )
            .order_by(OperationParticipant.country)
        ).scalars()
    )


def tell_coordinators(
    session: Session,
    op: Operation,
    *,
    kind: str,
    title: str,
    body: str | None,
    created_by: str | None,
    object_type: str = "operation",
    object_id: str | None = None,
) -> None:
    """Notify the lead NCB, or the Secretariat's officers when the Secretariat leads."""
    notify(
        session,
        kind=kind,
        title=title,
        body=body,
        country=op.lead_country or SECRETARIAT,
        role=None if op.lead_country else "gs_officer",
        object_type=object_type,
        object_id=object_id or op.id,
        created_by=created_by,
    )
