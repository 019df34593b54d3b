"""From requests to :class:`~concord.messaging.service.Outgoing`, and from stored messages to
the API's shapes (decrypting subjects for the caller's mailbox)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from concord.messaging import content, crypto, query, reading, service
from concord.messaging.keys import KeyStore
from concord.messaging.models import Case, Delivery, Mailbox, MailboxKey, Message, MessageKey
from concord.messaging.prepare import Prepared
from concord.messaging.schemas import MessageCreate, MessageOut, MessageSummary, ReceiptOut


def to_outgoing(body: MessageCreate) -> service.Outgoing:
    return service.Outgoing(
        subject=body.subject,
        body=body.body,
        to=list(body.to),
        to_all=body.to_all,
        to_region=body.to_region,
        case_id=body.case_id,
        case_title=body.case_title,
        crime_area=body.crime_area,
        priority=body.priority,
        reply_by=body.reply_by,
        handling=body.handling,
        handling_text=body.handling_text,
        reliability=body.reliability,
        accuracy=body.accuracy,
        references=[r.model_dump(exclude_none=True) for r in body.references],
        sealed=dict(body.sealed) if body.sealed is not None else None,
        content_sha256=body.content_sha256,
        attachments=list(body.attachments),
        sender=body.sender,
    )


def _subject(session: Session, store: KeyStore, box: Mailbox, message: Message) -> str | None:
    if message.mode != "server":
        return None
    key = session.get(MessageKey, (message.id, box.id))
    if key is None:
        return None
    try:
        dek, _ = store.keys(session, box.id, key.key_version, check=True)
        cek = crypto.decrypt(dek, key.wrapped_cek, content.key_aad(message.id, box.id))
        plain = crypto.decrypt(cek, message.content, content.content_aad(message.id))
    except Exception:
        return None
    value = content.unpack(plain).get("subject")
    return str(value) if value is not None else None


def summary_out(
    session: Session, store: KeyStore, box: Mailbox, message: Message, delivery: Delivery | None
) -> MessageSummary:
    case = session.get(Case, message.case_id)
    sender = session.get(Mailbox, message.sender_id)
    assert case is not None and sender is not None
    return MessageSummary(
        id=message.id,
        case_id=case.id,
        case_reference=case.reference,
        sender=sender.address,
        created_at=message.created_at,
        priority=message.priority,
        reply_by=message.reply_by,
        handling=message.handling,
        reliability=message.reliability,
        accuracy=message.accuracy,
        mode=message.mode,
        subject=_subject(session, store, box, message),
        state=delivery.state if delivery else None,
        in_reply_to=message.in_reply_to,
        forwarded_from=message.forwarded_from,
        record_ids=list(message.record_ids),
    )


def opened_out(session: Session, opened: reading.Opened) -> MessageOut:
    m = opened.message
    key = session.get(MailboxKey, (m.sender_id, m.signing_version))
    assert key is not None
    receipts = None
    if opened.sender.id == opened.mailbox.id:
        receipts = [
            ReceiptOut(
                mailbox=address,
                state=d.state,
                sent_at=d.sent_at,
                delivered_at=d.delivered_at,
                read_at=d.read_at,
                acknowledged_at=d.acknowledged_at,
            )
            for address, d in query.recipients(session, m.id)
        ]
    mine = session.get(Delivery, (m.id, opened.mailbox.id))
    body = opened.content or {}
    from concord.messaging.attachments_meta import attachments_of

    return MessageOut(
        id=m.id,
        case_id=opened.case.id,
        case_reference=opened.case.reference,
        sender=opened.sender.address,
        created_at=m.created_at,
        priority=m.priority,
        reply_by=m.reply_by,
        handling=m.handling,
        reliability=m.reliability,
        accuracy=m.accuracy,
        mode=m.mode,
        subject=body.get("subject"),
        state=mine.state if mine else None,
        in_reply_to=m.in_reply_to,
        forwarded_from=m.forwarded_from,
        record_ids=list(m.record_ids),
        body=body.get("body"),
        references=list(body.get("references", [])),
        handling_text=m.handling_text,
        sealed=opened.sealed,
        recipients=receipts,
        statement=m.statement.decode(),
        signature=m.signature.hex(),
        signer_public_key=key.signing_public,
        signature_valid=opened.signature_valid,
        attachments=attachments_of(session, m.id),
    )


def sent_out(p: Prepared) -> MessageOut:
    """What the sender is shown of a message it just sent, from the prepared rows (no read:
    the API answers before, or without, reading the message back)."""
    m = p.message
    body = p.content or {}
    return MessageOut(
        id=p.id,
        case_id=p.case_id,
        case_reference=p.case_reference,
        sender=p.sender.address,
        created_at=m["created_at"],
        priority=m["priority"],
        reply_by=m["reply_by"],
        handling=m["handling"],
        reliability=m["reliability"],
        accuracy=m["accuracy"],
        mode=m["mode"],
        subject=body.get("subject"),
        state=None,  # the sender has no delivery of its own message
        in_reply_to=m["in_reply_to"],
        forwarded_from=m["forwarded_from"],
        record_ids=list(m["record_ids"]),
        body=body.get("body"),
        references=list(body.get("references", [])),
        handling_text=m["handling_text"],
        sealed=None,  # sealed copies are for recipients
        recipients=[
            ReceiptOut(
                mailbox=box.address,
                state=d["state"],
                sent_at=d["sent_at"],
                delivered_at=None,
                read_at=None,
                acknowledged_at=None,
            )
            for box, d in zip(p.recipients, p.deliveries, strict=True)
        ],
        statement=m["statement"].decode(),
        signature=m["signature"].hex(),
        signer_public_key=p.sender.signing_public,
        signature_valid=crypto.verify(
            bytes.fromhex(p.sender.signing_public), m["statement"], m["signature"]
        ),
        attachments=list(p.attachments),
    )
