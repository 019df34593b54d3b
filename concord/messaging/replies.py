"""Replies and forwards: a new message in the same case, from what the caller can read.

A reply goes to the original's sender (or to everyone it went to) and keeps at least the
original's handling restrictions; a forward re-encrypts the content the caller decrypted for
new recipients, and is refused where the handling code forbids onward sharing (H2)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.errors import ConflictError
from concord.messaging.keys import KeyStore
from concord.messaging.models import Delivery, Mailbox, Message
from concord.messaging.outgoing import Outgoing
from concord.messaging.reading import open_message
from concord.messaging.write import send


def reply(
    session: Session,
    principal: Principal,
    store: KeyStore,
    message_id: str,
    out: Outgoing,
    now: datetime,
    *,
    to_all: bool = False,
) -> Message:
    opened = open_message(session, principal, store, message_id, now, mark_read=False)
    original = opened.message
    others = [opened.sender.address]
    if to_all:
        others += [
            b.address
            for b in session.execute(
                select(Mailbox)
                .join(Delivery, Delivery.mailbox_id == Mailbox.id)
                .where(Delivery.message_id == original.id)
            ).scalars()
        ]
    out.to = sorted(set(others) - {opened.mailbox.address}) or [opened.sender.address]
    out.case_id = original.case_id
    out.in_reply_to = original.id
    # a reply keeps at least the original's restrictions
    if out.handling < original.handling:
        out.handling, out.handling_text = original.handling, original.handling_text
    return send(session, principal, store, out, now)


def forward(
    session: Session,
    principal: Principal,
    store: KeyStore,
    message_id: str,
    to: list[str],
    note: str | None,
    now: datetime,
) -> Message:
    opened = open_message(session, principal, store, message_id, now, mark_read=False)
    original = opened.message
    if original.handling == "H2":
        raise ConflictError(
            "Handling code H2: no onward sharing without the originator's permission "
            f"({opened.sender.address}); ask them, do not forward"
        )
    if original.mode != "server" or opened.content is None:
        raise ConflictError("An end-to-end message is forwarded by its reader's client, not here")
    body = opened.content.get("body", "")
    if note:
        body = f"{note}\n\n---- forwarded from {opened.sender.address} ----\n{body}"
    out = Outgoing(
        subject=f"Fwd: {opened.content.get('subject', '')}"[:300],
        body=body,
        to=to,
        case_id=original.case_id,
        handling=original.handling,
        handling_text=original.handling_text,
        reliability=original.reliability,
        accuracy=original.accuracy,
        references=list(opened.content.get("references", [])),
        forwarded_from=original.id,
    )
    return send(session, principal, store, out, now)
