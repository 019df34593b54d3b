"""HTTP routes of notices: requests, the review queue, decisions, history, checks, stats."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Response, status

from concord.api.deps import PageDep, SessionDep, SettingsDep, require
from concord.api.schemas import Paginated
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.notices import decisions, query, service, stats
from concord.notices.checking import check_request
from concord.notices.models import Notice
from concord.notices.query import View, action_text
from concord.notices.schemas import (
    CheckIn,
    CheckOut,
    FindingOut,
    NoticeCreate,
    NoticeEventOut,
    NoticeOut,
    NoticePatch,
    NoticeUpdateRequest,
    StatsOut,
    TransitionIn,
)
from concord.notices.types import NoticeType
from concord.notices.workflow import Status, allowed_actions
from concord.records.routes import expected_version

router = APIRouter(prefix="/notices", tags=["notices"])
Reader = Annotated[Principal, Depends(require(Permission.NOTICES_READ))]
Requester = Annotated[Principal, Depends(require(Permission.NOTICES_REQUEST))]
NoticeId = Annotated[str, Path(min_length=1, max_length=32)]
IfMatch = Annotated[str | None, Header(description='The ETag you read, e.g. "v3"')]


def render(principal: Principal, notice: Notice) -> NoticeOut:
    view = query.view_of(principal, notice)
    base = NoticeOut(
        id=notice.id,
        type=NoticeType(notice.type),
        status="processing" if view is View.PROCESSING else Status(notice.status),
        view=view.value,
        requesting_country=notice.requesting_country,
        title=notice.title,
        subject_id=notice.subject_id,
        language=notice.language,
    )
    if view is View.PROCESSING:
        return base
    base.entity_id = notice.entity_id
    base.action = action_text(notice)
    base.fields = notice.data
    base.published_at = notice.published_at
    base.expires_at = notice.expires_at
    if view is View.MEMBER:
        return base
    actors = decisions.actors_of(principal, notice)
    return base.model_copy(
        update={
            "public": notice.public,
            "findings": [FindingOut.model_validate(f) for f in notice.findings],
            "pending_update": notice.pending,
            "next_actions": allowed_actions(
                Status(notice.status), actors, pending=notice.pending is not None
            ),
            "version": notice.version,
            "created_at": notice.created_at,
            "updated_at": notice.updated_at,
            "submitted_at": notice.submitted_at,
            "refusal_ground": notice.refusal_ground,
        }
    )


def _etag(response: Response, notice: Notice) -> None:
    response.headers["ETag"] = f'"v{notice.version}"'


@router.post(
    "",
    response_model=NoticeOut,
    status_code=status.HTTP_201_CREATED,
    summary="Request a notice (a draft until you submit it)",
)
def create_notice(
    body: NoticeCreate,
    principal: Requester,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> NoticeOut:
    notice = service.create(
        session,
        principal,
        type=body.type.value,
        subject_id=body.subject_id,
        language=body.language,
        public=body.public,
        fields=body.fields,
        settings=settings,
    )
    _etag(response, notice)
    response.headers["Location"] = f"/api/v1/notices/{notice.id}"
    return render(principal, notice)


@router.post(
    "/check",
    response_model=CheckOut,
    summary="Run the compliance checks on a request without saving anything",
)
def check(body: CheckIn, principal: Reader, session: SessionDep, settings: SettingsDep) -> CheckOut:
    return check_request(session, principal, body, settings)


@router.get("", response_model=Paginated[NoticeOut], summary="Notices you may see, filtered")
def list_notices(
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    page: PageDep,
    type: NoticeType | None = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="Name/title")] = None,
    record_id: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
    queue: Annotated[bool, Query(description="The review queue, oldest first")] = False,
) -> Paginated[NoticeOut]:
    rows, total = query.search(
        session,
        principal,
        settings,
        type=type.value if type else None,
        status=status_.value if status_ else None,
        country=country,
        q=q,
        record_id=record_id,
        queue=queue,
        limit=page.limit,
        offset=page.offset,
    )
    return Paginated(
        items=[render(principal, n) for n in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/stats", response_model=StatsOut, summary="Counts by type, status, country, month")
def notice_stats(
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
) -> StatsOut:
    return stats.compute(session, principal, settings, year=year)


@router.get("/{notice_id}", response_model=NoticeOut, summary="One notice, as you may see it")
def read_notice(
    notice_id: NoticeId,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> NoticeOut:
    notice = query.get_visible(session, principal, notice_id, settings)
    _etag(response, notice)
    return render(principal, notice)


@router.patch(
    "/{notice_id}",
    response_model=NoticeOut,
    summary="Edit a draft or a request sent back for information (If-Match required)",
)
def edit_notice(
    notice_id: NoticeId,
    body: NoticePatch,
    principal: Requester,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> NoticeOut:
    notice = service.edit(
        session,
        principal,
        notice_id,
        expected_version=expected_version(if_match),
        changes=body.model_dump(exclude_unset=True),
        settings=settings,
    )
    _etag(response, notice)
    return render(principal, notice)


@router.post(
    "/{notice_id}/updates",
    response_model=NoticeOut,
    summary="Ask to change a published notice; it changes once a reviewer approves",
)
def request_update(
    notice_id: NoticeId,
    body: NoticeUpdateRequest,
    principal: Requester,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> NoticeOut:
    notice = service.request_update(
        session,
        principal,
        notice_id,
        expected_version=expected_version(if_match),
        changes={"fields": body.fields},
        reason=body.reason,
        settings=settings,
    )
    _etag(response, notice)
    return render(principal, notice)


@router.post(
    "/{notice_id}/transitions",
    response_model=NoticeOut,
    summary="Submit, review, approve, ask for information, refuse, suspend, cancel, ...",
)
def transition(
    notice_id: NoticeId,
    body: TransitionIn,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> NoticeOut:
    notice = decisions.transition(
        session,
        principal,
        notice_id,
        action=body.action.value,
        reason=body.reason,
        ground=body.ground,
        expected_version=expected_version(if_match) if if_match else None,
        settings=settings,
    )
    _etag(response, notice)
    return render(principal, notice)


@router.get(
    "/{notice_id}/history",
    response_model=list[NoticeEventOut],
    summary="Every decision on the notice (requester and reviewers)",
)
def history(
    notice_id: NoticeId, principal: Reader, session: SessionDep, settings: SettingsDep
) -> list[NoticeEventOut]:
    return [
        NoticeEventOut.model_validate(e)
        for e in query.history(session, principal, notice_id, settings)
    ]
