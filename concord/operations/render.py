"""Turning operations, targets, reports and totals into their API shapes (used by the routes
and the CLI alike)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.operations.access import FULL, Role, role_of
from concord.operations.areas import Answer, Status
from concord.operations.models import Operation, OperationParticipant, OperationTarget
from concord.operations.results import Version
from concord.operations.schemas import (
    LineOut,
    OperationOut,
    ParticipantOut,
    ReportOut,
    TargetOut,
    TotalsOut,
)
from concord.operations.totals import Totals


def _usd(cents: float) -> float:
    return round(cents / 100, 2)


def participants_of(session: Session, op_ids: list[str]) -> dict[str, list[OperationParticipant]]:
    out: dict[str, list[OperationParticipant]] = {i: [] for i in op_ids}
    if not op_ids:
        return out
    rows = session.execute(
        select(OperationParticipant)
        .where(OperationParticipant.operation_id.in_(op_ids))
        .order_by(OperationParticipant.country)
    ).scalars()
    for p in rows:
        out[p.operation_id].append(p)
    return out


def operation(
    principal: Principal, op: Operation, participants: list[OperationParticipant]
) -> OperationOut:
    mine = next((p.status for p in participants if p.country == principal.country), None)
    role = role_of(principal, op, mine) or Role.OBSERVER
    full = role in FULL
    return OperationOut(
        id=op.id,
        code_name=op.code_name,
        crime_area=op.crime_area,
        start_date=op.start_date,
        end_date=op.end_date,
        coordinating_unit=op.coordinating_unit,
        lead_country=op.lead_country,
        objectives=op.objectives,
        status=Status(op.status),
        view="full" if full else "invitation",
        my_role=role.value,
        participants=[
            ParticipantOut(
                country=p.country,
                status=Answer(p.status),
                invited_at=p.invited_at,
                answered_at=p.answered_at,
            )
            for p in participants
        ]
        if full
        else None,
        case_id=op.case_id if full else None,
        created_at=op.created_at,
        updated_at=op.updated_at,
        started_at=op.started_at,
        closed_at=op.closed_at,
    )


def one(session: Session, principal: Principal, op: Operation) -> OperationOut:
    return operation(principal, op, participants_of(session, [op.id])[op.id])


def many(session: Session, principal: Principal, ops: list[Operation]) -> list[OperationOut]:
    parts = participants_of(session, [o.id for o in ops])
    return [operation(principal, o, parts[o.id]) for o in ops]


def target(t: OperationTarget, label: str | None) -> TargetOut:
    return TargetOut(
        id=t.id,
        kind=t.kind,
        ref_id=t.ref_id,
        label=label,
        note=t.note,
        added_country=t.added_country,
        added_at=t.added_at,
    )


def report(v: Version) -> ReportOut:
    r = v.row
    return ReportOut(
        operation_id=r.operation_id,
        country=r.country,
        version=r.version,
        current=r.current,
        report_date=r.report_date,
        arrests=r.arrests,
        persons_identified=r.persons_identified,
        victims_rescued=r.victims_rescued,
        websites_taken_down=r.websites_taken_down,
        accounts_taken_down=r.accounts_taken_down,
        servers_taken_down=r.servers_taken_down,
        vehicles_recovered=r.vehicles_recovered,
        seizures_usd=_usd(r.seizures_usd_cents),
        vehicles_usd=_usd(r.vehicles_usd_cents),
        assets_usd=_usd(r.assets_usd_cents),
        total_usd=_usd(r.seizures_usd_cents + r.vehicles_usd_cents + r.assets_usd_cents),
        lines=[
            LineOut(
                kind=ln.kind,
                commodity=ln.commodity,
                quantity=ln.quantity,
                unit=ln.unit,
                count=ln.count,
                value=ln.value,
                currency=ln.currency,
                rate=ln.rate,
                rate_date=ln.rate_date,
                value_usd=_usd(ln.value_usd_cents),
                record_ids=ln.record_ids,
            )
            for ln in v.lines
        ],
        record_ids=r.record_ids,
        note=r.note,
        submitted_by=r.submitted_by,
        submitted_at=r.submitted_at,
    )


def totals(op: Operation, t: Totals) -> TotalsOut:
    return TotalsOut(
        operation_id=op.id,
        code_name=op.code_name,
        status=Status(op.status),
        reports=t.reports,
        countries=t.countries,
        seizures_usd=_usd(t.cents["seizures_usd_cents"]) if t.cents else 0.0,
        vehicles_usd=_usd(t.cents["vehicles_usd_cents"]) if t.cents else 0.0,
        assets_usd=_usd(t.cents["assets_usd_cents"]) if t.cents else 0.0,
        total_usd=_usd(t.total_usd_cents),
        seizures_by_commodity={
            c: {
                ("usd" if k == "usd_cents" else k): (_usd(v) if k == "usd_cents" else v)
                for k, v in units.items()
            }
            for c, units in sorted(t.seizures.items())
        },
        **{
            k: t.counts.get(k, 0)
            for k in (
                "arrests",
                "persons_identified",
                "victims_rescued",
                "websites_taken_down",
                "accounts_taken_down",
                "servers_taken_down",
                "vehicles_recovered",
            )
        },
    )
