"""What a reader is told of a message's attachments (the files themselves are streamed by
:mod:`concord.messaging.attachments`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.messaging.models import Attachment


def attachments_of(session: Session, message_id: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Attachment).where(Attachment.message_id == message_id).order_by(Attachment.id)
    ).scalars()
    return [
        {
            "id": a.id,
            "filename": a.filename,
            "content_type": a.content_type,
            "size": a.size,
            "sha256": a.sha256,
            "href": f"/api/v1/messages/{message_id}/attachments/{a.id}",
        }
        for a in rows
    ]
