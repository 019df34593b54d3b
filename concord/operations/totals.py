"""Totals of an operation: sums over the current version of every country's report.

:func:`sums` needs no principal (statistics use it over many operations);
:func:`of_operation` is the access-checked view the API and CLI serve."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.operations.access import load_full
from concord.operations.models import Operation, OperationReportLine, OperationReportVersion

COUNTS = (
    "arrests",
    "persons_identified",
    "victims_rescued",
    "websites_taken_down",
    "accounts_taken_down",
    "servers_taken_down",
    "vehicles_recovered",
)
CENTS = ("seizures_usd_cents", "vehicles_usd_cents", "assets_usd_cents")


@dataclass
class Totals:
    operation_ids: list[str]
    reports: int = 0
    countries: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    cents: dict[str, int] = field(default_factory=dict)
    #: commodity -> unit -> quantity, plus ``usd_cents`` -> value
    seizures: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def total_usd_cents(self) -> int:
        return sum(self.cents.values())


def sums(session: Session, operation_ids: list[str]) -> Totals:
    """Totals over the current report versions of ``operation_ids`` (no access check)."""
    out = Totals(operation_ids=list(operation_ids))
    if not operation_ids:
        return out
    cols = [func.coalesce(func.sum(getattr(OperationReportVersion, c)), 0) for c in COUNTS + CENTS]
    current = (
        OperationReportVersion.operation_id.in_(operation_ids),
        OperationReportVersion.current,
    )
    row = session.execute(select(func.count(), *cols).where(*current)).one()
    out.reports = int(row[0])
    out.counts = {c: int(v) for c, v in zip(COUNTS, row[1 : 1 + len(COUNTS)], strict=True)}
    out.cents = {c: int(v) for c, v in zip(CENTS, row[1 + len(COUNTS) :], strict=True)}
    out.countries = sorted(
        set(session.execute(select(OperationReportVersion.country).where(*current)).scalars())
    )
    lines = session.execute(
        select(
            OperationReportLine.commodity,
            OperationReportLine.unit,
            func.sum(OperationReportLine.quantity),
            func.sum(OperationReportLine.value_usd_cents),
        )
        .join(OperationReportVersion, OperationReportVersion.id == OperationReportLine.version_id)
        .where(*current, OperationReportLine.kind == "seizure")
        .group_by(OperationReportLine.commodity, OperationReportLine.unit)
    ).all()
    for commodity, unit, quantity, cents in lines:
        entry = out.seizures.setdefault(str(commodity), {"usd_cents": 0.0})
        entry[str(unit)] = round(float(quantity or 0), 3)
        entry["usd_cents"] += float(cents or 0)
    return out


def of_operation(session: Session, principal: Principal, op_id: str) -> tuple[Operation, Totals]:
    op, _role = load_full(session, principal, op_id)
    totals = sums(session, [op.id])
    audit.record(
        session,
        actor=principal,
        action="operation.totals",
        object_type="operation",
        object_id=op.id,
    )
    return op, totals
