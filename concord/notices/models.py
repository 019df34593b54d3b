"""Tables of notices and diffusions: the notice itself, the records it is about, every decision
on it (its history), the yearly counter behind public entity ids, a generation counter that
invalidates the public cache, and diffusions with their recipients."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id


class Notice(Base):
    """One notice (request, under review, published, ...) of one requesting country."""

    __tablename__ = "notices"
    __table_args__ = (
        Index("ix_notices_type_status", "type", "status"),
        Index("ix_notices_country_status", "requesting_country", "status"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    type: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    #: ISO code of the requesting NCB; ``None`` for the Secretariat (UN Special Notices)
    requesting_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    created_by: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2))
    #: the person record (or none: Black, Purple, UN entities)
    subject_id: Mapped[str | None] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(300))
    #: the type's own fields (charges, circumstances, warrant, body, sanctions, assets, ...)
    data: Mapped[dict[str, Any]]
    #: the requesting country agrees to a public extract (Red, Yellow); UN always public
    public: Mapped[bool] = mapped_column(default=False)
    entity_id: Mapped[str | None] = mapped_column(String(12), unique=True)
    findings: Mapped[list[dict[str, Any]]]
    #: a change of a published notice waiting for re-review
    pending: Mapped[dict[str, Any] | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    refusal_ground: Mapped[str | None] = mapped_column(String(10))


class NoticeRecord(Base):
    """A record a notice is about: the subject person, or each asset of a Silver Notice."""

    __tablename__ = "notice_records"

    notice_id: Mapped[str] = mapped_column(
        ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True
    )
    record_id: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class NoticeEvent(Base):
    """One recorded decision: who moved the notice from which state to which, when and why."""

    __tablename__ = "notice_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    actor_id: Mapped[str] = mapped_column(String(32))
    actor_country: Mapped[str | None] = mapped_column(String(4))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(4000))
    ground: Mapped[str | None] = mapped_column(String(10))
    findings: Mapped[list[dict[str, Any]] | None]


class NoticeCounter(Base):
    """Per publication year, the last public number given (entity id ``YYYY/NNNNN``). Year 0
    holds the generation of the public cache: bumped by every change to a notice."""

    __tablename__ = "notice_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)


class Diffusion(Base):
    """A request sent by one NCB straight to chosen NCBs, recorded centrally when sent and
    checked for compliance afterwards."""

    __tablename__ = "diffusions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    type: Mapped[str] = mapped_column(String(10))
    sender_country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    created_by: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2))
    subject_id: Mapped[str | None] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(300))
    data: Mapped[dict[str, Any]]
    #: how recipients were chosen: ``all``, ``region:<name>`` or ``list``
    scope: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))  # sent | compliant | withdrawn
    findings: Mapped[list[dict[str, Any]]]
    reviewed_by: Mapped[str | None] = mapped_column(String(32))
    reviewed_at: Mapped[datetime | None]
    review_reason: Mapped[str | None] = mapped_column(String(4000))
    created_at: Mapped[datetime]


class DiffusionRecipient(Base):
    """One NCB a diffusion was delivered to."""

    __tablename__ = "diffusion_recipients"

    diffusion_id: Mapped[str] = mapped_column(
        ForeignKey("diffusions.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(ForeignKey("countries.code"), primary_key=True, index=True)
    delivered_at: Mapped[datetime]
