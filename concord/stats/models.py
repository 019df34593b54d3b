"""The tables statistics own: the General Secretariat's staff records, kept for the diversity
reports (which member countries and regions are represented among staff), and historical
search tallies (monthly counts of database searches made before Concord recorded them).

A staff record holds no more than the reports need: nationality, grade, first and last day of
service. No name, no birth date, no sex: the record identifies nobody on its own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id


class StaffMember(Base):
    """One period of service of one staff member of the General Secretariat."""

    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    nationality: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    grade: Mapped[str] = mapped_column(String(5))
    start_date: Mapped[date] = mapped_column(index=True)
    #: last day of service; ``None`` while serving
    end_date: Mapped[date | None]
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SearchTally(Base):
    """How many database searches one country made in one calendar month, and how many hits
    they gave, as counted by a system that came before Concord's audit trail (loaded, never
    computed). Concord's own searches are counted from the audit trail; a tally stands for the
    searches the trail cannot show. ``source`` says where the numbers come from."""

    __tablename__ = "search_tallies"
    __table_args__ = (UniqueConstraint("month", "country", "source"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    #: the first instant (UTC) of the calendar month counted
    month: Mapped[datetime] = mapped_column(index=True)
    #: the searching country (``IPSG``: the General Secretariat)
    country: Mapped[str] = mapped_column(String(4), index=True)
    searches: Mapped[int] = mapped_column(BigInteger)
    hits: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(200))
    loaded_by: Mapped[str] = mapped_column(String(32))
    loaded_at: Mapped[datetime]
