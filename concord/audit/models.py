"""Tables of the audit trail: hash-chained events, their separately erasable payloads, signed
checkpoints left behind by retention, and the chain head that serialises appends."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base


class AuditEvent(Base):
    """One processing operation. Holds ids, codes and hashes only: what was searched or
    returned lives in :class:`AuditPayload`, which the chain covers by its hash alone."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[str | None] = mapped_column(String(32), index=True)
    actor_kind: Mapped[str | None] = mapped_column(String(10))
    role: Mapped[str | None] = mapped_column(String(30))
    country: Mapped[str | None] = mapped_column(String(4), index=True)
    agency_id: Mapped[str | None] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(60), index=True)
    outcome: Mapped[str] = mapped_column(String(10))  # "ok" | "denied" | "failed"
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    purpose: Mapped[str | None] = mapped_column(String(200))
    request_id: Mapped[str | None] = mapped_column(String(64))
    payload_hash: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditPayload(Base):
    """What an event searched, returned or changed. Erasure and retention may delete it; the
    event keeps the payload's hash so the chain still verifies."""

    __tablename__ = "audit_payloads"

    seq: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("audit_events.seq", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[str] = mapped_column(
        Text
    )  # canonical JSON; its SHA-256 is the event's payload_hash


class AuditCheckpoint(Base):
    """Left behind when events are pruned: the last pruned event's seq and hash, signed."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    upto_seq: Mapped[int] = mapped_column(BigInteger)
    upto_hash: Mapped[str] = mapped_column(String(64))
    pruned: Mapped[int]
    created_at: Mapped[datetime]
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(200))


class AuditHead(Base):
    """A single row holding the last seq and hash; locked while an event is appended."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
