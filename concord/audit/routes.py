"""HTTP routes of the audit trail (auditors)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from concord import audit
from concord.api.deps import PageDep, SessionDep, SignerDep, require
from concord.api.schemas import Paginated
from concord.audit.query import EventFilter, get_event, query_events
from concord.audit.schemas import AuditEventDetail, AuditEventOut, SignedHead, VerifyOut
from concord.audit.verify import signed_head, verify_chain
from concord.auth.principal import Principal
from concord.auth.roles import Permission

router = APIRouter(prefix="/audit", tags=["audit"])
Verifier = Annotated[Principal, Depends(require(Permission.AUDIT_VERIFY))]
Ident = Annotated[str | None, Query(max_length=64)]


@router.get(
    "/events",
    response_model=Paginated[AuditEventOut],
    summary="Search audit events by actor, country, action, object and time range",
)
def list_events(
    principal: Annotated[Principal, Depends(require(Permission.AUDIT_READ))],
    session: SessionDep,
    page: PageDep,
    actor_id: Ident = None,
    country: Annotated[str | None, Query(pattern=r"^([A-Z]{2}|IPSG)$")] = None,
    action: Ident = None,
    outcome: Annotated[str | None, Query(pattern=r"^(ok|denied|failed)$")] = None,
    object_type: Ident = None,
    object_id: Ident = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Paginated[AuditEventOut]:
    f = EventFilter(
        actor_id=actor_id,
        country=country,
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=object_id,
        since=since,
        until=until,
    )
    rows, total = query_events(session, principal, f, limit=page.limit, offset=page.offset)
    return Paginated(
        items=[AuditEventOut.model_validate(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/events/{seq}", response_model=AuditEventDetail, summary="One event with its payload")
def read_event(
    seq: Annotated[int, Path(ge=1, le=2**62)],
    principal: Annotated[Principal, Depends(require(Permission.AUDIT_READ))],
    session: SessionDep,
) -> AuditEventDetail:
    event, payload = get_event(session, principal, seq)
    return AuditEventDetail(**AuditEventOut.model_validate(event).model_dump(), payload=payload)


@router.post(
    "/verify",
    response_model=VerifyOut,
    summary="Verify the whole hash chain and name the first bad event",
)
def verify(principal: Verifier, session: SessionDep, signer: SignerDep) -> VerifyOut:
    result = verify_chain(session, signer)
    audit.record(
        session,
        actor=principal,
        action="audit.verify",
        object_type="audit_chain",
        outcome="ok" if result.ok else "failed",
        payload=result.as_dict(),
    )
    return VerifyOut(**result.as_dict())


@router.get(
    "/head",
    response_model=SignedHead,
    summary="The chain head, signed: keep it elsewhere to detect truncation later",
)
def head(principal: Verifier, session: SessionDep, signer: SignerDep) -> SignedHead:
    return SignedHead(**signed_head(session, signer))
