"""Attachments: streamed upload, chunked encryption, binding to a message, streamed download.
(Being written: see the helper's report.)"""

from __future__ import annotations

from sqlalchemy.orm import Session

from concord.messaging.keys import KeyStore
from concord.messaging.models import Mailbox


def bind(
    session: Session,
    store: KeyStore,
    message_id: str,
    sender: Mailbox,
    ids: list[str],
    cek: bytes,
) -> list[str]:
    """Attach uploaded files ``ids`` (uploaded by ``sender``) to message ``message_id``: their
    keys are re-wrapped under the message's content key. Returns their SHA-256 digests, which
    the sender signs."""
    if ids:
        from concord.errors import ValidationFailedError

        raise ValidationFailedError("attachments: not available yet")
    return []
