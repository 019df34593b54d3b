"""Tables of cross-border operations.

An operation (``operations``) is coordinated by the General Secretariat or a lead NCB; the
countries taking part are in ``operation_participants`` (invited -> accepted | declined).
Targets (records of the police databases, or notices) are in ``operation_targets``; a
screening hit on a target while the operation is active is copied to ``operation_hits``.

Results: each participating country (or the Secretariat, country ``IPSG``) has at most one
report per operation (``operation_reports``); every submission or amendment is a new row of
``operation_report_versions`` (earlier versions are kept), whose lines (seizures, vehicles,
assets) are in ``operation_report_lines``.

Reading totals (for statistics): take the versions with ``current = True`` (exactly one per
report), joined to their operation. Money is stored in whole US cents (``*_usd_cents``,
converted at the report date's rate from ``usd_rates``), so sums are exact; the value as
reported, in its own currency, is kept on each line.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id


class Operation(Base):
    """One operation: what, when, who coordinates it, and where it stands."""

    __tablename__ = "operations"
    __table_args__ = (Index("ix_operations_status_start", "status", "start_date"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    #: unique code name, e.g. ``THUNDER 2024``
    code_name: Mapped[str] = mapped_column(String(80), unique=True)
    #: one of ``concord.operations.areas.CRIME_AREAS``
    crime_area: Mapped[str] = mapped_column(String(40), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    coordinating_unit: Mapped[str] = mapped_column(String(200))
    #: ISO code of the lead NCB; ``None`` when the Secretariat leads
    lead_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    objectives: Mapped[str] = mapped_column(String(4000))
    #: planned -> active -> closed
    status: Mapped[str] = mapped_column(String(10))
    #: the messaging case opened for the operation (``cases.id``)
    case_id: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class OperationParticipant(Base):
    """A country invited to an operation and its answer. The lead country is a participant
    with status ``accepted`` from the start."""

    __tablename__ = "operation_participants"

    operation_id: Mapped[str] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(ForeignKey("countries.code"), primary_key=True, index=True)
    #: invited | accepted | declined
    status: Mapped[str] = mapped_column(String(10))
    invited_at: Mapped[datetime]
    invited_by: Mapped[str] = mapped_column(String(32))
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(1000))


class OperationTarget(Base):
    """A record (person, vehicle, document, asset) or a notice linked to an operation."""

    __tablename__ = "operation_targets"
    __table_args__ = (UniqueConstraint("operation_id", "ref_id", name="uq_operation_targets_ref"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    operation_id: Mapped[str] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"))
    #: person | vehicle | document | asset | notice
    kind: Mapped[str] = mapped_column(String(10))
    #: ``records.id`` or ``notices.id``; screening hits are matched on this column
    ref_id: Mapped[str] = mapped_column(String(32), index=True)
    note: Mapped[str | None] = mapped_column(String(1000))
    added_by: Mapped[str] = mapped_column(String(32))
    added_country: Mapped[str] = mapped_column(String(4))
    added_at: Mapped[datetime]


class OperationHit(Base):
    """A screening hit on a target of an active operation, flagged to its coordinators."""

    __tablename__ = "operation_hits"
    __table_args__ = (UniqueConstraint("operation_id", "hit_id", name="uq_operation_hits_hit"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    operation_id: Mapped[str] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[str] = mapped_column(String(32))
    #: ``screening_hits.id``
    hit_id: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(32))
    screener_country: Mapped[str] = mapped_column(String(4))
    decision: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]


class OperationReport(Base):
    """The results report of one country (``IPSG``: the Secretariat) in one operation."""

    __tablename__ = "operation_reports"
    __table_args__ = (
        UniqueConstraint("operation_id", "country", name="uq_operation_reports_country"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    operation_id: Mapped[str] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"))
    country: Mapped[str] = mapped_column(String(4), index=True)
    #: number of the current version (1 = first submission)
    version: Mapped[int]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class OperationReportVersion(Base):
    """One submission of a report: the counts, and totals in US cents of its lines."""

    __tablename__ = "operation_report_versions"
    __table_args__ = (
        UniqueConstraint("report_id", "version", name="uq_operation_report_versions_version"),
        Index("ix_operation_report_versions_operation_current", "operation_id", "current"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    report_id: Mapped[str] = mapped_column(ForeignKey("operation_reports.id", ondelete="CASCADE"))
    #: copied from the report, so totals need no join through ``operation_reports``
    operation_id: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(4))
    version: Mapped[int]
    #: True for the latest version of its report only: the one totals count
    current: Mapped[bool]
    #: the date the results refer to; the USD rate is the latest on or before it
    report_date: Mapped[date] = mapped_column(Date)
    arrests: Mapped[int]
    persons_identified: Mapped[int]
    victims_rescued: Mapped[int]
    websites_taken_down: Mapped[int]
    accounts_taken_down: Mapped[int]
    servers_taken_down: Mapped[int]
    #: sums over the lines (number of vehicles; values in US cents)
    vehicles_recovered: Mapped[int]
    seizures_usd_cents: Mapped[int] = mapped_column(BigInteger)
    vehicles_usd_cents: Mapped[int] = mapped_column(BigInteger)
    assets_usd_cents: Mapped[int] = mapped_column(BigInteger)
    #: record ids the counts (arrests, persons identified, ...) concern
    record_ids: Mapped[list[str]]
    note: Mapped[str | None] = mapped_column(String(2000))
    submitted_by: Mapped[str] = mapped_column(String(32))
    submitted_at: Mapped[datetime]


class OperationReportLine(Base):
    """One line of a report version: a seizure, vehicles recovered, or assets frozen/seized."""

    __tablename__ = "operation_report_lines"

    version_id: Mapped[str] = mapped_column(
        ForeignKey("operation_report_versions.id", ondelete="CASCADE"), primary_key=True
    )
    line_no: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: seizure | vehicles | assets
    kind: Mapped[str] = mapped_column(String(10))
    #: seizures: a commodity of ``concord.operations.commodities``; assets: frozen | seized
    commodity: Mapped[str | None] = mapped_column(String(40))
    quantity: Mapped[float | None]
    unit: Mapped[str | None] = mapped_column(String(10))
    #: vehicles: how many
    count: Mapped[int | None]
    #: estimated value as reported, in ``currency``
    value: Mapped[float]
    currency: Mapped[str] = mapped_column(String(3))
    #: units of ``currency`` per US dollar used, and the date of that rate
    rate: Mapped[float]
    rate_date: Mapped[date] = mapped_column(Date)
    value_usd_cents: Mapped[int] = mapped_column(BigInteger)
    record_ids: Mapped[list[str]]


class UsdRate(Base):
    """How many units of a currency one US dollar bought on a date (loaded from a file)."""

    __tablename__ = "usd_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    on_date: Mapped[date] = mapped_column(Date, primary_key=True)
    per_usd: Mapped[float]
    source: Mapped[str] = mapped_column(String(200))
