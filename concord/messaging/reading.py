"""Reading messages: the caller's mailbox copy, decrypted and checked (signature, ciphertext
tag, content hash) so that tampering is detected, never passed on; receipts; acknowledgement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.errors import (
    ConflictError,
    HiddenObjectError,
    NotFoundError,
    TamperingDetectedError,
)
from concord.messaging import content, crypto, mailboxes
from concord.messaging.keys import KeyStore
from concord.messaging.models import Case, Delivery, Mailbox, Message, MessageKey


@dataclass
class Opened:
    message: Message
    case: Case
    sender: Mailbox
    mailbox: Mailbox
    content: dict[str, Any] | None  # None in end-to-end mode
    sealed: str | None  # the caller's sealed copy (end-to-end mode)
    signature_valid: bool


def copy_of(
    session: Session, principal: Principal, message_id: str
) -> tuple[Message, Mailbox, MessageKey]:
    """The message and the caller's mailbox copy of it; 404 (audited) otherwise."""
    message = session.get(Message, message_id)
    if message is None:
        raise NotFoundError(f"No message '{message_id}'")
    rows = session.execute(
        select(MessageKey, Mailbox)
        .join(Mailbox, Mailbox.id == MessageKey.mailbox_id)
        .where(MessageKey.message_id == message_id)
    ).all()
    for key, box in rows:
        if mailboxes.holds(principal, box):
            return message, box, key
    raise HiddenObjectError(
        f"No message '{message_id}'", object_type="message", object_id=message_id
    )


def open_message(
    session: Session,
    principal: Principal,
    store: KeyStore,
    message_id: str,
    now: datetime,
    *,
    mark_read: bool = True,
) -> Opened:
    message, box, key = copy_of(session, principal, message_id)
    sender = session.get(Mailbox, message.sender_id)
    case = session.get(Case, message.case_id)
    assert sender is not None and case is not None
    valid = verify_signature(session, message)
    if not valid:
        raise TamperingDetectedError(
            f"Message {message_id} fails its signature check: it was altered after sending"
        )
    body: dict[str, Any] | None = None
    sealed = None
    if message.mode == "server":
        dek, _ = store.keys(session, box.id, key.key_version, check=True)
        try:
            cek = crypto.decrypt(dek, key.wrapped_cek, content.key_aad(message.id, box.id))
            plain = crypto.decrypt(cek, message.content, content.content_aad(message.id))
        except crypto.TamperedError:
            raise TamperingDetectedError(
                f"Message {message_id}: its ciphertext was altered; it cannot be trusted"
            ) from None
        if crypto.sha256(plain) != content.claims(message)["content_sha256"]:
            raise TamperingDetectedError(
                f"Message {message_id}: its content does not match what the sender signed"
            )
        body = content.unpack(plain)
    else:
        sealed = (message.sealed or {}).get(box.address)
    if mark_read:
        delivery = session.get(Delivery, (message.id, box.id))
        if delivery is not None and delivery.read_at is None:
            delivery.delivered_at = delivery.delivered_at or now
            delivery.read_at = now
            delivery.state = "read"
    audit.record(
        session,
        actor=principal,
        action="message.read",
        object_type="message",
        object_id=message.id,
        payload={"mailbox": box.address},
    )
    return Opened(message, case, sender, box, body, sealed, valid)


def verify_signature(session: Session, message: Message) -> bool:
    from concord.messaging.models import MailboxKey

    key = session.get(MailboxKey, (message.sender_id, message.signing_version))
    if key is None:
        return False
    return crypto.verify(bytes.fromhex(key.signing_public), message.statement, message.signature)


def acknowledge(session: Session, principal: Principal, message_id: str, now: datetime) -> Delivery:
    message, box, _ = copy_of(session, principal, message_id)
    delivery = session.get(Delivery, (message.id, box.id))
    if delivery is None:
        raise ConflictError("You sent this message: there is nothing to acknowledge")
    delivery.delivered_at = delivery.delivered_at or now
    delivery.acknowledged_at = delivery.acknowledged_at or now
    if delivery.state == "sent":
        delivery.state = "delivered"
    audit.record(
        session,
        actor=principal,
        action="message.acknowledge",
        object_type="message",
        object_id=message.id,
        payload={"mailbox": box.address},
    )
    return delivery
