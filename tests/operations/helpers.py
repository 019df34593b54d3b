"""Helpers of the operations tests: creating operations through the API, report payloads,
and an independent USD conversion read straight from the shipped rate file."""

from __future__ import annotations

import csv
import math
from datetime import date, timedelta
from functools import cache
from typing import Any

from fastapi.testclient import TestClient

from concord.operations.rates import DEFAULT_FILE
from tests.factories import Actor

API = "/api/v1/operations"


def create_op(client: TestClient, actor: Actor, today: date, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code_name": "TEST TRIDENT",
        "crime_area": "drugs",
        "start_date": (today - timedelta(days=40)).isoformat(),
        "end_date": (today + timedelta(days=20)).isoformat(),
        "coordinating_unit": "Drugs and Organized Crime sub-directorate",
        "objectives": "Disrupt cocaine trafficking routes across the Atlantic.",
        **overrides,
    }
    r = client.post(API, headers=actor.headers, json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def act(client: TestClient, actor: Actor, op_id: str, action: str) -> Any:
    return client.post(f"{API}/{op_id}/transitions", headers=actor.headers, json={"action": action})


def answer(client: TestClient, actor: Actor, op_id: str, value: str) -> Any:
    return client.post(f"{API}/{op_id}/invitation", headers=actor.headers, json={"answer": value})


def report(day: date, **fields: Any) -> dict[str, Any]:
    return {"report_date": day.isoformat(), **fields}


@cache
def _table() -> dict[str, list[tuple[date, float]]]:
    out: dict[str, list[tuple[date, float]]] = {}
    lines = [ln for ln in DEFAULT_FILE.read_text().splitlines() if not ln.startswith("#")]
    for row in csv.DictReader(lines):
        out.setdefault(row["currency"], []).append(
            (date.fromisoformat(row["date"]), float(row["per_usd"]))
        )
    return out


def usd_cents(value: float, currency: str, day: date) -> int:
    """``value`` in US cents at the latest rate of the file dated ``day`` or earlier."""
    if currency == "USD":
        return math.floor(value * 100 + 0.5)
    rate = max((d, r) for d, r in _table()[currency] if d <= day)[1]
    return math.floor(value / rate * 100 + 0.5)
