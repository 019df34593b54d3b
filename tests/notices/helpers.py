"""Building notices over HTTP for the tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import Actor
from tests.records.test_records_api import create as create_record

PERSON: dict[str, Any] = {
    "names": [
        {"given": "Viktor", "family": "Marchenko", "kind": "primary"},
        {"full": "Виктор Марченко", "kind": "primary", "lang": "ru"},
    ],
    "birth_date": "1979-06-02",
    "sex": "M",
    "nationalities": ["UA"],
    "identifiers": [{"scheme": "passport", "value": "FE123456", "country": "UA"}],
}

RED_FIELDS: dict[str, Any] = {
    "charges": [
        {
            "charge": "Murder of two people during an armed robbery of a jewellery shop in Lyon",
            "penalty_years": 30,
            "offence_date": "2023-02-11",
            "law": "Code pénal art. 221-1",
        }
    ],
    "circumstances": "On 11 February 2023 the subject and an accomplice robbed a jeweller "
    "at gunpoint and shot the owner and a customer.",
    "warrant": {"reference": "MA-2023-0456", "issued_by": "Tribunal judiciaire de Lyon"},
}


def person(client: TestClient, actor: Actor, **changes: Any) -> str:
    return str(create_record(client, actor, "person", PERSON | changes)["id"])


def request(
    client: TestClient, actor: Actor, body: dict[str, Any], code: int = 201
) -> dict[str, Any]:
    r = client.post("/api/v1/notices", headers=actor.headers, json=body)
    assert r.status_code == code, r.text
    return dict(r.json())


def act(
    client: TestClient,
    actor: Actor,
    notice_id: str,
    action: str,
    code: int = 200,
    **extra: Any,
) -> dict[str, Any]:
    r = client.post(
        f"/api/v1/notices/{notice_id}/transitions",
        headers=actor.headers,
        json={"action": action, **extra},
    )
    assert r.status_code == code, r.text
    return dict(r.json())


def published_red(
    client: TestClient,
    requester: Actor,
    reviewer: Actor,
    *,
    public: bool = True,
    **person_data: Any,
) -> dict[str, Any]:
    subject = person(client, requester, **person_data)
    notice = request(
        client,
        requester,
        {"type": "red", "subject_id": subject, "public": public, "fields": RED_FIELDS},
    )
    act(client, requester, notice["id"], "submit")
    act(client, reviewer, notice["id"], "start_review")
    return act(client, reviewer, notice["id"], "approve")
