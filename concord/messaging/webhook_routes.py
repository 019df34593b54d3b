"""HTTP routes of push delivery: the webhooks of the mailbox you hold, their outbox (with the
dead-letter view), and a live stream of the messages arriving in your mailbox."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import aliased

from concord.api import sse
from concord.api.deps import PageDep, SessionDep, SettingsDep, require
from concord.api.schemas import Paginated
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.db.base import utcnow
from concord.db.database import Database
from concord.messaging import mailboxes, webhooks
from concord.messaging.models import Case, Delivery, Mailbox, Message, OutboxItem
from concord.messaging.routes import Store

router = APIRouter(tags=["messaging"])
Admin = Annotated[Principal, Depends(require(Permission.MESSAGES_ADMIN))]
Reader = Annotated[Principal, Depends(require(Permission.MESSAGES_READ))]
WebhookId = Annotated[str, Path(min_length=1, max_length=32)]


class WebhookIn(BaseModel):
    url: str = Field(min_length=8, max_length=500, examples=["https://ncb.example/concord"])


class WebhookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    url: str
    active: bool
    created_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(
        description="Hex of the 32-byte HMAC secret: shown this once only, keep it to verify "
        "the X-Concord-Signature header"
    )


class OutboxItemOut(BaseModel):
    id: int
    webhook_id: str
    url: str
    message_id: str
    status: str
    attempts: int
    next_at: datetime
    last_error: str | None
    created_at: datetime
    done_at: datetime | None
    payload: dict[str, Any]


def _item_out(item: OutboxItem, url: str) -> OutboxItemOut:
    return OutboxItemOut(
        id=item.id,
        webhook_id=item.webhook_id,
        url=url,
        message_id=item.message_id,
        status=item.status,
        attempts=item.attempts,
        next_at=item.next_at,
        last_error=item.last_error,
        created_at=item.created_at,
        done_at=item.done_at,
        payload=item.payload,
    )


@router.post(
    "/mailboxes/mine/webhooks",
    response_model=WebhookCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Register a national system's endpoint: new messages are pushed to it, signed",
)
def create_webhook(
    body: WebhookIn, principal: Admin, session: SessionDep, settings: SettingsDep, store: Store
) -> WebhookCreated:
    now = clock_now(settings)
    hook, secret = webhooks.register(session, principal, store, body.url, settings, now)
    return WebhookCreated(
        id=hook.id,
        url=hook.url,
        active=hook.active,
        created_at=hook.created_at,
        secret=secret.hex(),
    )


@router.get(
    "/mailboxes/mine/webhooks",
    response_model=list[WebhookOut],
    summary="Your mailbox's webhooks (secrets are never shown again)",
)
def list_webhooks(
    principal: Admin, session: SessionDep, settings: SettingsDep, store: Store
) -> list[WebhookOut]:
    box = mailboxes.administered_mailbox(session, store, principal, clock_now(settings))
    return [WebhookOut.model_validate(h) for h in webhooks.of_mailbox(session, box)]


@router.delete(
    "/mailboxes/mine/webhooks/{webhook_id}",
    response_model=WebhookOut,
    summary="Deactivate a webhook (its waiting pushes are given up)",
)
def delete_webhook(
    webhook_id: WebhookId,
    principal: Admin,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> WebhookOut:
    hook = webhooks.deactivate(session, principal, store, webhook_id, clock_now(settings))
    return WebhookOut.model_validate(hook)


@router.get(
    "/mailboxes/mine/outbox",
    response_model=Paginated[OutboxItemOut],
    summary="Pushes to your webhooks; status=dead is the dead-letter view",
)
def list_outbox(
    principal: Admin,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
    page: PageDep,
    status: Annotated[str | None, Query(pattern="^(pending|done|dead)$")] = None,
) -> Paginated[OutboxItemOut]:
    box = mailboxes.administered_mailbox(session, store, principal, clock_now(settings))
    rows, total = webhooks.outbox(session, box, status, limit=page.limit, offset=page.offset)
    return Paginated(
        items=[_item_out(item, url) for item, url in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/mailboxes/mine/outbox/{item_id}/retry",
    response_model=OutboxItemOut,
    summary="Queue a dead push again",
)
def retry_push(
    item_id: Annotated[int, Path(ge=1, le=2**62)],
    principal: Admin,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> OutboxItemOut:
    item, url = webhooks.retry(session, principal, store, item_id, clock_now(settings))
    return _item_out(item, url)


def _my_box(principal: Reader, session: SessionDep, settings: SettingsDep, store: Store) -> Mailbox:
    return mailboxes.own_mailbox(session, store, principal, clock_now(settings))


def _arrivals(db: Database, box_id: str, after: datetime) -> list[sse.Event]:
    """The messages delivered to the mailbox since ``after`` (their notices), oldest first."""
    sender, mine = aliased(Mailbox), aliased(Mailbox)
    stmt = (
        select(Message, Delivery.sent_at, Case.reference, sender.address, mine.address)
        .join(Delivery, Delivery.message_id == Message.id)
        .join(Case, Case.id == Message.case_id)
        .join(sender, sender.id == Message.sender_id)
        .join(mine, mine.id == Delivery.mailbox_id)
        .where(Delivery.mailbox_id == box_id, Delivery.sent_at > after)
        .order_by(Delivery.sent_at, Message.id)
        .limit(100)
    )
    with db.session() as session:
        rows = session.execute(stmt).all()
        return [
            sse.Event(
                m.id,
                sent_at,
                "message",
                json.dumps(webhooks.notice(m, ref, frm, to), ensure_ascii=False),
            )
            for m, sent_at, ref, frm, to in rows
        ]


@router.get(
    "/messages/stream",
    summary="New messages in your mailbox, live, as server-sent events (no content)",
    response_class=StreamingResponse,
    responses=sse.RESPONSES,
)
async def stream(
    request: Request,
    box: Annotated[Mailbox, Depends(_my_box)],
    seconds: Annotated[
        float, Query(gt=0, le=3600, description="Close after this long; clients reconnect")
    ] = 300,
    interval: Annotated[float, Query(ge=0.1, le=60)] = 1.0,
) -> StreamingResponse:
    db: Database = request.app.state.db
    box_id = box.id
    return sse.stream(
        request,
        lambda after: _arrivals(db, box_id, after),
        start=utcnow(),
        seconds=seconds,
        interval=interval,
    )
