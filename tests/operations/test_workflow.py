"""An operation run end to end by several countries through the API: creation, invitations
and answers, start, targets, a screening hit on a target flagged to the coordinator, results
in several currencies, an amendment with its history, totals checked against the reports,
closing, and reports refused once closed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from concord.clock import now as clock_now
from concord.settings import Settings
from tests.factories import Actors
from tests.operations.helpers import API, act, answer, create_op, report, usd_cents
from tests.records.test_records_api import create as create_record

SUSPECT: dict[str, Any] = {
    "names": [{"given": "Dmitri", "family": "Volkanov", "kind": "primary"}],
    "birth_date": "1975-02-11",
    "sex": "M",
    "nationalities": ["RU"],
}


def _expected(reports: list[dict[str, Any]]) -> dict[str, int]:
    """Totals computed from the submitted payloads and the rate file, not from the API."""
    out = dict.fromkeys(
        ["arrests", "victims_rescued", "vehicles_recovered", "seizures", "vehicles", "assets"], 0
    )
    for body in reports:
        day = date.fromisoformat(body["report_date"])
        out["arrests"] += body.get("arrests", 0)
        out["victims_rescued"] += body.get("victims_rescued", 0)
        for key, field in (
            ("seizures", "seizures"),
            ("vehicles", "vehicles"),
            ("assets", "assets"),
        ):
            for line in body.get(field, []):
                out[key] += usd_cents(line["value"], line["currency"], day)
        out["vehicles_recovered"] += sum(v["count"] for v in body.get("vehicles", []))
    return out


def test_operation_end_to_end(client: TestClient, actors: Actors, settings: Settings) -> None:
    today = clock_now(settings).date()
    fr = actors.make("ncb_admin", "FR")
    de = actors.make("ncb_operator", "DE")
    ng = actors.make("ncb_admin", "NG")
    br = actors.make("ncb_admin", "BR")
    th = actors.make("ncb_admin", "TH")
    es = actors.make("ncb_admin", "ES")
    gs = actors.make("gs_officer")

    op = create_op(client, fr, today, invite=["DE", "NG", "BR", "TH"])
    oid = op["id"]
    assert op["status"] == "planned" and op["lead_country"] == "FR"
    assert op["my_role"] == "coordinator" and op["case_id"]
    assert {p["country"]: p["status"] for p in op["participants"]} == {
        "FR": "accepted",
        "DE": "invited",
        "NG": "invited",
        "BR": "invited",
        "TH": "invited",
    }

    # the invited see the invitation, not the participants; others see nothing
    seen = client.get(f"{API}/{oid}", headers=th.headers).json()
    assert seen["view"] == "invitation" and seen["participants"] is None
    assert client.get(f"{API}/{oid}", headers=es.headers).status_code == 404
    assert client.get(API, headers=es.headers).json()["total"] == 0
    assert client.get(f"{API}/{oid}/targets", headers=th.headers).status_code == 404

    for actor, value in ((de, "accepted"), (ng, "accepted"), (br, "declined")):
        r = answer(client, actor, oid, value)
        assert r.status_code == 200, r.text
        assert r.json()["status"] == value
    assert answer(client, br, oid, "accepted").status_code == 409  # answered once

    # accepted countries joined the operation's case in messaging
    case = client.get(f"/api/v1/cases/{op['case_id']}", headers=de.headers)
    assert case.status_code == 200, case.text
    assert {"FR", "DE", "NG"} <= set(case.json()["participants"])
    assert "BR" not in case.json()["participants"]

    assert act(client, de, oid, "start").status_code == 403  # a participant, not a coordinator
    started = act(client, fr, oid, "start")
    assert started.status_code == 200 and started.json()["status"] == "active"
    assert act(client, fr, oid, "start").status_code == 409

    # targets: DE links its own person record
    person = create_record(client, de, "person", SUSPECT)
    t = client.post(f"{API}/{oid}/targets", headers=de.headers, json={"record_id": person["id"]})
    assert t.status_code == 201, t.text
    assert t.json()["kind"] == "person"
    dup = client.post(f"{API}/{oid}/targets", headers=fr.headers, json={"record_id": person["id"]})
    assert dup.status_code == 409

    # a border post in Spain screens the suspect: an operation hit for the coordinator
    border = actors.make("border_officer", "ES")
    screened = client.post(
        "/api/v1/screen",
        headers=border.headers,
        json={"person": {"names": ["Dmitri Volkanov"], "birth_date": "1975-02-11"}},
    )
    assert screened.status_code == 200, screened.text
    hit_ids = [h["id"] for h in screened.json()["hits"] if h["record_id"] == person["id"]]
    assert hit_ids
    flagged = client.get(f"{API}/{oid}/hits", headers=fr.headers).json()
    assert [h["hit_id"] for h in flagged["items"]] == hit_ids
    assert flagged["items"][0]["screener_country"] == "ES"
    notes = client.get("/api/v1/notifications", headers=fr.headers).json()["items"]
    assert any(n["kind"] == "operation.hit" and "Volkanov" in n["title"] for n in notes)
    assert client.get(f"{API}/{oid}/hits", headers=de.headers).status_code == 403

    # results in several currencies
    day = today - timedelta(days=2)
    bodies = {
        "FR": report(
            day,
            arrests=14,
            persons_identified=20,
            seizures=[
                {
                    "commodity": "cocaine",
                    "quantity": 1.2,
                    "unit": "t",
                    "value": 42_000_000,
                    "currency": "EUR",
                    "record_ids": [person["id"]],
                },
                {
                    "commodity": "cannabis",
                    "quantity": 350,
                    "unit": "kg",
                    "value": 1_750_000,
                    "currency": "EUR",
                },
            ],
            vehicles=[{"category": "car", "count": 3, "value": 95_000, "currency": "EUR"}],
        ),
        "DE": report(
            day,
            arrests=5,
            assets=[
                {
                    "action": "frozen",
                    "asset_type": "bank_account",
                    "value": 2_500_000,
                    "currency": "EUR",
                }
            ],
        ),
        "NG": report(
            day,
            arrests=31,
            victims_rescued=12,
            seizures=[
                {
                    "commodity": "methamphetamine",
                    "quantity": 48.5,
                    "unit": "kg",
                    "value": 1_250_000_000,
                    "currency": "NGN",
                }
            ],
            vehicles=[{"category": "truck", "count": 2, "value": 80_000_000, "currency": "NGN"}],
        ),
    }
    actor_of = {"FR": fr, "DE": de, "NG": ng}
    for cc, body in bodies.items():
        r = client.post(f"{API}/{oid}/results", headers=actor_of[cc].headers, json=body)
        assert r.status_code == 201, r.text
        assert r.json()["country"] == cc and r.json()["version"] == 1
    ipsg = report(
        day,
        persons_identified=3,
        seizures=[
            {
                "commodity": "cocaine",
                "quantity": 80,
                "unit": "kg",
                "value": 2_400_000,
                "currency": "USD",
            }
        ],
    )
    r = client.post(f"{API}/{oid}/results", headers=gs.headers, json=ipsg)
    assert r.status_code == 201 and r.json()["country"] == "IPSG"
    again = client.post(f"{API}/{oid}/results", headers=de.headers, json=bodies["DE"])
    assert again.status_code == 409

    # DE amends: version 2 counts, version 1 is kept
    amended = report(
        day,
        arrests=7,
        assets=[
            {
                "action": "frozen",
                "asset_type": "bank_account",
                "value": 2_500_000,
                "currency": "EUR",
            },
            {"action": "seized", "asset_type": "real_estate", "value": 900_000, "currency": "EUR"},
        ],
    )
    stale = client.put(
        f"{API}/{oid}/results/DE", headers={**de.headers, "If-Match": '"v3"'}, json=amended
    )
    assert stale.status_code == 412
    r = client.put(
        f"{API}/{oid}/results/DE", headers={**de.headers, "If-Match": '"v1"'}, json=amended
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2 and r.headers["etag"] == '"v2"'
    history = client.get(f"{API}/{oid}/results/DE/history", headers=fr.headers).json()
    assert [(v["version"], v["current"], v["arrests"]) for v in history] == [
        (1, False, 5),
        (2, True, 7),
    ]
    bodies["DE"] = amended
    bodies["IPSG"] = ipsg

    expected = _expected(list(bodies.values()))
    totals = client.get(f"{API}/{oid}/totals", headers=ng.headers)
    assert totals.status_code == 200, totals.text
    got = totals.json()
    assert got["reports"] == 4 and got["countries"] == ["DE", "FR", "IPSG", "NG"]
    assert got["arrests"] == expected["arrests"] == 14 + 7 + 31
    assert got["victims_rescued"] == expected["victims_rescued"]
    assert got["vehicles_recovered"] == expected["vehicles_recovered"] == 5
    assert round(got["seizures_usd"] * 100) == expected["seizures"]
    assert round(got["vehicles_usd"] * 100) == expected["vehicles"]
    assert round(got["assets_usd"] * 100) == expected["assets"]
    assert round(got["total_usd"] * 100) == (
        expected["seizures"] + expected["vehicles"] + expected["assets"]
    )
    cocaine = got["seizures_by_commodity"]["cocaine"]
    assert cocaine["t"] == 1.2 and cocaine["kg"] == 80

    # closing locks the reports
    assert act(client, de, oid, "close").status_code == 403
    closed = act(client, fr, oid, "close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    late = client.put(f"{API}/{oid}/results/DE", headers=de.headers, json=amended)
    assert late.status_code == 409 and "locked" in late.json()["detail"]
    assert act(client, fr, oid, "start").status_code == 409
    assert client.get(f"{API}/{oid}/totals", headers=de.headers).json()["arrests"] == 52
