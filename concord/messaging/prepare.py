"""Preparing a message: every check and all the cryptography, nothing written.

:func:`prepare` validates what the sender gives, resolves the sender's and the recipients'
mailboxes (made on first use), the case (a new one, or one the sender takes part in), encrypts
the content under a fresh content key, wraps that key for every mailbox holding a copy, signs
the statement, and returns the rows to insert as plain dicts (:class:`Prepared`). Writing them
is :mod:`.write`'s job: in the caller's transaction (:func:`.write.send`) or, for the API, in a
group commit shared by concurrent requests (:mod:`.journal`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from concord.audit.service import PendingEvent
from concord.audit.service import event as audit_event
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db.base import new_id
from concord.errors import PermissionDeniedError, ValidationFailedError
from concord.messaging import attachments, content, crypto, mailboxes
from concord.messaging.addressing import case_for, own_box, resolve_recipients
from concord.messaging.keys import Box, KeyStore
from concord.messaging.outgoing import REPLY_WITHIN, Outgoing, check


@dataclass
class Prepared:
    """A message ready to insert: its rows, its audit event, and what the sender is shown."""

    id: str
    at: datetime
    sender: Box
    recipients: list[Box]
    case_id: str
    case_reference: str
    new_case: dict[str, Any] | None  # a case made by this message
    participants: list[dict[str, Any]]
    message: dict[str, Any]
    keys: list[dict[str, Any]]
    records: list[dict[str, Any]]
    deliveries: list[dict[str, Any]]
    notifications: list[dict[str, Any]]
    attachment_updates: list[dict[str, object]]
    attachments: list[dict[str, object]]
    event: PendingEvent
    content: dict[str, Any] | None = field(default=None)  # server mode: what was encrypted


def _sealed(out: Outgoing, recipients: list[Box]) -> dict[str, str]:
    assert out.sealed is not None
    missing = [b.address for b in recipients if b.address not in out.sealed]
    if missing:
        raise ValidationFailedError(f"sealed: no sealed copy for {', '.join(missing)}")
    for b in recipients:
        if not b.e2e_public:
            raise ValidationFailedError(
                f"sealed: mailbox {b.address} has no end-to-end key registered"
            )
    if not out.content_sha256:
        raise ValidationFailedError("content_sha256: needed with sealed content")
    return {a: v for a, v in out.sealed.items() if a in {b.address for b in recipients}}


def prepare(
    session: Session, principal: Principal, store: KeyStore, out: Outgoing, now: datetime
) -> Prepared:
    """Check, encrypt and sign ``out``. Reads ``session``; adds to it only mailboxes (and their
    keys) made on first use."""
    if not principal.has(Permission.MESSAGES_SEND):
        raise PermissionDeniedError("Your role does not send messages")
    check(out)
    sender = own_box(session, store, principal, now)
    if out.sender is not None and out.sender != sender.address:
        raise PermissionDeniedError(
            f"You do not hold mailbox {out.sender}: you send from {sender.address}"
        )
    recipients = resolve_recipients(session, store, sender.address, out, now)
    holders = [sender, *recipients]
    case_id, reference, new_case, participants = case_for(session, sender, out, holders, now)
    message_id = new_id()
    reply_by = out.reply_by or (
        now + REPLY_WITHIN[out.priority] if out.priority in REPLY_WITHIN else None
    )
    record_ids = sorted({str(r["record_id"]) for r in out.references if r.get("record_id")})
    cek = crypto.new_key()
    plain_content: dict[str, Any] | None = None
    if out.sealed is not None:
        sealed: dict[str, str] | None = _sealed(out, recipients)
        blob, mode, digest = b"", "e2e", str(out.content_sha256)
    else:
        plain = content.pack(out.subject, out.body, out.references)
        plain_content = content.unpack(plain)
        blob = crypto.encrypt(cek, plain, content.content_aad(message_id))
        sealed, mode, digest = None, "server", crypto.sha256(plain)
    _, seed = store.keys(session, sender.id, sender.key_version)
    binding = attachments.prepare_binding(
        session, store, message_id, sender.id, out.attachments, cek
    )
    signed = content.statement(
        message_id=message_id,
        case_reference=reference,
        sender=sender.address,
        recipients=[b.address for b in recipients],
        created_at=now,
        priority=out.priority,
        reply_by=reply_by,
        handling=out.handling,
        handling_text=out.handling_text,
        reliability=out.reliability,
        accuracy=out.accuracy,
        mode=mode,
        content_sha256=digest,
        record_ids=record_ids,
        in_reply_to=out.in_reply_to,
        forwarded_from=out.forwarded_from,
        attachments=binding.digests,
    )
    message = {
        "id": message_id,
        "case_id": case_id,
        "sender_id": sender.id,
        "account_id": principal.account_id,
        "created_at": now,
        "priority": out.priority,
        "reply_by": reply_by,
        "handling": out.handling,
        "handling_text": out.handling_text,
        "reliability": out.reliability,
        "accuracy": out.accuracy,
        "mode": mode,
        "content": blob,
        "sealed": sealed,
        "record_ids": record_ids,
        "in_reply_to": out.in_reply_to,
        "forwarded_from": out.forwarded_from,
        "statement": signed,
        "signature": crypto.sign(seed, signed),
        "signing_version": sender.key_version,
        "diffusion_id": out.diffusion_id,
    }
    keys = [
        {
            "message_id": message_id,
            "mailbox_id": b.id,
            "key_version": b.key_version,
            "wrapped_cek": crypto.encrypt(
                store.keys(session, b.id, b.key_version)[0],
                cek,
                content.key_aad(message_id, b.id),
            ),
        }
        for b in holders
    ]
    urgent = "" if out.priority == "routine" else f"{out.priority.upper()}: "
    return Prepared(
        id=message_id,
        at=now,
        sender=sender,
        recipients=recipients,
        case_id=case_id,
        case_reference=reference,
        new_case=new_case,
        participants=participants,
        message=message,
        keys=keys,
        records=[{"message_id": message_id, "record_id": r} for r in record_ids],
        deliveries=[
            {
                "message_id": message_id,
                "mailbox_id": b.id,
                "state": "sent",
                "sent_at": now,
                "delivered_at": None,
                "read_at": None,
                "acknowledged_at": None,
            }
            for b in recipients
        ],
        notifications=[
            {
                "id": new_id(),
                "kind": "message",
                "created_at": now,
                "title": f"{urgent}new message from {sender.address} in case {reference}",
                "body": None,
                "account_id": None,
                "role": None,
                "country": b.country if b.kind != "secretariat" else mailboxes.SECRETARIAT,
                "object_type": "message",
                "object_id": message_id,
                "created_by": principal.account_id,
            }
            for b in recipients
        ],
        attachment_updates=binding.updates,
        attachments=binding.listed,
        event=audit_event(
            actor=principal,
            action="message.send",
            object_type="message",
            object_id=message_id,
            payload={
                "case": reference,
                "from": sender.address,
                "to": [b.address for b in recipients][:200],
                "recipients": len(recipients),
                "handling": out.handling,
                "priority": out.priority,
                "mode": mode,
            },
        ),
        content=plain_content,
    )
