"""Tables of messaging: mailboxes and their wrapped keys, cases and their participants,
messages (ciphertext only), the content key of each message wrapped for each mailbox holding
a copy, deliveries with their receipts, attachments, and webhooks with their outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id


class Mailbox(Base):
    """An NCB's mailbox, an authorised agency's, or the General Secretariat's."""

    __tablename__ = "mailboxes"
    __table_args__ = (UniqueConstraint("country", "agency_id", name="uq_mailboxes_owner"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    #: ``FR`` (the NCB), ``FR/<agency id>`` (an agency) or ``IPSG`` (the Secretariat)
    address: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # ncb | agency | secretariat
    country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    agency_id: Mapped[str | None] = mapped_column(ForeignKey("agencies.id"))
    name: Mapped[str] = mapped_column(String(200))
    signing_public: Mapped[str] = mapped_column(String(64))  # hex Ed25519
    e2e_public: Mapped[str | None] = mapped_column(String(64))  # hex X25519 (end-to-end mode)
    key_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime]


class MailboxKey(Base):
    """One version of a mailbox's data key and signing key, wrapped by the KEK ``kek_id``.
    ``destroyed_at``: the key was erased (crypto-shredding); its copies cannot be read."""

    __tablename__ = "mailbox_keys"

    mailbox_id: Mapped[str] = mapped_column(ForeignKey("mailboxes.id"), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kek_id: Mapped[str] = mapped_column(String(16), index=True)
    wrapped_dek: Mapped[bytes | None] = mapped_column(LargeBinary)
    wrapped_signing: Mapped[bytes | None] = mapped_column(LargeBinary)
    signing_public: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    destroyed_at: Mapped[datetime | None]


class Case(Base):
    """A case: a reference, a title, a crime area, the participating mailboxes."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    crime_area: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(ForeignKey("mailboxes.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(index=True)


class CaseParticipant(Base):
    __tablename__ = "case_participants"

    case_id: Mapped[str] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    mailbox_id: Mapped[str] = mapped_column(
        ForeignKey("mailboxes.id"), primary_key=True, index=True
    )


class Message(Base):
    """One message: metadata in the clear, content (subject, body, references) encrypted.
    ``statement`` is what the sender signed: metadata and the content's SHA-256."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_case_created", "case_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    sender_id: Mapped[str] = mapped_column(ForeignKey("mailboxes.id"), index=True)
    account_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    priority: Mapped[str] = mapped_column(String(10))  # routine | urgent | immediate
    reply_by: Mapped[datetime | None] = mapped_column(index=True)
    handling: Mapped[str] = mapped_column(String(2))  # H0..H3
    handling_text: Mapped[str | None] = mapped_column(String(500))
    reliability: Mapped[str] = mapped_column(String(1))  # A B C X
    accuracy: Mapped[int]  # 1..4
    mode: Mapped[str] = mapped_column(String(6))  # server | e2e
    content: Mapped[bytes] = mapped_column(LargeBinary)  # server mode: CEK-encrypted JSON
    #: end-to-end mode: the content sealed for each recipient mailbox (address -> hex)
    sealed: Mapped[dict[str, Any] | None]
    record_ids: Mapped[list[str]]  # the records it references (ids, no personal data)
    in_reply_to: Mapped[str | None] = mapped_column(String(32), index=True)
    forwarded_from: Mapped[str | None] = mapped_column(String(32))
    statement: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    signing_version: Mapped[int]
    diffusion_id: Mapped[str | None] = mapped_column(String(32), index=True)


class MessageRecord(Base):
    """A record a message references (for finding messages by record or by name)."""

    __tablename__ = "message_records"

    message_id: Mapped[str] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    record_id: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class MessageKey(Base):
    """A message's content key wrapped by the data key of one mailbox holding a copy."""

    __tablename__ = "message_keys"

    message_id: Mapped[str] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    mailbox_id: Mapped[str] = mapped_column(ForeignKey("mailboxes.id"), primary_key=True)
    key_version: Mapped[int]
    wrapped_cek: Mapped[bytes] = mapped_column(LargeBinary)


class Delivery(Base):
    """A message delivered to one mailbox: sent -> delivered -> read, with times."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_mailbox_state", "mailbox_id", "state"),)

    message_id: Mapped[str] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    mailbox_id: Mapped[str] = mapped_column(ForeignKey("mailboxes.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(10))
    sent_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]


class Attachment(Base):
    """A file sent with a message: encrypted in chunks under the message's content key and
    kept in the attachment store; its SHA-256 (of the plaintext) is in the signed statement."""

    __tablename__ = "attachments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    message_id: Mapped[str | None] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    mailbox_id: Mapped[str] = mapped_column(ForeignKey("mailboxes.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    #: the key that encrypted the file, wrapped by the uploading mailbox's data key until the
    #: message is sent, then by the message's content key
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    key_version: Mapped[int]
    path: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]


class Webhook(Base):
    """A national system's endpoint that receives a mailbox's new messages (HMAC-signed)."""

    __tablename__ = "webhooks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    mailbox_id: Mapped[str] = mapped_column(ForeignKey("mailboxes.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[bytes] = mapped_column(LargeBinary)  # wrapped by the mailbox's data key
    key_version: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class OutboxItem(Base):
    """One push to a webhook: retried with backoff; ``dead`` after the last attempt."""

    __tablename__ = "webhook_outbox"
    __table_args__ = (Index("ix_webhook_outbox_due", "status", "next_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    webhook_id: Mapped[str] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(10))  # pending | done | dead
    attempts: Mapped[int] = mapped_column(default=0)
    next_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
