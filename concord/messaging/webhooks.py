"""Push to national systems: webhooks per mailbox, an outbox retried with backoff, a
dead-letter view. (Being written: see the helper's report.)"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from concord.messaging.models import Mailbox, Message


def enqueue(session: Session, message: Message, recipients: list[Mailbox], now: datetime) -> int:
    """Queue a push of ``message``'s notice (never its content) to each recipient mailbox's
    active webhooks, in the sending transaction; returns how many."""
    return 0
