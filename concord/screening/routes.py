"""HTTP routes of screening: one query, a batch, and following up hits.

``POST /screen`` and ``/screen/batch`` are the hot path: async, authenticated through a
short-lived principal cache, screened in memory, committed by group commit (see
:mod:`.runtime`). Following up hits is ordinary request/transaction work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from concord.api.deps import PageDep, PrincipalDep, SessionDep, SettingsDep, bearer
from concord.api.schemas import Paginated
from concord.api.uow import UnitOfWork
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import AuthenticationError, PermissionDeniedError
from concord.screening import followup
from concord.screening.followup import Action, Outcome
from concord.screening.models import HitClearance, HitFollowUp, ScreeningHit
from concord.screening.runtime import ScreeningRuntime
from concord.screening.schemas import BatchQuery, BatchResult, ScreenQuery, ScreenResult

router = APIRouter(prefix="/screen", tags=["screening"])
HitId = Annotated[str, Path(min_length=1, max_length=32)]


def runtime(request: Request) -> ScreeningRuntime:
    rt: ScreeningRuntime = request.app.state.screening
    return rt


async def screener(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller, if allowed to screen (token checks cached for a few seconds)."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise AuthenticationError()
    client = request.client.host if request.client else None
    rt = runtime(request)
    principal = rt.principals.get(credentials.credentials, client)
    if principal is None:
        from anyio import to_thread

        principal = await to_thread.run_sync(rt.authenticate, credentials.credentials, client)
    request.state.principal = principal
    if not principal.has(Permission.SCREEN):
        raise PermissionDeniedError("Your role or token does not allow 'screen'")
    return principal


Screener = Annotated[Principal, Depends(screener)]


@router.post(
    "",
    response_model=ScreenResult,
    summary="Screen one traveller, document or object against every database",
)
async def screen(query: ScreenQuery, principal: Screener, request: Request) -> ScreenResult:
    return (await _screen(request, principal, [query]))[0]


@router.post(
    "/batch", response_model=BatchResult, summary="Screen up to 1,000 queries in one request"
)
async def screen_batch(batch: BatchQuery, principal: Screener, request: Request) -> BatchResult:
    purpose = str(batch.purpose) if batch.purpose else None
    return BatchResult(results=await _screen(request, principal, batch.queries, purpose))


async def _screen(
    request: Request,
    principal: Principal,
    queries: Sequence[ScreenQuery],
    purpose: str | None = None,
) -> list[ScreenResult]:
    """Group-committed by the journal; with an Idempotency-Key, committed by the unit of work
    in one transaction with the stored answer, so that a retry never screens twice."""
    uow: UnitOfWork = request.state.uow
    if uow.idempotency is not None:
        return await runtime(request).screen_in(uow.session, principal, queries, purpose)
    return await runtime(request).screen(principal, queries, purpose)


class HitSummary(BaseModel):
    id: str
    screening_id: str
    created_at: datetime
    screener_country: str
    purpose: str
    record_id: str
    record_type: str
    owner: str
    score: float
    decision: str
    alert: bool
    status: str


class FollowUpOut(BaseModel):
    id: int
    side: str
    action: str
    outcome: str
    note: str | None
    country: str
    account_id: str
    created_at: datetime


class ClearanceOut(BaseModel):
    id: str
    hit_id: str
    record_id: str
    reason: str
    country: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class HitDetail(HitSummary):
    explanation: dict[str, Any]
    follow_ups: list[FollowUpOut]
    clearances: list[ClearanceOut]


class FollowUpIn(BaseModel):
    action: Action
    outcome: Outcome
    note: str | None = Field(None, max_length=2000)
    side: Literal["owner", "screener"] | None = Field(
        None, description="Which side you speak for, if you are both owner and screener"
    )


class ClearanceIn(BaseModel):
    days: int = Field(ge=1, le=3650, description="How long the false match stays cleared")
    reason: str = Field(min_length=1, max_length=2000)


def _summary(hit: ScreeningHit) -> HitSummary:
    return HitSummary.model_validate(hit, from_attributes=True)


def _follow(row: HitFollowUp) -> FollowUpOut:
    return FollowUpOut.model_validate(row, from_attributes=True)


def _clearance(row: HitClearance) -> ClearanceOut:
    return ClearanceOut.model_validate(row, from_attributes=True)


@router.get("/hits", response_model=Paginated[HitSummary], summary="Hits to follow up")
def list_hits(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    side: Annotated[
        Literal["owner", "screener"],
        Query(description="Hits on your country's records, or made by its screenings"),
    ] = "owner",
    status_: Annotated[
        Literal["open", "confirmed", "discarded"] | None, Query(alias="status")
    ] = None,
) -> Paginated[HitSummary]:
    rows, total = followup.list_hits(
        session, principal, side=side, status=status_, limit=page.limit, offset=page.offset
    )
    return Paginated(
        items=[_summary(r) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


def _detail(session: SessionDep, hit: ScreeningHit) -> HitDetail:
    base = _summary(hit).model_dump()
    return HitDetail(
        **base,
        explanation=hit.explanation,
        follow_ups=[_follow(f) for f in followup.follow_ups(session, hit.id)],
        clearances=[_clearance(c) for c in followup.clearances(session, hit)],
    )


@router.get("/hits/{hit_id}", response_model=HitDetail, summary="One hit and its follow-up")
def get_hit(hit_id: HitId, session: SessionDep, principal: PrincipalDep) -> HitDetail:
    return _detail(session, followup.get_hit(session, principal, hit_id))


@router.post(
    "/hits/{hit_id}/follow-ups",
    response_model=HitDetail,
    status_code=status.HTTP_201_CREATED,
    summary="Confirm or discard a hit, with its outcome",
)
def add_follow_up(
    hit_id: HitId,
    body: FollowUpIn,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> HitDetail:
    row = followup.follow_up(
        session,
        principal,
        hit_id,
        action=body.action,
        outcome=body.outcome,
        note=body.note,
        side=body.side,
        settings=settings,
    )
    return _detail(session, followup.get_hit(session, principal, row.hit_id))


@router.post(
    "/hits/{hit_id}/clearances",
    response_model=ClearanceOut,
    status_code=status.HTTP_201_CREATED,
    summary="Clear a confirmed false match for a set time",
)
def add_clearance(
    hit_id: HitId,
    body: ClearanceIn,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> ClearanceOut:
    row = followup.clear(
        session, principal, hit_id, days=body.days, reason=body.reason, settings=settings
    )
    return _clearance(row)


@router.delete(
    "/clearances/{clearance_id}",
    response_model=ClearanceOut,
    summary="Revoke a clearance: the traveller alerts again",
)
def revoke_clearance(
    clearance_id: Annotated[str, Path(min_length=1, max_length=32)],
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> ClearanceOut:
    return _clearance(followup.revoke(session, principal, clearance_id, settings=settings))
