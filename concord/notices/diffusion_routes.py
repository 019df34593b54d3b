"""HTTP routes of diffusions."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response, status
from sqlalchemy.orm import Session

from concord.api.deps import PageDep, PrincipalDep, SessionDep, SettingsDep, require
from concord.api.schemas import Paginated
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.notices import diffusions
from concord.notices.models import Diffusion
from concord.notices.schemas import DiffusionCreate, DiffusionOut, DiffusionReview, FindingOut
from concord.notices.types import NoticeType

router = APIRouter(prefix="/diffusions", tags=["notices"])
Reader = Annotated[Principal, Depends(require(Permission.NOTICES_READ))]
DiffusionId = Annotated[str, Path(min_length=1, max_length=32)]


def render(session: Session, principal: Principal, row: Diffusion) -> DiffusionOut:
    full = principal.is_secretariat or principal.country == row.sender_country
    return DiffusionOut(
        id=row.id,
        type=NoticeType(row.type),
        sender_country=row.sender_country,
        title=row.title,
        subject_id=row.subject_id,
        language=row.language,
        fields=row.data,
        scope=row.scope,
        status=row.status,
        recipients=diffusions.recipients_of(session, row.id) if full else None,
        findings=[FindingOut.model_validate(f) for f in row.findings] if full else None,
        review_reason=row.review_reason,
        reviewed_at=row.reviewed_at,
        created_at=row.created_at,
    )


@router.post(
    "",
    response_model=DiffusionOut,
    status_code=status.HTTP_201_CREATED,
    summary="Send a diffusion to all members, a region or a list of NCBs",
)
def send_diffusion(
    body: DiffusionCreate,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> DiffusionOut:
    row = diffusions.send(
        session,
        principal,
        type=body.type.value,
        subject_id=body.subject_id,
        language=body.language,
        fields=body.fields,
        to_all=body.to_all,
        to_region=body.to_region,
        to_countries=body.to_countries,
        settings=settings,
    )
    response.headers["Location"] = f"/api/v1/diffusions/{row.id}"
    return render(session, principal, row)


@router.get(
    "",
    response_model=Paginated[DiffusionOut],
    summary="Diffusions you sent or received (all for the Secretariat)",
)
def list_diffusions(
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    status_: Annotated[
        Literal["sent", "compliant", "withdrawn"] | None, Query(alias="status")
    ] = None,
    sent: Annotated[bool | None, Query(description="true: sent by you; false: received")] = None,
) -> Paginated[DiffusionOut]:
    rows, total = diffusions.search(
        session, principal, status=status_, sent=sent, limit=page.limit, offset=page.offset
    )
    return Paginated(
        items=[render(session, principal, r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/{diffusion_id}", response_model=DiffusionOut, summary="One diffusion")
def read_diffusion(
    diffusion_id: DiffusionId, principal: Reader, session: SessionDep
) -> DiffusionOut:
    return render(session, principal, diffusions.get_visible(session, principal, diffusion_id))


@router.post(
    "/{diffusion_id}/review",
    response_model=DiffusionOut,
    summary="Record the compliance check of a diffusion (withdrawn if not compliant)",
)
def review_diffusion(
    diffusion_id: DiffusionId,
    body: DiffusionReview,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
) -> DiffusionOut:
    row = diffusions.review(
        session,
        principal,
        diffusion_id,
        compliant=body.compliant,
        reason=body.reason,
        settings=settings,
    )
    return render(session, principal, row)
