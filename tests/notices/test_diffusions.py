"""Diffusions: recorded when sent, delivered to each chosen NCB, checked afterwards, withdrawn
with recipients told to update their records."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import Actors
from tests.notices.helpers import RED_FIELDS, person


def _titles(client: TestClient, actor: object) -> list[str]:
    r = client.get("/api/v1/notifications", headers=actor.headers)  # type: ignore[attr-defined]
    return [n["title"] for n in r.json()["items"]]


def test_diffusion_to_a_list_then_withdrawn(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    it = actors.make("ncb_operator", "IT")
    us = actors.make("ncb_operator", "US")
    reviewer = actors.make("gs_reviewer")
    subject = person(client, fr)
    r = client.post(
        "/api/v1/diffusions",
        headers=fr.headers,
        json={
            "type": "red",
            "subject_id": subject,
            "fields": RED_FIELDS,
            "to_countries": ["DE", "IT"],
        },
    )
    assert r.status_code == 201, r.text
    d = r.json()
    assert d["recipients"] == ["DE", "IT"] and d["status"] == "sent"
    assert any("Diffusion" in t for t in _titles(client, de))
    seen = client.get(f"/api/v1/diffusions/{d['id']}", headers=de.headers).json()
    assert seen["recipients"] is None and seen["findings"] is None
    assert client.get(f"/api/v1/diffusions/{d['id']}", headers=us.headers).status_code == 404
    # delivered into each chosen NCB's mailbox as an encrypted, signed message
    inbox = client.get("/api/v1/messages?folder=inbox", headers=de.headers).json()["items"]
    (msg,) = [m for m in inbox if m["subject"] == "Diffusion (red) from FR"]
    read = client.get(f"/api/v1/messages/{msg['id']}", headers=it.headers)
    assert read.status_code == 200 and read.json()["signature_valid"]
    assert d["id"] in read.json()["body"]
    assert client.get(f"/api/v1/messages/{msg['id']}", headers=us.headers).status_code == 404
    # only reviewers check it
    bad = client.post(
        f"/api/v1/diffusions/{d['id']}/review",
        headers=de.headers,
        json={"compliant": False, "reason": "x"},
    )
    assert bad.status_code == 403
    done = client.post(
        f"/api/v1/diffusions/{d['id']}/review",
        headers=reviewer.headers,
        json={"compliant": False, "reason": "Charges relate to a private debt"},
    )
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    assert any("update your records" in t for t in _titles(client, it))
    again = client.post(
        f"/api/v1/diffusions/{d['id']}/review",
        headers=reviewer.headers,
        json={"compliant": True, "reason": "x"},
    )
    assert again.status_code == 409


def test_diffusion_to_a_region_and_bad_recipients(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    body = {"type": "blue", "fields": {"circumstances": "Identify a suspect in a fraud"}}
    r = client.post("/api/v1/diffusions", headers=fr.headers, json=body | {"to_region": "Europe"})
    assert r.status_code == 201, r.text
    rec = r.json()["recipients"]
    assert "DE" in rec and "FR" not in rec and "BR" not in rec
    for extra, needle in (
        ({"to_region": "Atlantis"}, "no INTERPOL region"),
        ({"to_countries": ["DE", "QQ"]}, "QQ"),
        ({}, "one way"),
        ({"to_all": True, "to_countries": ["DE"]}, "one way"),
    ):
        bad = client.post("/api/v1/diffusions", headers=fr.headers, json=body | extra)
        assert bad.status_code == 422, bad.text
        assert needle in bad.json()["detail"]
