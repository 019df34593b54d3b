"""Checking a results report before anything is written: units per commodity, impossible
quantities, duplicate lines, dates and record ids. Every problem is named by its field path
(``seizures.1.unit``); the report is refused whole (422) if there is any."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from concord.operations.commodities import COMMODITIES, UNITS, check_quantity
from concord.operations.schemas import ReportIn

#: the most one report line may be worth (the largest real seizures are a few billion USD)
MAX_LINE_USD_CENTS = 100_000_000_000 * 100


def problem(loc: Sequence[str | int], msg: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": "value_error"}


def _duplicate_record_ids(loc: list[str | int], ids: list[str]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for i, rid in enumerate(ids):
        if rid in seen:
            out.append(problem([*loc, i], f"record id '{rid}' is listed twice"))
        seen.add(rid)
    return out


def check_report(report: ReportIn, *, start: date, today: date) -> list[dict[str, Any]]:
    """Problems of ``report`` that need no database (rates and records are checked after)."""
    errors: list[dict[str, Any]] = []
    if report.report_date < start:
        errors.append(
            problem(
                ["report_date"], f"{report.report_date} is before the operation's start {start}"
            )
        )
    if report.report_date > today:
        errors.append(problem(["report_date"], f"{report.report_date} is in the future"))
    errors += _duplicate_record_ids(["record_ids"], report.record_ids)
    firsts: dict[tuple[str, ...], int] = {}
    for i, s in enumerate(report.seizures):
        loc: list[str | int] = ["seizures", i]
        commodity = COMMODITIES.get(s.commodity)
        if commodity is None:
            errors.append(
                problem(
                    [*loc, "commodity"],
                    f"unknown commodity '{s.commodity}': use one of "
                    f"{', '.join(sorted(COMMODITIES))}",
                )
            )
        elif s.unit not in UNITS:
            errors.append(
                problem(
                    [*loc, "unit"],
                    f"unknown unit '{s.unit}': use one of {', '.join(commodity.units())}",
                )
            )
        else:
            why = check_quantity(commodity, s.quantity, s.unit)
            if why is not None:
                field = "unit" if why.startswith("unit") else "quantity"
                errors.append(problem([*loc, field], why))
        key = (s.commodity, s.unit)
        if key in firsts:
            errors.append(
                problem(
                    loc,
                    f"duplicate of seizures.{firsts[key]}: report one line per commodity and unit",
                )
            )
        firsts.setdefault(key, i)
        errors += _duplicate_record_ids([*loc, "record_ids"], s.record_ids)
    firsts = {}
    for i, v in enumerate(report.vehicles):
        if (v.category,) in firsts:
            errors.append(
                problem(
                    ["vehicles", i],
                    f"duplicate of vehicles.{firsts[(v.category,)]}: one line per category",
                )
            )
        firsts.setdefault((v.category,), i)
        errors += _duplicate_record_ids(["vehicles", i, "record_ids"], v.record_ids)
    firsts = {}
    for i, a in enumerate(report.assets):
        key = (a.action, a.asset_type)
        if key in firsts:
            errors.append(
                problem(
                    ["assets", i],
                    f"duplicate of assets.{firsts[key]}: one line per action and asset type",
                )
            )
        firsts.setdefault(key, i)
        errors += _duplicate_record_ids(["assets", i, "record_ids"], a.record_ids)
    return errors


def detail(errors: list[dict[str, Any]]) -> str:
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"])
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}"
