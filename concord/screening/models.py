"""Tables of screening follow-up: the hits a screening produced, what the screening officer and
the record's owner NCB said of each, and clearances that stop a confirmed false match from
alerting again for a set time.

A screening that finds nothing writes no row here: its query is in the audit trail only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow


class ScreeningHit(Base):
    """One record found by one screening query (decision ``match`` or ``possible``)."""

    __tablename__ = "screening_hits"
    __table_args__ = (
        Index("ix_screening_hits_owner_created", "owner", "created_at"),
        Index("ix_screening_hits_screener_created", "screener_country", "created_at"),
        Index("ix_screening_hits_traveller_record", "traveller", "record_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    screening_id: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: who screened: account, its country (``IPSG`` for the General Secretariat), purpose
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    screener_country: Mapped[str] = mapped_column(String(4))
    purpose: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(32), index=True)
    record_type: Mapped[str] = mapped_column(String(20))
    owner: Mapped[str] = mapped_column(String(4))
    score: Mapped[float]
    decision: Mapped[str] = mapped_column(String(10))
    #: SHA-256 of the traveller's identity as screened (document, or name and birth date)
    traveller: Mapped[str] = mapped_column(String(64))
    explanation: Mapped[dict[str, Any]]
    #: False when a clearance for this traveller and record was in force
    alert: Mapped[bool] = mapped_column(default=True)
    clearance_id: Mapped[str | None] = mapped_column(String(32))
    #: open | confirmed | discarded (the latest word of either side)
    status: Mapped[str] = mapped_column(String(12), default="open")


class HitFollowUp(Base):
    """What one side (the screening officer's country or the owner NCB) said of a hit."""

    __tablename__ = "hit_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    hit_id: Mapped[str] = mapped_column(
        ForeignKey("screening_hits.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(10))  # screener | owner
    action: Mapped[str] = mapped_column(String(10))  # confirm | discard
    outcome: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(String(2000))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    country: Mapped[str] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HitClearance(Base):
    """A confirmed false match, cleared until ``expires_at``: screening the same traveller
    against the same record still shows the hit, flagged, but raises no alert."""

    __tablename__ = "hit_clearances"
    __table_args__ = (Index("ix_hit_clearances_traveller_record", "traveller", "record_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    hit_id: Mapped[str] = mapped_column(ForeignKey("screening_hits.id"))
    record_id: Mapped[str] = mapped_column(String(32))
    traveller: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(2000))
    created_by: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    country: Mapped[str] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(32))
