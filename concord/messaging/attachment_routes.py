"""HTTP routes of attachments: a streamed upload, a streamed download.

``POST /attachments`` takes the file as the raw request body (``Content-Type``: the file's
type; name in ``X-Filename``, percent-encoded UTF-8, or ``?filename=``), reads it chunk by
chunk and answers with the id to give in a message's ``attachments``. ``GET
/messages/{id}/attachments/{attachment_id}`` streams the decrypted file to a holder of a copy
of the message."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote, unquote

from anyio import to_thread
from fastapi import APIRouter, Header, Path, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from concord.api.deps import SessionDep, SettingsDep
from concord.auth.principal import Principal
from concord.clock import now as clock_now
from concord.messaging import attachments, attachments_meta, mailboxes
from concord.messaging.keys import KeyStore
from concord.messaging.models import Attachment, Mailbox
from concord.messaging.routes import MessageId, Reader, Sender, Store
from concord.settings import Settings

router = APIRouter(tags=["messaging"])
AttachmentId = Annotated[str, Path(min_length=1, max_length=32)]


class AttachmentOut(BaseModel):
    id: str
    filename: str
    content_type: str
    size: int
    sha256: str


async def receive(
    request: Request,
    session: Session,
    principal: Principal,
    store: KeyStore,
    box: Mailbox,
    settings: Settings,
    name: str,
    ctype: str,
    now: datetime,
) -> Attachment:
    """Stream the request body into an encrypted attachment of ``box`` (never held whole in
    memory); the partial file is removed if anything fails. Used by the API and the console."""
    up = attachments.Upload(
        settings.messaging_attachment_dir, ctype, settings.messaging_attachment_max_bytes
    )
    try:
        async for chunk in request.stream():
            up.feed(chunk)
        digest = await to_thread.run_sync(up.finish)
        row: Attachment = await to_thread.run_sync(
            attachments.record, session, principal, store, box, up, name, digest, now
        )
    except BaseException:
        up.abort()
        raise
    return row


@router.post(
    "/attachments",
    response_model=AttachmentOut,
    status_code=status.HTTP_201_CREATED,
    summary="Upload an attachment (raw body, streamed, encrypted as it arrives)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def upload(
    request: Request,
    principal: Sender,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
    filename: Annotated[str | None, Query(max_length=255)] = None,
    x_filename: Annotated[
        str | None, Header(max_length=1024, description="Percent-encoded UTF-8")
    ] = None,
) -> AttachmentOut:
    ctype = attachments_meta.media_type(request.headers.get("content-type"))
    name = attachments_meta.check_name(unquote(x_filename) if x_filename else filename, ctype)
    now = clock_now(settings)
    box = await to_thread.run_sync(mailboxes.own_mailbox, session, store, principal, now)
    row = await receive(request, session, principal, store, box, settings, name, ctype, now)
    return AttachmentOut(
        id=row.id,
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
    )


@router.get(
    "/messages/{message_id}/attachments/{attachment_id}",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
    summary="Download an attachment (decrypted and verified chunk by chunk)",
)
def download(
    message_id: MessageId,
    attachment_id: AttachmentId,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> StreamingResponse:
    got = attachments.open_download(
        session, principal, store, settings.messaging_attachment_dir, message_id, attachment_id
    )
    row = got.attachment
    return StreamingResponse(
        got.chunks,
        media_type=row.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=utf-8''{quote(row.filename)}",
            "Content-Length": str(row.size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            "X-Content-SHA256": row.sha256,
        },
    )
