"""Tables of the police databases: one ``records`` table for every record type (persons, travel
documents, vehicles, works of art, firearms, vessels, assets), with the type's fields in
``data``; who may see each record; links between records; tombstones of deleted records; and
the counter that orders the change feed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id


class Record(Base):
    """One record of one database, owned by the country (NCB) that entered it."""

    __tablename__ = "records"
    __table_args__ = (
        UniqueConstraint("owner", "type", "owner_ref", name="uq_records_owner_type_ref"),
        Index("ix_records_type_key", "type", "key"),
        Index("ix_records_owner_review", "owner", "review_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    type: Mapped[str] = mapped_column(String(20))
    owner: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    owner_ref: Mapped[str] = mapped_column(String(100))  # the owner's own id for the record
    agency_id: Mapped[str | None] = mapped_column(ForeignKey("agencies.id"))
    created_by: Mapped[str | None] = mapped_column(String(32))
    updated_by: Mapped[str | None] = mapped_column(String(32))
    reliability: Mapped[str] = mapped_column(String(1))  # A, B, C, X
    handling: Mapped[str] = mapped_column(String(2))  # H0..H3
    handling_note: Mapped[str | None] = mapped_column(String(500))
    restriction: Mapped[str] = mapped_column(String(10))  # all | only | except
    key: Mapped[str | None] = mapped_column(String(100))  # normalised main identifier
    label: Mapped[str] = mapped_column(String(300))  # what a person reads in a list
    data: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    review_at: Mapped[datetime]
    review_warned_at: Mapped[datetime | None]


class RecordAccess(Base):
    """The countries named by a record's restriction (``only`` these, or all ``except``)."""

    __tablename__ = "record_access"

    record_id: Mapped[str] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(ForeignKey("countries.code"), primary_key=True)


class RecordLink(Base):
    """A link from one record to another: a document's holder, a vehicle's or asset's owner."""

    __tablename__ = "record_links"
    __table_args__ = (UniqueConstraint("from_id", "to_id", "kind", name="uq_record_links"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    from_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    to_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))


class RecordTombstone(Base):
    """What remains of a deleted record: that it existed and when it went, not what it said."""

    __tablename__ = "record_tombstones"

    record_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    owner: Mapped[str] = mapped_column(String(2))
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)
    deleted_at: Mapped[datetime]


class ChangeCounter(Base):
    """A single row: the last change sequence number given out. Locked by each writer."""

    __tablename__ = "record_change_counter"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
