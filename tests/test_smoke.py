from fastapi.testclient import TestClient

from tests.factories import Actors


def test_health(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_ready(client: TestClient, dialect: str) -> None:
    r = client.get("/ready")
    assert r.status_code == 200, r.text
    assert r.json()["database"] == dialect


def test_members_list_196(client: TestClient, actors: Actors) -> None:
    a = actors.make("ncb_operator", "FR")
    r = client.get("/api/v1/members", headers=a.headers)
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 196
