"""The report example of docs/operations-cooperation.md is accepted as written."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from tests.factories import Actors
from tests.operations.helpers import API, act, create_op, usd_cents

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations-cooperation.md"


def _example() -> dict[str, object]:
    text = DOC.read_text(encoding="utf-8").split("<!-- example: report -->", 1)[1]
    block = text.split("```json", 1)[1].split("```", 1)[0]
    return dict(json.loads(block))


def test_the_documented_report_is_accepted(client: TestClient, actors: Actors) -> None:
    body = _example()
    ng = actors.make("ncb_admin", "NG")
    op = create_op(
        client,
        ng,
        date(2024, 9, 1),
        code_name="TEST DOC",
        crime_area="environmental_crime",
        start_date="2024-09-01",
        end_date="2024-10-30",
    )
    assert act(client, ng, op["id"], "start").status_code == 200
    r = client.post(f"{API}/{op['id']}/results", headers=ng.headers, json=body)
    assert r.status_code == 201, r.text
    day = date.fromisoformat(str(body["report_date"]))
    out = r.json()
    seizures = body["seizures"]
    assert isinstance(seizures, list)
    expected = sum(usd_cents(s["value"], s["currency"], day) for s in seizures)
    assert round(out["seizures_usd"] * 100) == expected
    assert out["vehicles_recovered"] == 6
