"""The US-dollar rate table: loading it from a file (no network at run time) and converting
reported values at the rate of the report date.

The file is CSV with a header ``currency,date,per_usd`` (lines starting with ``#`` are
comments): how many units of ``currency`` one US dollar bought on ``date``. A value reported
on day D is converted at the latest rate dated D or earlier.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import PermissionDeniedError, ValidationFailedError
from concord.operations.models import UsdRate

#: The rate table shipped with Concord (approximate monthly rates, 2020-2026).
DEFAULT_FILE = Path(__file__).parent / "data" / "usd_rates.csv"
USD = "USD"
#: A rate outside these bounds is a typing error (the weakest currencies are ~100,000/USD).
MIN_RATE, MAX_RATE = 1e-4, 1e6


@dataclass(frozen=True)
class Rate:
    currency: str
    on_date: date
    per_usd: float

    def to_usd_cents(self, value: float) -> int:
        """``value`` in this currency, in whole US cents (rounded half up)."""
        return math.floor(value / self.per_usd * 100 + 0.5)


def parse(text: str, *, source: str) -> list[dict[str, Any]]:
    """The rows of a rate file, validated; 422 naming the first bad line."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if reader.fieldnames is None or set(reader.fieldnames) != {"currency", "date", "per_usd"}:
        raise ValidationFailedError(f"{source}: the header must be 'currency,date,per_usd'")
    rows: dict[tuple[str, date], dict[str, Any]] = {}
    for n, row in enumerate(reader, start=2):
        where = f"{source}: row {n}"
        cur = (row["currency"] or "").strip().upper()
        if len(cur) != 3 or not cur.isalpha():
            raise ValidationFailedError(f"{where}: currency '{cur}' is not an ISO 4217 code")
        try:
            day = date.fromisoformat((row["date"] or "").strip())
        except ValueError:
            raise ValidationFailedError(
                f"{where}: date '{row['date']}' is not YYYY-MM-DD"
            ) from None
        try:
            per_usd = float((row["per_usd"] or "").strip())
        except ValueError:
            raise ValidationFailedError(
                f"{where}: per_usd '{row['per_usd']}' is not a number"
            ) from None
        if not (MIN_RATE <= per_usd <= MAX_RATE):
            raise ValidationFailedError(
                f"{where}: per_usd {per_usd:g} is outside {MIN_RATE:g}..{MAX_RATE:g}"
            )
        if (cur, day) in rows:
            raise ValidationFailedError(f"{where}: {cur} on {day} appears twice")
        rows[(cur, day)] = {"currency": cur, "on_date": day, "per_usd": per_usd, "source": source}
    if not rows:
        raise ValidationFailedError(f"{source}: no rates")
    return list(rows.values())


def store(session: Session, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Insert new rates and replace changed ones; returns (inserted, updated)."""
    existing = {
        (c, d): r
        for c, d, r in session.execute(select(UsdRate.currency, UsdRate.on_date, UsdRate.per_usd))
    }
    new = [r for r in rows if (r["currency"], r["on_date"]) not in existing]
    changed = [
        r
        for r in rows
        if (r["currency"], r["on_date"]) in existing
        and existing[(r["currency"], r["on_date"])] != r["per_usd"]
    ]
    if new:
        session.execute(insert(UsdRate), new)
    if changed:
        session.execute(
            update(UsdRate).execution_options(synchronize_session=False),
            changed,
        )
    return len(new), len(changed)


def load_file(
    session: Session, principal: Principal, path: Path, *, text: str | None = None
) -> dict[str, Any]:
    """Load a rate file (``concord operations rates load FILE``): Secretariat only."""
    if not principal.has(Permission.OPERATIONS_RATES):
        raise PermissionDeniedError("Your role may not load exchange rates")
    body = text if text is not None else path.read_text(encoding="utf-8")
    rows = parse(body, source=path.name)
    inserted, updated = store(session, rows)
    currencies = sorted({r["currency"] for r in rows})
    audit.record(
        session,
        actor=principal,
        action="operations.rates.load",
        object_type="usd_rates",
        payload={"file": path.name, "inserted": inserted, "updated": updated, "rows": len(rows)},
    )
    return {
        "file": path.name,
        "rows": len(rows),
        "inserted": inserted,
        "updated": updated,
        "currencies": currencies,
    }


def ensure_default(session: Session) -> int:
    """Load the shipped table if the rate table is empty (bootstrap, demo); rows loaded."""
    if session.execute(select(func.count()).select_from(UsdRate)).scalar_one():
        return 0
    rows = parse(DEFAULT_FILE.read_text(encoding="utf-8"), source=DEFAULT_FILE.name)
    inserted, _ = store(session, rows)
    return inserted


def rate_on(session: Session, currency: str, day: date) -> Rate | None:
    """The latest rate of ``currency`` dated ``day`` or earlier (USD is always 1)."""
    if currency == USD:
        return Rate(USD, day, 1.0)
    row = session.execute(
        select(UsdRate.on_date, UsdRate.per_usd)
        .where(UsdRate.currency == currency, UsdRate.on_date <= day)
        .order_by(UsdRate.on_date.desc())
        .limit(1)
    ).first()
    return None if row is None else Rate(currency, row[0], float(row[1]))


def rates_on(session: Session, currencies: set[str], day: date) -> dict[str, Rate]:
    """:func:`rate_on` for several currencies; those without a rate are left out."""
    out: dict[str, Rate] = {}
    for cur in sorted(currencies):
        rate = rate_on(session, cur, day)
        if rate is not None:
            out[cur] = rate
    return out


def known_currencies(session: Session) -> list[str]:
    return sorted({USD, *session.execute(select(UsdRate.currency).distinct()).scalars()})
