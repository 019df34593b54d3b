"""The one table statistics own: the General Secretariat's staff records, kept for the
diversity reports (which member countries and regions are represented among staff).

A record holds no more than the reports need: nationality, grade, first and last day of
service. No name, no birth date, no sex: the record identifies nobody on its own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
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
