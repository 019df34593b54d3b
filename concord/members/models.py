"""Tables of the members registry: member countries, their National Central Bureaus and the
agencies each NCB authorises."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow


class Country(Base):
    """An INTERPOL member country (the membership list is not ISO 3166: see data/members.csv)."""

    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)  # ISO 3166-1 alpha-2
    alpha3: Mapped[str] = mapped_column(String(3), unique=True)
    numeric: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(120))
    official_name: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(40), index=True)
    joined: Mapped[int | None]


class Ncb(Base):
    """The National Central Bureau of a member country."""

    __tablename__ = "ncbs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Agency(Base):
    """A national agency (border, customs, ...) that an NCB authorises and may suspend."""

    __tablename__ = "agencies"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    ncb_id: Mapped[str] = mapped_column(ForeignKey("ncbs.id"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(32))
    suspended_at: Mapped[datetime | None]
    suspension_reason: Mapped[str | None] = mapped_column(String(500))
    #: The record types (databases) this agency may write for its NCB; empty means none.
    record_types: Mapped[list[str] | None]
