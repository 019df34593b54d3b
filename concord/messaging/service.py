"""Sending, reading, replying to and forwarding messages.

A message belongs to a case; it is encrypted with its own content key, wrapped for the sender's
mailbox and each recipient's; it is signed by the sending mailbox; each recipient gets its own
delivery (sent -> delivered -> read) and a notification; everything is audited. Reading
decrypts the caller's mailbox's copy and checks the signature and the content's hash, so
tampering is detected, never passed on."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db.base import new_id
from concord.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from concord.members.models import Country
from concord.messaging import attachments, content, crypto, mailboxes, webhooks
from concord.messaging.keys import KeyStore
from concord.messaging.models import (
    Case,
    CaseParticipant,
    Delivery,
    Mailbox,
    Message,
    MessageKey,
    MessageRecord,
)
from concord.messaging.reading import (  # noqa: F401 - the service's public face
    Opened,
    acknowledge,
    copy_of,
    open_message,
    verify_signature,
)
from concord.notify.models import Notification

#: how long a recipient has to answer, by priority (SIRENE bureaux answer within 12 hours)
REPLY_WITHIN = {"immediate": timedelta(hours=2), "urgent": timedelta(hours=12)}
CRIME_AREAS = (
    "drugs",
    "firearms",
    "cybercrime",
    "financial_crime",
    "environmental_crime",
    "human_trafficking",
    "vehicle_crime",
    "cultural_property",
    "terrorism",
    "fugitives",
    "missing_persons",
    "organised_crime",
    "child_abuse",
    "other",
)


@dataclass
class Outgoing:
    """What a sender gives (from the API, the CLI, or a diffusion)."""

    subject: str
    body: str
    to: list[str] = field(default_factory=list)
    to_all: bool = False
    to_region: str | None = None
    case_id: str | None = None
    case_title: str | None = None
    crime_area: str = "other"
    priority: str = "routine"
    reply_by: datetime | None = None
    handling: str = "H0"
    handling_text: str | None = None
    reliability: str = "B"
    accuracy: int = 2
    references: list[dict[str, Any]] = field(default_factory=list)
    in_reply_to: str | None = None
    forwarded_from: str | None = None
    #: end-to-end: the content sealed by the client for each recipient address (hex), and
    #: the SHA-256 of the plaintext content the client sealed
    sealed: dict[str, str] | None = None
    content_sha256: str | None = None
    attachments: list[str] = field(default_factory=list)
    diffusion_id: str | None = None
    #: the mailbox the sender says it sends from (checked against the one it holds)
    sender: str | None = None


def _recipients(
    session: Session, store: KeyStore, sender: Mailbox, out: Outgoing, now: datetime
) -> list[Mailbox]:
    chosen = sum([bool(out.to), out.to_all, out.to_region is not None])
    if chosen != 1:
        raise ValidationFailedError("Give the recipients one way: to, to_all or to_region")
    if out.to_all:
        codes = list(session.execute(select(Country.code)).scalars())
    elif out.to_region is not None:
        codes = list(
            session.execute(select(Country.code).where(Country.region == out.to_region)).scalars()
        )
        if not codes:
            raise ValidationFailedError(f"to_region: no INTERPOL region '{out.to_region}'")
    else:
        codes = []
    boxes: dict[str, Mailbox] = {}
    ncb_like = [a.upper() for a in out.to if "/" not in a] + codes
    boxes.update(mailboxes.ensure_ncbs(session, store, ncb_like, now))
    for address in (a for a in out.to if "/" in a):
        boxes[address] = mailboxes.by_address(session, address)
    boxes.pop(sender.address, None)
    if not boxes:
        raise ValidationFailedError("A message needs at least one recipient other than yourself")
    return sorted(boxes.values(), key=lambda b: b.address)


def _case(
    session: Session, sender: Mailbox, out: Outgoing, recipients: list[Mailbox], now: datetime
) -> Case:
    if out.case_id is not None:
        case = session.get(Case, out.case_id)
        if case is None or not _participates(session, case.id, sender.id):
            raise NotFoundError(f"No case '{out.case_id}' of your mailbox")
        case.updated_at = now
    else:
        if out.crime_area not in CRIME_AREAS:
            raise ValidationFailedError(f"crime_area: use one of {', '.join(CRIME_AREAS)}")
        prefix = sender.address.split("/")[0]
        reference = f"{prefix}-{now:%Y}-{secrets.token_hex(4).upper()}"
        case = Case(
            reference=reference,
            # a case's title is metadata in the clear: never the (encrypted) subject
            title=(out.case_title or f"Case {reference}")[:300],
            crime_area=out.crime_area,
            created_by=sender.id,
            created_at=now,
            updated_at=now,
        )
        session.add(case)
        session.flush()
    have = (
        set()
        if out.case_id is None
        else set(
            session.execute(
                select(CaseParticipant.mailbox_id).where(CaseParticipant.case_id == case.id)
            ).scalars()
        )
    )
    new = [b.id for b in [sender, *recipients] if b.id not in have]
    if new:
        session.execute(
            insert(CaseParticipant), [{"case_id": case.id, "mailbox_id": i} for i in new]
        )
    return case


def _participates(session: Session, case_id: str, mailbox_id: str) -> bool:
    return (
        session.execute(
            select(CaseParticipant.mailbox_id).where(
                CaseParticipant.case_id == case_id, CaseParticipant.mailbox_id == mailbox_id
            )
        ).first()
        is not None
    )


def _check(out: Outgoing) -> None:
    if out.priority not in ("routine", "urgent", "immediate"):
        raise ValidationFailedError("priority: routine, urgent or immediate")
    if out.handling not in ("H0", "H1", "H2", "H3"):
        raise ValidationFailedError("handling: H0, H1, H2 or H3")
    if out.handling == "H3" and not (out.handling_text or "").strip():
        raise ValidationFailedError("handling_text: H3 (other restrictions) needs their text")
    if out.reliability not in ("A", "B", "C", "X"):
        raise ValidationFailedError("reliability: A, B, C or X")
    if out.accuracy not in (1, 2, 3, 4):
        raise ValidationFailedError("accuracy: 1, 2, 3 or 4")


def send(
    session: Session, principal: Principal, store: KeyStore, out: Outgoing, now: datetime
) -> Message:
    if not principal.has(Permission.MESSAGES_SEND):
        raise PermissionDeniedError("Your role does not send messages")
    _check(out)
    sender = mailboxes.own_mailbox(session, store, principal, now)
    if out.sender is not None and out.sender != sender.address:
        raise PermissionDeniedError(
            f"You do not hold mailbox {out.sender}: you send from {sender.address}"
        )
    recipients = _recipients(session, store, sender, out, now)
    case = _case(session, sender, out, recipients, now)
    message_id = new_id()
    reply_by = out.reply_by or (
        now + REPLY_WITHIN[out.priority] if out.priority in REPLY_WITHIN else None
    )
    record_ids = sorted({str(r["record_id"]) for r in out.references if r.get("record_id")})
    cek = crypto.new_key()
    if out.sealed is not None:
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
        sealed = {a: v for a, v in out.sealed.items() if a in {b.address for b in recipients}}
        blob, mode, digest = b"", "e2e", out.content_sha256
    else:
        plain = content.pack(out.subject, out.body, out.references)
        blob = crypto.encrypt(cek, plain, content.content_aad(message_id))
        sealed, mode, digest = None, "server", crypto.sha256(plain)
    _, seed = store.keys(session, sender.id, sender.key_version)
    digests = attachments.bind(session, store, message_id, sender, out.attachments, cek)
    signed = content.statement(
        message_id=message_id,
        case_reference=case.reference,
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
        attachments=digests,
    )
    message = Message(
        id=message_id,
        case_id=case.id,
        sender_id=sender.id,
        account_id=principal.account_id,
        created_at=now,
        priority=out.priority,
        reply_by=reply_by,
        handling=out.handling,
        handling_text=out.handling_text,
        reliability=out.reliability,
        accuracy=out.accuracy,
        mode=mode,
        content=blob,
        sealed=sealed,
        record_ids=record_ids,
        in_reply_to=out.in_reply_to,
        forwarded_from=out.forwarded_from,
        statement=signed,
        signature=crypto.sign(seed, signed),
        signing_version=sender.key_version,
        diffusion_id=out.diffusion_id,
    )
    session.add(message)
    session.flush()
    holders = [sender, *recipients]
    session.execute(
        insert(MessageKey),
        [
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
        ],
    )
    if record_ids:
        session.execute(
            insert(MessageRecord), [{"message_id": message_id, "record_id": r} for r in record_ids]
        )
    session.execute(
        insert(Delivery),
        [
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
    )
    urgent = "" if out.priority == "routine" else f"{out.priority.upper()}: "
    session.execute(
        insert(Notification),
        [
            {
                "id": new_id(),
                "kind": "message",
                "created_at": now,
                "title": f"{urgent}new message from {sender.address} in case {case.reference}",
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
    )
    webhooks.enqueue(session, message, recipients, now)
    audit.record(
        session,
        actor=principal,
        action="message.send",
        object_type="message",
        object_id=message_id,
        payload={
            "case": case.reference,
            "from": sender.address,
            "to": [b.address for b in recipients][:200],
            "recipients": len(recipients),
            "handling": out.handling,
            "priority": out.priority,
            "mode": mode,
        },
    )
    return message


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
