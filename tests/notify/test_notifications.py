"""In-app notifications: addressed to an account, role or country; per-account read state;
a live server-sent-events stream."""

import json
import threading
import time

from fastapi.testclient import TestClient

from concord.db.database import Database
from concord.notify.service import notify
from tests.factories import Actors


def test_addressing_and_read_state(client: TestClient, actors: Actors, db: Database) -> None:
    fr_op = actors.make("ncb_operator", "FR")
    fr_admin = actors.make("ncb_admin", "FR")
    de_op = actors.make("ncb_operator", "DE")
    with db.transaction() as s:
        notify(s, kind="hit", title="Hit on a French record", country="FR")
        notify(s, kind="review", title="Operators of FR only", country="FR", role="ncb_operator")
        notify(s, kind="direct", title="For one account", account_id=de_op.account_id)
    fr = client.get("/api/v1/notifications", headers=fr_op.headers).json()
    assert [n["title"] for n in fr["items"]] == ["Operators of FR only", "Hit on a French record"]
    admin_titles = [
        n["title"]
        for n in client.get("/api/v1/notifications", headers=fr_admin.headers).json()["items"]
    ]
    assert admin_titles == ["Hit on a French record"]
    de_titles = [
        n["title"]
        for n in client.get("/api/v1/notifications", headers=de_op.headers).json()["items"]
    ]
    assert de_titles == ["For one account"]

    assert client.get("/api/v1/notifications/count", headers=fr_op.headers).json() == {"unread": 2}
    first = fr["items"][0]["id"]
    r = client.post(f"/api/v1/notifications/{first}/read", headers=fr_op.headers)
    assert r.status_code == 200 and r.json()["read"] is True
    assert client.get("/api/v1/notifications/count", headers=fr_op.headers).json() == {"unread": 1}
    # Reading is per account: the admin's unread count is unaffected.
    assert client.get("/api/v1/notifications/count", headers=fr_admin.headers).json() == {
        "unread": 1
    }
    assert client.post("/api/v1/notifications/read-all", headers=fr_op.headers).json() == {
        "marked": 1
    }
    unread = client.get("/api/v1/notifications?unread=true", headers=fr_op.headers).json()
    assert unread["total"] == 0


def test_cannot_read_or_mark_someone_elses(
    client: TestClient, actors: Actors, db: Database
) -> None:
    fr_op = actors.make("ncb_operator", "FR")
    de_op = actors.make("ncb_operator", "DE")
    with db.transaction() as s:
        note = notify(s, kind="direct", title="Private", account_id=de_op.account_id)
    r = client.post(f"/api/v1/notifications/{note.id}/read", headers=fr_op.headers)
    assert r.status_code == 404


def test_send_within_own_country_only(client: TestClient, actors: Actors) -> None:
    fr_op = actors.make("ncb_operator", "FR")
    de_op = actors.make("ncb_operator", "DE")
    r = client.post(
        "/api/v1/notifications",
        headers=fr_op.headers,
        json={"title": "Team briefing at 9", "role": "ncb_operator"},
    )
    assert r.status_code == 201, r.text
    assert (
        client.post(
            "/api/v1/notifications", headers=fr_op.headers, json={"title": "x", "country": "DE"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/notifications",
            headers=fr_op.headers,
            json={"title": "x", "account_id": de_op.account_id},
        ).status_code
        == 404
    )
    border = actors.make("border_officer", "FR")
    assert (
        client.post(
            "/api/v1/notifications", headers=border.headers, json={"title": "x"}
        ).status_code
        == 403
    )


def test_live_stream_delivers_new_notifications(
    client: TestClient, actors: Actors, db: Database
) -> None:
    op = actors.make("ncb_operator", "FR")

    def later() -> None:
        time.sleep(0.5)
        with db.transaction() as s:
            notify(s, kind="hit", title="Live hit", country="FR")

    t = threading.Thread(target=later)
    events = []
    with client.stream(
        "GET", "/api/v1/notifications/stream?seconds=5&interval=0.2", headers=op.headers
    ) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith(": connected"):
                t.start()  # written only once the stream is listening
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                break
    t.join()
    assert [e["title"] for e in events] == ["Live hit"]


def test_stream_needs_a_token(client: TestClient) -> None:
    assert client.get("/api/v1/notifications/stream?seconds=1").status_code == 401
