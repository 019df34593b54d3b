"""HTTP routes of notifications: feed, unread count, read receipts, and a live
server-sent-events stream."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import StreamingResponse

from concord.api import sse
from concord.api.deps import PageDep, PrincipalDep, SessionDep, require
from concord.api.schemas import Paginated
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db.base import utcnow
from concord.db.database import Database
from concord.notify import service
from concord.notify.schemas import MarkedRead, NotificationCreate, NotificationOut, UnreadCount

router = APIRouter(prefix="/notifications", tags=["notifications"])
Reader = Annotated[Principal, Depends(require(Permission.NOTIFICATIONS_READ))]


def _out(note: object, read: bool) -> NotificationOut:
    return NotificationOut.model_validate(note).model_copy(update={"read": read})


@router.get("", response_model=Paginated[NotificationOut], summary="My notifications, newest first")
def list_notifications(
    principal: Reader, session: SessionDep, page: PageDep, unread: bool = False
) -> Paginated[NotificationOut]:
    rows, total = service.feed(
        session, principal, unread_only=unread, limit=page.limit, offset=page.offset
    )
    return Paginated(
        items=[_out(n, r) for n, r in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.get("/count", response_model=UnreadCount, summary="How many are unread")
def count(principal: Reader, session: SessionDep) -> UnreadCount:
    return UnreadCount(unread=service.unread_count(session, principal))


@router.post(
    "",
    response_model=NotificationOut,
    status_code=status.HTTP_201_CREATED,
    summary="Send a notification to an account, a role or a country",
)
def send(body: NotificationCreate, principal: PrincipalDep, session: SessionDep) -> NotificationOut:
    note = service.send(
        session,
        principal,
        kind=body.kind,
        title=body.title,
        body=body.body,
        account_id=body.account_id,
        role=body.role,
        country=body.country,
    )
    return _out(note, False)


@router.post("/read-all", response_model=MarkedRead, summary="Mark every notification read")
def read_all(principal: Reader, session: SessionDep) -> MarkedRead:
    return MarkedRead(marked=service.mark_all_read(session, principal))


@router.post("/{notification_id}/read", response_model=NotificationOut, summary="Mark one read")
def read_one(notification_id: str, principal: Reader, session: SessionDep) -> NotificationOut:
    return _out(service.mark_read(session, principal, notification_id), True)


def _poll(db: Database, principal: Principal, after: datetime) -> list[sse.Event]:
    with db.session() as session:
        rows, _ = service.feed(session, principal, after=after, limit=100)
    return [
        sse.Event(
            note.id,
            note.created_at,
            "notification",
            json.dumps(note.model_dump(mode="json"), ensure_ascii=False),
        )
        for note in (_out(n, r) for n, r in reversed(rows))
    ]


@router.get(
    "/stream",
    summary="Live notifications as server-sent events",
    response_class=StreamingResponse,
    responses=sse.RESPONSES,
)
async def stream(
    request: Request,
    principal: Reader,
    seconds: Annotated[
        float, Query(gt=0, le=3600, description="Close after this long; clients reconnect")
    ] = 300,
    interval: Annotated[float, Query(ge=0.1, le=60)] = 1.0,
) -> StreamingResponse:
    db: Database = request.app.state.db
    return sse.stream(
        request,
        lambda after: _poll(db, principal, after),
        start=utcnow(),
        seconds=seconds,
        interval=interval,
    )
