"""Bad input is refused with a precise 4xx and nothing is written: operations, invitations,
transitions, and results (units, negative numbers, impossible quantities, unknown currencies,
duplicates, dates, record ids, countries not taking part, reports after closing)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from concord.clock import now as clock_now
from concord.settings import Settings
from tests.factories import Actor, Actors
from tests.operations.helpers import API, act, answer, create_op, report


@dataclass
class Running:
    op: dict[str, Any]
    lead: Actor
    participant: Actor
    invited: Actor
    outsider: Actor
    today: date

    @property
    def url(self) -> str:
        return f"{API}/{self.op['id']}"


@pytest.fixture
def running(client: TestClient, actors: Actors, settings: Settings) -> Iterator[Running]:
    today = clock_now(settings).date()
    lead = actors.make("ncb_admin", "IT")
    participant = actors.make("ncb_operator", "GR")
    invited = actors.make("ncb_admin", "TR")
    outsider = actors.make("ncb_admin", "JP")
    op = create_op(client, lead, today, code_name="TEST BAD", invite=["GR", "TR"])
    assert answer(client, participant, op["id"], "accepted").status_code == 200
    assert act(client, lead, op["id"], "start").status_code == 200
    yield Running(op, lead, participant, invited, outsider, today)


def _seizure(**over: Any) -> dict[str, Any]:
    return {
        "commodity": "heroin",
        "quantity": 12,
        "unit": "kg",
        "value": 500_000,
        "currency": "EUR",
        **over,
    }


def _submit(client: TestClient, r: Running, body: dict[str, Any]) -> Any:
    return client.post(f"{r.url}/results", headers=r.participant.headers, json=body)


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        ({"arrests": -1}, "arrests", "greater than or equal to 0"),
        ({"arrests": 5_000_000}, "arrests", "less than or equal"),
        ({"seizures": [_seizure(quantity=-3)]}, "seizures.0.quantity", "greater than 0"),
        ({"seizures": [_seizure(unit="litres")]}, "seizures.0.unit", "unknown unit 'litres'"),
        ({"seizures": [_seizure(unit="pieces")]}, "seizures.0.unit", "does not fit heroin"),
        (
            {"seizures": [_seizure(commodity="firearms", unit="kg")]},
            "seizures.0.unit",
            "does not fit firearms",
        ),
        (
            {"seizures": [_seizure(commodity="live_animals", unit="kg")]},
            "seizures.0.unit",
            "does not fit live_animals",
        ),
        (
            {"seizures": [_seizure(commodity="unobtainium")]},
            "seizures.0.commodity",
            "unknown commodity",
        ),
        (
            {"seizures": [_seizure(quantity=200_000, unit="t")]},
            "seizures.0.quantity",
            "beyond the plausible maximum",
        ),
        ({"seizures": [_seizure(), _seizure(value=1)]}, "seizures.1", "duplicate of seizures.0"),
        ({"seizures": [_seizure(currency="XYZ")]}, "seizures.0.currency", "'XYZ'"),
        ({"seizures": [_seizure(currency="EURO")]}, "seizures.0.currency", "pattern"),
        ({"seizures": [_seizure(value=-10)]}, "seizures.0.value", "greater than or equal to 0"),
        (
            {"seizures": [_seizure(value=1e14, currency="USD")]},
            "seizures.0.value",
            "plausible maximum",
        ),
        (
            {
                "vehicles": [
                    {"count": 2, "value": 1, "currency": "EUR"},
                    {"count": 1, "value": 1, "currency": "EUR"},
                ]
            },
            "vehicles.1",
            "duplicate",
        ),
        (
            {"vehicles": [{"count": 0, "value": 1, "currency": "EUR"}]},
            "vehicles.0.count",
            "greater than or equal to 1",
        ),
        (
            {"assets": [{"action": "stolen", "asset_type": "cash", "value": 1, "currency": "EUR"}]},
            "assets.0.action",
            "'frozen' or 'seized'",
        ),
        ({"record_ids": ["nope"]}, "record_ids.0", "no record 'nope'"),
        ({"record_ids": ["a", "a"]}, "record_ids.1", "listed twice"),
        ({"unexpected": 1}, "unexpected", "Extra inputs"),
    ],
)
def test_bad_results_are_refused_with_the_field_path(
    client: TestClient, running: Running, change: dict[str, Any], where: str, words: str
) -> None:
    day = running.today - timedelta(days=1)
    r = _submit(client, running, report(day, **change))
    assert r.status_code == 422, r.text
    problem = r.json()
    locs = [".".join(str(p) for p in e["loc"] if p != "body") for e in problem["errors"]]
    assert where in locs, problem
    assert words in r.text
    assert client.get(f"{running.url}/results", headers=running.lead.headers).json() == []


def test_no_rate_before_the_table_starts(client: TestClient, running: Running) -> None:
    """The rate table starts in January 2020: a 2019 report in euros has no rate."""
    old = create_op(
        client,
        running.lead,
        running.today,
        code_name="TEST 2019",
        start_date="2019-03-01",
        end_date="2019-09-30",
    )
    assert act(client, running.lead, old["id"], "start").status_code == 200
    body = report(
        date(2019, 6, 1),
        seizures=[_seizure()],
        vehicles=[{"count": 1, "value": 20_000, "currency": "USD"}],
    )
    r = client.post(f"{API}/{old['id']}/results", headers=running.lead.headers, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith(
        "seizures.0.currency: no US-dollar rate for currency 'EUR' on or before 2019-06-01"
    )
    assert len(r.json()["errors"]) == 1  # USD needs no rate


def test_report_dates(client: TestClient, running: Running) -> None:
    future = _submit(client, running, report(running.today + timedelta(days=3)))
    assert future.status_code == 422 and "in the future" in future.text
    early = _submit(client, running, report(running.today - timedelta(days=400)))
    assert early.status_code == 422 and "before the operation's start" in early.text


def test_countries_not_taking_part(client: TestClient, running: Running, actors: Actors) -> None:
    body = report(running.today)
    invited = client.post(f"{running.url}/results", headers=running.invited.headers, json=body)
    assert invited.status_code == 403 and "TR is invited" in invited.json()["detail"]
    outsider = client.post(f"{running.url}/results", headers=running.outsider.headers, json=body)
    assert outsider.status_code == 404
    border = actors.make("border_officer", "GR")
    assert (
        client.post(f"{running.url}/results", headers=border.headers, json=body).status_code == 403
    )
    assert _submit(client, running, body).status_code == 201
    other = client.put(f"{running.url}/results/IT", headers=running.participant.headers, json=body)
    assert other.status_code == 403 and "GR only" in other.text
    nothing = client.put(f"{running.url}/results/IT", headers=running.lead.headers, json=body)
    assert nothing.status_code == 404  # the lead has no report yet


def test_reports_after_closing_and_before_starting(
    client: TestClient, running: Running, actors: Actors
) -> None:
    body = report(running.today)
    assert _submit(client, running, body).status_code == 201
    assert act(client, running.lead, running.op["id"], "close").status_code == 200
    r = client.put(f"{running.url}/results/GR", headers=running.participant.headers, json=body)
    assert r.status_code == 409 and "locked" in r.json()["detail"]
    lead_late = client.post(f"{running.url}/results", headers=running.lead.headers, json=body)
    assert lead_late.status_code == 409
    planned = create_op(client, running.lead, running.today, code_name="TEST PLANNED")
    early = client.post(f"{API}/{planned['id']}/results", headers=running.lead.headers, json=body)
    assert early.status_code == 409 and "not started" in early.json()["detail"]


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"crime_area": "jaywalking"}, 422, "crime_area"),
        ({"end_date": "2020-01-01"}, 422, "before start_date"),
        ({"lead_country": "XX", "as": "gs_officer"}, 422, "not INTERPOL members"),
        ({"lead_country": "ES"}, 403, "leads itself"),
        ({"invite": ["ZZ"]}, 422, "not INTERPOL members"),
        ({"code_name": ""}, 422, "code_name"),
    ],
)
def test_bad_operations(
    client: TestClient,
    actors: Actors,
    settings: Settings,
    change: dict[str, Any],
    status: int,
    words: str,
) -> None:
    today = clock_now(settings).date()
    change = dict(change)  # parameters are shared by both engines' runs
    role = change.pop("as", "ncb_admin")
    it = actors.make(role, None if role.startswith("gs") else "IT")
    body = {
        "code_name": "TEST X",
        "crime_area": "drugs",
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=5)).isoformat(),
        "coordinating_unit": "Unit",
        "objectives": "Objectives",
        **change,
    }
    r = client.post(API, headers=it.headers, json=body)
    assert r.status_code == status, r.text
    assert words in r.text
    assert client.get(API, headers=it.headers).json()["total"] == 0


def test_duplicate_code_name_and_invitations(client: TestClient, running: Running) -> None:
    again = client.post(
        API,
        headers=running.lead.headers,
        json={
            "code_name": "test bad",
            "crime_area": "drugs",
            "start_date": "2026-01-01",
            "end_date": "2026-01-02",
            "coordinating_unit": "u",
            "objectives": "o",
        },
    )
    assert again.status_code == 409
    twice = client.post(
        f"{running.url}/invitations", headers=running.lead.headers, json={"countries": ["GR"]}
    )
    assert twice.status_code == 409 and "GR (accepted)" in twice.text
    by_participant = client.post(
        f"{running.url}/invitations",
        headers=running.participant.headers,
        json={"countries": ["FR"]},
    )
    assert by_participant.status_code == 403
    bad = client.post(
        f"{running.url}/transitions", headers=running.lead.headers, json={"action": "reopen"}
    )
    assert bad.status_code == 422
    frozen = client.patch(running.url, headers=running.lead.headers, json={"code_name": "NEW"})
    assert frozen.status_code == 409


def test_targets_only_of_visible_records(
    client: TestClient, running: Running, actors: Actors
) -> None:
    missing = client.post(
        f"{running.url}/targets", headers=running.participant.headers, json={"record_id": "nope"}
    )
    assert missing.status_code == 404
    both = client.post(
        f"{running.url}/targets",
        headers=running.participant.headers,
        json={"record_id": "a", "notice_id": "b"},
    )
    assert both.status_code == 400
