"""A report's lines as stored: each value converted to US cents at the report date's rate,
and the record ids it names checked against what the reporter may read. Problems are named
by field path, like those of :mod:`.checks`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.clock import now as clock_now
from concord.operations import rates
from concord.operations.checks import MAX_LINE_USD_CENTS, problem
from concord.operations.schemas import ReportIn
from concord.records import access as record_access
from concord.records.models import Record
from concord.settings import Settings


def check_records(
    session: Session, principal: Principal, report: ReportIn, settings: Settings
) -> list[dict[str, Any]]:
    """Record ids that do not exist or that the caller may not read: 422 each."""
    places: list[tuple[list[str | int], str]] = [
        (["record_ids", i], r) for i, r in enumerate(report.record_ids)
    ]
    lines: list[tuple[str, list[list[str]]]] = [
        ("seizures", [s.record_ids for s in report.seizures]),
        ("vehicles", [v.record_ids for v in report.vehicles]),
        ("assets", [a.record_ids for a in report.assets]),
    ]
    for name, id_lists in lines:
        for i, ids_of_line in enumerate(id_lists):
            places += [([name, i, "record_ids", j], r) for j, r in enumerate(ids_of_line)]
    if not places:
        return []
    ids = sorted({r for _loc, r in places})
    now = clock_now(settings)
    found = set(
        session.execute(
            select(Record.id).where(Record.id.in_(ids), record_access.visible(principal, now))
        ).scalars()
    )
    return [problem(loc, f"no record '{r}'") for loc, r in places if r not in found]


def convert(
    session: Session, report: ReportIn
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The lines converted to USD cents, and the problems (unknown currency, no rate, cap)."""
    wanted = (
        {s.currency for s in report.seizures}
        | {v.currency for v in report.vehicles}
        | {a.currency for a in report.assets}
    )
    known = rates.rates_on(session, wanted, report.report_date)
    lines: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    entries: list[tuple[str, int, dict[str, Any]]] = []
    for i, s in enumerate(report.seizures):
        entries.append(
            (
                "seizures",
                i,
                {
                    "kind": "seizure",
                    "commodity": s.commodity,
                    "quantity": s.quantity,
                    "unit": s.unit,
                    "count": None,
                    "value": s.value,
                    "currency": s.currency,
                    "record_ids": list(s.record_ids),
                },
            )
        )
    for i, v in enumerate(report.vehicles):
        entries.append(
            (
                "vehicles",
                i,
                {
                    "kind": "vehicles",
                    "commodity": v.category,
                    "quantity": None,
                    "unit": None,
                    "count": v.count,
                    "value": v.value,
                    "currency": v.currency,
                    "record_ids": list(v.record_ids),
                },
            )
        )
    for i, a in enumerate(report.assets):
        entries.append(
            (
                "assets",
                i,
                {
                    "kind": "assets",
                    "commodity": f"{a.action}:{a.asset_type}",
                    "quantity": None,
                    "unit": None,
                    "count": None,
                    "value": a.value,
                    "currency": a.currency,
                    "record_ids": list(a.record_ids),
                },
            )
        )
    for name, i, line in entries:
        rate = known.get(line["currency"])
        if rate is None:
            errors.append(
                problem(
                    [name, i, "currency"],
                    f"no US-dollar rate for currency '{line['currency']}' on or before "
                    f"{report.report_date}",
                )
            )
            continue
        cents = rate.to_usd_cents(line["value"])
        if cents > MAX_LINE_USD_CENTS:
            errors.append(
                problem(
                    [name, i, "value"],
                    f"{line['value']:,.2f} {line['currency']} (USD {cents / 100:,.0f}) is beyond "
                    f"the plausible maximum of USD {MAX_LINE_USD_CENTS // 100:,} per line",
                )
            )
            continue
        lines.append(
            {**line, "rate": rate.per_usd, "rate_date": rate.on_date, "value_usd_cents": cents}
        )
    return lines, errors
