"""A screening hit on a person (or a document of a person) under a notice tells the officer
what to do and alerts the requesting NCB at once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import Actors
from tests.notices.helpers import act, published_red
from tests.records import samples
from tests.records.test_records_api import create as create_record


def test_hit_carries_the_notice_and_alerts_the_requester(
    client: TestClient, actors: Actors
) -> None:
    fr = actors.make("ncb_operator", "FR")
    reviewer = actors.make("gs_reviewer")
    border = actors.make("border_officer", "DE")
    notice = published_red(client, fr, reviewer)
    r = client.post(
        "/api/v1/screen",
        headers=border.headers,
        json={"person": {"names": ["Viktor Marchenko"], "birth_date": "1979-06-02"}},
    )
    assert r.status_code == 200, r.text
    hits = [h for h in r.json()["hits"] if h["record_id"] == notice["subject_id"]]
    assert hits, r.json()
    (on,) = hits[0]["notices"]
    assert on["id"] == notice["id"] and on["type"] == "red"
    assert on["entity_id"] == notice["entity_id"]
    assert "provisionally arrest" in on["action"]
    alerts = client.get("/api/v1/notifications", headers=fr.headers).json()["items"]
    assert any(a["title"].startswith("Hit on your RED notice") for a in alerts)


def test_document_of_a_wanted_person_carries_the_notice(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    reviewer = actors.make("gs_reviewer")
    border = actors.make("border_officer", "ES")
    notice = published_red(client, fr, reviewer)
    doc = create_record(
        client, fr, "document", samples.DOCUMENT | {"number": "19FR77123", "check_digit": None}
    )
    link = client.post(
        f"/api/v1/records/{doc['id']}/links",
        headers=fr.headers,
        json={"to_id": notice["subject_id"], "kind": "holder"},
    )
    assert link.status_code == 201, link.text
    r = client.post(
        "/api/v1/screen",
        headers=border.headers,
        json={"document": {"number": "19FR77123", "country": "FR"}},
    )
    (hit,) = [h for h in r.json()["hits"] if h["record_id"] == doc["id"]]
    (on,) = hit["notices"]
    assert on["id"] == notice["id"] and on["via_record"] == notice["subject_id"]


def test_suspended_notice_no_longer_on_hits(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    reviewer = actors.make("gs_reviewer")
    border = actors.make("border_officer", "DE")
    notice = published_red(client, fr, reviewer)
    act(client, reviewer, notice["id"], "suspend", reason="Under verification")
    r = client.post(
        "/api/v1/screen",
        headers=border.headers,
        json={"person": {"names": ["Viktor Marchenko"], "birth_date": "1979-06-02"}},
    )
    hits = [h for h in r.json()["hits"] if h["record_id"] == notice["subject_id"]]
    assert hits and hits[0]["notices"] == []
