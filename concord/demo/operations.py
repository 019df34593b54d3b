"""Demo operations: the named INTERPOL operations (Thunder, HAECHI, Soteria, Binghe,
Serengeti) and others, over the five years before the current one, with the demo countries
taking part and their results (arrests, seizures valued in local currencies, vehicles,
assets, takedowns); in the current year, some active and planned ones.

Everything is drawn from the demo seed, so the same seed gives the same operations and
figures. Past operations are written in bulk (they happened before Concord: no workflow to
replay); the current year's are created through the service, with their messaging case, and
the active vehicle-crime operation targets the stolen car, the stolen passport and the wanted
person that the demo travellers look for, so that loading the demo flags operation hits to
its coordinators.

The crime areas of Soteria (human trafficking) and Binghe (fugitives) are the demo's
choice: the seed names the operations without describing them.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from concord.auth.models import Account
from concord.auth.service import principal_for
from concord.clock import now as clock_now
from concord.db.base import new_id
from concord.demo.operation_plans import CURRENCY, PRICE, SERIES, Kind, plans
from concord.demo.screening import passport_and_holder
from concord.messaging.keys import KeyStore
from concord.operations import invitations, rates, service
from concord.operations.models import (
    Operation,
    OperationParticipant,
    OperationReport,
    OperationReportLine,
    OperationReportVersion,
    UsdRate,
)
from concord.records.models import Record
from concord.settings import Settings


@dataclass
class DemoOperations:
    operations: int = 0
    reports: int = 0


class _Rates:
    """The rate table in memory: the latest rate on or before a day, as the service does."""

    def __init__(self, session: Session) -> None:
        self.by: dict[str, tuple[list[date], list[float]]] = {}
        rows = session.execute(
            select(UsdRate.currency, UsdRate.on_date, UsdRate.per_usd).order_by(
                UsdRate.currency, UsdRate.on_date
            )
        )
        for cur, day, per in rows:
            days, values = self.by.setdefault(cur, ([], []))
            days.append(day)
            values.append(per)

    def on(self, cur: str, day: date) -> rates.Rate:
        if cur == rates.USD:
            return rates.Rate(rates.USD, day, 1.0)
        days, values = self.by[cur]
        i = bisect.bisect_right(days, day) - 1
        return rates.Rate(cur, days[i], values[i])


def _local(rnd: random.Random, usd: float, rate: rates.Rate) -> float:
    """A value as a country would report it: in its currency, rounded to a few digits."""
    value = usd * rate.per_usd * rnd.uniform(0.85, 1.15)
    digits = max(len(str(int(value))) - 3, 0)
    return float(round(value, -digits))


def _report(
    rnd: random.Random, kind: Kind, country: str, day: date, table: _Rates
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One country's report (version columns) and its lines, drawn from the series' profile."""
    cur = CURRENCY[country]
    rate = table.on(cur, day)
    lines: list[dict[str, Any]] = []
    picks = rnd.sample(kind.seizures, k=min(len(kind.seizures), rnd.randint(1, 3)))
    for commodity, unit, low, high in picks:
        quantity = round(rnd.uniform(low, high) * rnd.uniform(0.05, 1.0), 1 if unit == "kg" else 0)
        quantity = max(quantity, 1.0)
        value = _local(rnd, quantity * PRICE[(commodity, unit)], rate)
        lines.append(
            {
                "kind": "seizure",
                "commodity": commodity,
                "quantity": quantity,
                "unit": unit,
                "count": None,
                "value": value,
            }
        )
    vehicles = rnd.randint(*kind.vehicles) if kind.vehicles[1] else 0
    if vehicles:
        value = _local(rnd, vehicles * rnd.uniform(9_000, 30_000), rate)
        lines.append(
            {
                "kind": "vehicles",
                "commodity": "car",
                "quantity": None,
                "unit": None,
                "count": vehicles,
                "value": value,
            }
        )
    if kind.assets[1]:
        usd = rnd.uniform(*kind.assets)
        if usd >= 1_000:
            lines.append(
                {
                    "kind": "assets",
                    "commodity": "frozen:bank_account",
                    "quantity": None,
                    "unit": None,
                    "count": None,
                    "value": _local(rnd, usd, rate),
                }
            )
            if rnd.random() < 0.4:
                lines.append(
                    {
                        "kind": "assets",
                        "commodity": "seized:cryptocurrency",
                        "quantity": None,
                        "unit": None,
                        "count": None,
                        "value": _local(rnd, usd * rnd.uniform(0.05, 0.3), rate),
                    }
                )
    for ln in lines:
        ln.update(
            currency=cur,
            rate=rate.per_usd,
            rate_date=rate.on_date,
            value_usd_cents=rate.to_usd_cents(ln["value"]),
            record_ids=[],
        )
    takedowns = rnd.randint(*kind.takedowns) if kind.takedowns[1] else 0

    def cents(k: str) -> int:
        return sum(int(ln["value_usd_cents"]) for ln in lines if ln["kind"] == k)

    version = {
        "report_date": day,
        "arrests": rnd.randint(*kind.arrests),
        "persons_identified": rnd.randint(0, kind.arrests[1]),
        "victims_rescued": rnd.randint(*kind.victims) if kind.victims[1] else 0,
        "websites_taken_down": takedowns // 2,
        "accounts_taken_down": takedowns - takedowns // 2,
        "servers_taken_down": takedowns // 20,
        "vehicles_recovered": vehicles,
        "seizures_usd_cents": cents("seizure"),
        "vehicles_usd_cents": cents("vehicles"),
        "assets_usd_cents": cents("assets"),
        "record_ids": [],
        "note": None,
    }
    return version, lines


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _account_ids(session: Session) -> dict[str, str]:
    return {str(u): str(i) for u, i in session.execute(select(Account.username, Account.id))}


def _past(
    session: Session, rnd: random.Random, first: int, accounts: dict[str, str]
) -> DemoOperations:
    """The closed operations of the past five years, written in bulk."""
    table = _Rates(session)
    out = DemoOperations()
    ops: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    officer = accounts.get("gs.officer", "")
    for plan in plans(first):
        kind = SERIES[plan.series]
        start = date(plan.year, *plan.start) + timedelta(days=rnd.randint(-6, 6))
        end = start + timedelta(days=plan.days + rnd.randint(-3, 3))
        creator = accounts.get(f"{plan.lead.lower()}.admin", officer) if plan.lead else officer
        op_id = new_id()
        ops.append(
            {
                "id": op_id,
                "code_name": plan.name,
                "crime_area": kind.area,
                "start_date": start,
                "end_date": end,
                "coordinating_unit": kind.unit,
                "lead_country": plan.lead,
                "objectives": kind.objectives,
                "status": "closed",
                "case_id": None,
                "created_by": creator,
                "created_at": _at(start - timedelta(days=45)),
                "updated_at": _at(end + timedelta(days=20)),
                "started_at": _at(start),
                "closed_at": _at(end + timedelta(days=20)),
            }
        )
        invited_at = _at(start - timedelta(days=40))
        for country in plan.countries:
            accepted = country == plan.lead or rnd.random() < 0.88
            parts.append(
                {
                    "operation_id": op_id,
                    "country": country,
                    "status": "accepted" if accepted else "declined",
                    "invited_at": invited_at,
                    "invited_by": creator,
                    "answered_at": _at(start - timedelta(days=rnd.randint(5, 35))),
                    "answered_by": accounts.get(f"{country.lower()}.admin", creator),
                    "note": None,
                }
            )
            if not accepted:
                continue
            day = end - timedelta(days=rnd.randint(0, 4))
            report_id = new_id()
            amended = rnd.random() < 0.15
            reports.append(
                {
                    "id": report_id,
                    "operation_id": op_id,
                    "country": country,
                    "version": 2 if amended else 1,
                    "created_at": _at(end + timedelta(days=2)),
                    "updated_at": _at(end + timedelta(days=9 if amended else 2)),
                }
            )
            by = accounts.get(f"{country.lower()}.operator", creator)
            for number in (1, 2) if amended else (1,):
                version, its_lines = _report(rnd, kind, country, day, table)
                version_id = new_id()
                versions.append(
                    {
                        **version,
                        "id": version_id,
                        "report_id": report_id,
                        "operation_id": op_id,
                        "country": country,
                        "version": number,
                        "current": number == (2 if amended else 1),
                        "submitted_by": by,
                        "submitted_at": _at(end + timedelta(days=2 if number == 1 else 9)),
                        "note": "Corrected after the final count" if number == 2 else None,
                    }
                )
                lines += [
                    {**ln, "version_id": version_id, "line_no": n}
                    for n, ln in enumerate(its_lines, start=1)
                ]
            out.reports += 1
    for model, rows in (
        (Operation, ops),
        (OperationParticipant, parts),
        (OperationReport, reports),
        (OperationReportVersion, versions),
        (OperationReportLine, lines),
    ):
        if rows:
            session.execute(insert(model), rows)
    out.operations = len(ops)
    return out


def _current(
    session: Session, settings: Settings, rnd: random.Random, accounts: dict[str, str]
) -> int:
    """This year's operations, through the service: two active, two planned."""
    from concord.operations import results, targets
    from concord.operations.areas import Transition
    from concord.operations.schemas import ReportIn

    today = clock_now(settings).date()
    year = today.year
    store = KeyStore.from_settings(settings)

    def who(username: str) -> Any:
        account = session.get(Account, accounts[username])
        assert account is not None
        return principal_for(account)

    officer = who("gs.officer")

    def make(
        p: Any, name: str, series: str, lead: str | None, start: date, days: int, invite: list[str]
    ) -> Operation:
        kind = SERIES[series]
        return service.create(
            session,
            p,
            code_name=name,
            crime_area=kind.area,
            start_date=start,
            end_date=start + timedelta(days=days),
            coordinating_unit=kind.unit,
            objectives=kind.objectives,
            lead_country=lead,
            invite=invite,
            settings=settings,
            store=store,
        )

    def answer(op: Operation, countries: list[str], accept: bool = True) -> None:
        for c in countries:
            invitations.answer(
                session,
                who(f"{c.lower()}.admin"),
                op.id,
                accept=accept,
                note=None,
                settings=settings,
                store=store,
            )

    thunder = make(
        officer,
        f"THUNDER {year}",
        "THUNDER",
        None,
        today - timedelta(days=20),
        45,
        ["BR", "NG", "TH", "CN", "IN", "FR", "ES", "IT", "KR"],
    )
    answer(thunder, ["BR", "NG", "TH", "CN", "IN", "FR", "ES", "KR"])
    answer(thunder, ["IT"], accept=False)
    service.transition(session, officer, thunder.id, action=Transition.START, settings=settings)
    table = _Rates(session)
    for c in ("BR", "TH"):
        day = today - timedelta(days=2)
        version, lines = _report(rnd, SERIES["THUNDER"], c, day, table)
        body = ReportIn.model_validate(
            {
                "report_date": day.isoformat(),
                "arrests": version["arrests"],
                "seizures": [
                    {
                        "commodity": ln["commodity"],
                        "quantity": ln["quantity"],
                        "unit": ln["unit"],
                        "value": ln["value"],
                        "currency": ln["currency"],
                    }
                    for ln in lines
                    if ln["kind"] == "seizure"
                ],
            }
        )
        results.submit(
            session, who(f"{c.lower()}.operator"), thunder.id, report=body, settings=settings
        )

    italy = who("it.admin")
    carback = make(
        italy,
        f"CARBACK {year}",
        "CARBACK",
        "IT",
        today - timedelta(days=10),
        60,
        ["FR", "DE", "ES", "GR"],
    )
    answer(carback, ["FR", "DE", "ES"])
    service.transition(session, italy, carback.id, action=Transition.START, settings=settings)
    car = session.execute(
        select(Record.id)
        .where(Record.type == "vehicle", Record.owner == "IT", Record.restriction == "all")
        .order_by(Record.owner_ref)
    ).scalar()
    wanted = session.execute(
        select(Record.id)
        .where(Record.type == "person", Record.owner == "DE", Record.restriction == "all")
        .order_by(Record.owner_ref)
    ).scalar()
    if car is not None:
        targets.add(
            session,
            italy,
            carback.id,
            record_id=car,
            notice_id=None,
            note="Stolen in Milan; believed shipped through a Mediterranean port",
            settings=settings,
        )
    passport = passport_and_holder(session)
    if passport is not None:
        targets.add(
            session,
            italy,
            carback.id,
            record_id=passport[0].id,
            notice_id=None,
            note="Passport used to register exported cars",
            settings=settings,
        )
    if wanted is not None:
        targets.add(
            session,
            who("de.operator"),
            carback.id,
            record_id=wanted,
            notice_id=None,
            note="Suspected organiser of the export network",
            settings=settings,
        )

    haechi = make(
        officer,
        "HAECHI VII",
        "HAECHI",
        None,
        today + timedelta(days=30),
        150,
        ["KR", "JP", "CN", "IN", "TH", "US", "FR", "ES", "IT"],
    )
    answer(haechi, ["KR", "JP", "IN"])
    make(
        officer,
        f"SERENGETI {year + (1 if today.month > 9 else 0)}",
        "SERENGETI",
        None,
        today + timedelta(days=75),
        60,
        ["NG", "EG"],
    )
    return 4


def load_operations(session: Session, settings: Settings, seed: int) -> DemoOperations:
    """Load the demo operations (after the accounts and records)."""
    rates.ensure_default(session)
    rnd = random.Random(f"concord-demo-operations:{seed}")  # noqa: S311 - reproducible demo
    accounts = _account_ids(session)
    first = clock_now(settings).year - 5
    out = _past(session, rnd, first, accounts)
    out.operations += _current(session, settings, rnd, accounts)
    return out
