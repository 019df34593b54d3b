"""Push to national systems: webhooks, the signed outbox with backoff and dead letters, and the
live stream of arrivals. The national systems are ``httpx.MockTransport``s: no network."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import re
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from concord.db.base import utcnow
from concord.db.database import Database
from concord.errors import ValidationFailedError
from concord.messaging import outbox, service, webhooks
from concord.messaging.keys import KeyStore
from concord.messaging.models import OutboxItem, Webhook
from concord.settings import Settings
from tests.conftest import make_settings
from tests.factories import Actor, Actors

BODY = "Please confirm the identity of the holder of passport 15AB12345, seen in Lyon."
SUBJECT = "Identity check Novak"
HOOK_URL = "https://ncb.fr.example/concord/push"
DOC = Path(__file__).resolve().parents[2] / "docs" / "messaging-webhooks.md"


def register(client: TestClient, admin: Actor, url: str = HOOK_URL) -> dict[str, Any]:
    r = client.post("/api/v1/mailboxes/mine/webhooks", headers=admin.headers, json={"url": url})
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def send_to(client: TestClient, sender: Actor, to: str) -> dict[str, Any]:
    r = client.post(
        "/api/v1/messages",
        headers=sender.headers,
        json={"to": [to], "subject": SUBJECT, "body": BODY, "priority": "urgent"},
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def items_of(db: Database, webhook_id: str) -> list[OutboxItem]:
    with db.session() as s:
        stmt = select(OutboxItem).where(OutboxItem.webhook_id == webhook_id)
        return list(s.execute(stmt.order_by(OutboxItem.id)).scalars())


def answering(status: int, seen: list[httpx.Request]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status)

    return httpx.Client(transport=httpx.MockTransport(handler))


def documented_verify() -> Callable[..., bool]:
    """The verification example of docs/messaging-webhooks.md, as a national system runs it."""
    text = DOC.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)
    assert code is not None
    scope: dict[str, Any] = {}
    exec(compile(code.group(1), str(DOC), "exec"), scope)  # noqa: S102 (our own docs)
    verify: Callable[..., bool] = scope["verify"]
    return verify


def test_secret_is_returned_once_and_stored_wrapped(
    client: TestClient, actors: Actors, db: Database, app: FastAPI
) -> None:
    admin = actors.make("ncb_admin", "FR")
    created = register(client, admin)
    secret = bytes.fromhex(created["secret"])
    assert len(secret) == 32 and created["url"] == HOOK_URL and created["active"] is True
    listed = client.get("/api/v1/mailboxes/mine/webhooks", headers=admin.headers).json()
    assert [h["id"] for h in listed] == [created["id"]]
    assert "secret" not in listed[0]
    with db.session() as s:
        hook = s.get(Webhook, created["id"])
        assert hook is not None
        assert secret not in hook.secret and created["secret"].encode() not in hook.secret
        store: KeyStore = app.state.keystore
        assert webhooks.secret_of(s, store, hook) == secret


def test_new_message_is_pushed_signed_and_without_content(
    client: TestClient, actors: Actors, db: Database, app: FastAPI, settings: Settings
) -> None:
    admin = actors.make("ncb_admin", "FR")
    hook = register(client, admin)
    sent = send_to(client, actors.make("ncb_operator", "DE"), "FR")
    [item] = items_of(db, hook["id"])
    assert item.status == "pending" and item.message_id == sent["id"]
    seen: list[httpx.Request] = []
    report = outbox.deliver_due(
        db, app.state.keystore, settings, utcnow(), client=answering(204, seen)
    )
    assert (report.claimed, report.delivered) == (1, 1)
    [request] = seen
    assert str(request.url) == HOOK_URL and request.method == "POST"
    body = request.content
    timestamp = request.headers["X-Concord-Timestamp"]
    expected = hmac.new(
        bytes.fromhex(hook["secret"]), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(request.headers["X-Concord-Signature"], f"sha256={expected}")
    verify = documented_verify()
    headers, at = dict(request.headers), float(timestamp)
    assert verify(hook["secret"], headers, body, now=at)
    assert not verify(hook["secret"], headers, body.replace(b"urgent", b"routine"), now=at)
    assert not verify(hook["secret"], headers, body, now=at + 3600)  # a replay, later
    assert request.headers["X-Concord-Delivery"] == str(item.id)
    notice = json.loads(body)
    assert notice["message_id"] == sent["id"] and notice["sender"] == "DE"
    assert notice["mailbox"] == "FR" and notice["priority"] == "urgent"
    assert notice["url"] == f"/api/v1/messages/{sent['id']}"
    assert notice["case_reference"].startswith("DE-") and notice["reply_by"]
    assert BODY.encode() not in body and b"15AB12345" not in body and SUBJECT.encode() not in body
    [done] = items_of(db, hook["id"])
    assert done.status == "done" and done.attempts == 1 and done.done_at is not None
    # nothing left to do
    again = outbox.deliver_due(
        db, app.state.keystore, settings, utcnow(), client=answering(204, seen)
    )
    assert again.claimed == 0 and len(seen) == 1


def test_failing_endpoint_backs_off_then_dies_and_can_be_retried(
    client: TestClient, actors: Actors, db: Database, app: FastAPI, settings: Settings
) -> None:
    admin = actors.make("ncb_admin", "FR")
    hook = register(client, admin)
    send_to(client, actors.make("ncb_operator", "DE"), "FR")
    three = make_settings(settings.database_url, messaging_webhook_max_attempts=3)
    store, rng = app.state.keystore, random.Random(7)
    seen: list[httpx.Request] = []
    now, waits = utcnow(), []
    for _ in range(3):
        outbox.deliver_due(db, store, three, now, client=answering(503, seen), rng=rng)
        [item] = items_of(db, hook["id"])
        if item.status == "pending":
            waits.append(item.next_at - now)
            # not due before its time
            early = outbox.deliver_due(db, store, three, item.next_at - timedelta(seconds=1))
            assert early.claimed == 0
            now = item.next_at
    assert len(seen) == 3
    assert timedelta(seconds=15) <= waits[0] < waits[1] <= timedelta(seconds=60)
    assert item.status == "dead" and item.attempts == 3 and item.last_error == "HTTP 503"

    dead = client.get("/api/v1/mailboxes/mine/outbox?status=dead", headers=admin.headers).json()
    assert [(i["id"], i["attempts"], i["last_error"]) for i in dead["items"]] == [
        (item.id, 3, "HTTP 503")
    ]
    assert "body" not in json.dumps(dead["items"][0]["payload"])
    r = client.post(f"/api/v1/mailboxes/mine/outbox/{item.id}/retry", headers=admin.headers)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["attempts"]) == ("pending", 0)
    again = client.post(f"/api/v1/mailboxes/mine/outbox/{item.id}/retry", headers=admin.headers)
    assert again.status_code == 409  # only dead pushes
    outbox.deliver_due(db, store, three, utcnow(), client=answering(200, seen))
    assert items_of(db, hook["id"])[0].status == "done"
    auditor = actors.make("auditor")
    for action in ("webhook.create", "webhook.retry"):
        r = client.get(f"/api/v1/audit/events?action={action}", headers=auditor.headers)
        assert r.status_code == 200 and r.json()["total"] >= 1, r.text


def test_other_countries_and_non_admins_cannot_touch_your_webhooks(
    client: TestClient, actors: Actors, db: Database
) -> None:
    fr = actors.make("ncb_admin", "FR")
    de = actors.make("ncb_admin", "DE")
    hook = register(client, fr)
    send_to(client, actors.make("ncb_operator", "IT"), "FR")
    [item] = items_of(db, hook["id"])
    assert client.get("/api/v1/mailboxes/mine/webhooks", headers=de.headers).json() == []
    theirs = client.get("/api/v1/mailboxes/mine/outbox", headers=de.headers).json()
    assert theirs["total"] == 0
    gone = client.delete(f"/api/v1/mailboxes/mine/webhooks/{hook['id']}", headers=de.headers)
    assert gone.status_code == 404
    r = client.post(f"/api/v1/mailboxes/mine/outbox/{item.id}/retry", headers=de.headers)
    assert r.status_code == 404
    operator = actors.make("ncb_operator", "FR")
    for method, path in [
        ("GET", "/api/v1/mailboxes/mine/webhooks"),
        ("GET", "/api/v1/mailboxes/mine/outbox"),
        ("DELETE", f"/api/v1/mailboxes/mine/webhooks/{hook['id']}"),
    ]:
        assert client.request(method, path, headers=operator.headers).status_code == 403
    assert items_of(db, hook["id"])[0].status == "pending"


def test_the_secretariat_admin_runs_the_ipsg_mailbox_webhooks_without_reading_its_mail(
    client: TestClient, actors: Actors, db: Database, app: FastAPI, settings: Settings
) -> None:
    """gs_admin holds ``messages:admin`` but not ``messages:read``: it registers and watches the
    Secretariat's push endpoints and rotates its keys, yet reads no message."""
    gs_admin = actors.make("gs_admin")
    hook = register(client, gs_admin, "https://ipsg.example/concord/push")
    sent = send_to(client, actors.make("ncb_operator", "DE"), "IPSG")
    [item] = items_of(db, hook["id"])
    assert item.message_id == sent["id"]
    outbox_page = client.get("/api/v1/mailboxes/mine/outbox", headers=gs_admin.headers).json()
    assert [i["message_id"] for i in outbox_page["items"]] == [sent["id"]]
    seen: list[httpx.Request] = []
    report = outbox.deliver_due(
        db, app.state.keystore, settings, utcnow(), client=answering(204, seen)
    )
    assert report.delivered == 1 and json.loads(seen[0].content)["mailbox"] == "IPSG"
    rotated = client.post("/api/v1/mailboxes/mine/rotate-keys", headers=gs_admin.headers)
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["address"] == "IPSG" and rotated.json()["key_version"] == 2
    read = client.get(f"/api/v1/messages/{sent['id']}", headers=gs_admin.headers)
    assert read.status_code == 403
    assert client.get("/api/v1/messages", headers=gs_admin.headers).status_code == 403


def test_deactivated_webhook_gets_nothing_more(
    client: TestClient, actors: Actors, db: Database
) -> None:
    fr = actors.make("ncb_admin", "FR")
    hook = register(client, fr)
    de = actors.make("ncb_operator", "DE")
    send_to(client, de, "FR")
    r = client.delete(f"/api/v1/mailboxes/mine/webhooks/{hook['id']}", headers=fr.headers)
    assert r.status_code == 200 and r.json()["active"] is False
    [item] = items_of(db, hook["id"])
    assert (item.status, item.last_error) == ("dead", "webhook deactivated")
    send_to(client, de, "FR")
    assert len(items_of(db, hook["id"])) == 1
    retry = client.post(f"/api/v1/mailboxes/mine/outbox/{item.id}/retry", headers=fr.headers)
    assert retry.status_code == 409


@pytest.mark.parametrize(
    ("url", "environment", "ok"),
    [
        ("https://ncb.fr.example/hook", "production", True),
        ("https://ncb.fr.example:8443/hook?x=1", "test", True),
        ("http://127.0.0.1:8080/hook", "test", True),
        ("http://localhost/hook", "development", True),
        ("http://127.0.0.1:8080/hook", "production", False),
        ("https://127.0.0.1/hook", "production", False),
        ("http://ncb.fr.example/hook", "test", False),
        ("http://ncb.fr.example/hook", "development", False),
        ("ftp://ncb.fr.example/hook", "test", False),
        ("https://user:pw@ncb.fr.example/hook", "test", False),
        ("https://169.254.169.254/latest", "test", False),
        ("https:///nohost", "test", False),
        ("https://ncb.fr.example:99999/", "test", False),
    ],
)
def test_url_rules(url: str, environment: str, ok: bool, settings: Settings) -> None:
    chosen = make_settings(settings.database_url, environment=environment)
    if ok:
        assert webhooks.check_url(url, chosen) == url
    else:
        with pytest.raises(ValidationFailedError):
            webhooks.check_url(url, chosen)


def test_plain_http_is_refused_over_the_api(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_admin", "FR")
    r = client.post(
        "/api/v1/mailboxes/mine/webhooks",
        headers=fr.headers,
        json={"url": "http://ncb.fr.example/push"},
    )
    assert r.status_code == 422 and "https" in r.json()["detail"]
    assert client.get("/api/v1/mailboxes/mine/webhooks", headers=fr.headers).json() == []


def test_queued_in_the_sending_transaction(
    client: TestClient, actors: Actors, db: Database, app: FastAPI
) -> None:
    hook = register(client, actors.make("ncb_admin", "FR"))
    de = actors.make("ncb_operator", "DE")
    out = service.Outgoing(subject=SUBJECT, body=BODY, to=["FR"])
    with pytest.raises(RuntimeError), db.transaction() as s:
        service.send(s, de.principal, app.state.keystore, out, utcnow())
        assert len(list(s.execute(select(OutboxItem.id)).scalars())) >= 1
        raise RuntimeError("the send fails after queueing")
    assert items_of(db, hook["id"]) == []


def test_live_stream_of_arrivals(
    client: TestClient, actors: Actors, db: Database, app: FastAPI
) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    client.get("/api/v1/mailboxes/mine", headers=fr.headers)  # FR's mailbox exists
    sent: list[str] = []

    def later() -> None:
        time.sleep(0.3)
        with db.transaction() as s:
            out = service.Outgoing(subject=SUBJECT, body=BODY, to=["FR"])
            sent.append(service.send(s, de.principal, app.state.keystore, out, utcnow()).id)

    t = threading.Thread(target=later)
    events = []
    with client.stream(
        "GET", "/api/v1/messages/stream?seconds=5&interval=0.2", headers=fr.headers
    ) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith(": connected"):
                t.start()
            if line.startswith("data: "):
                assert BODY not in line and SUBJECT not in line
                events.append(json.loads(line[6:]))
                break
    t.join()
    assert [(e["message_id"], e["sender"]) for e in events] == [(sent[0], "DE")]
    assert client.get("/api/v1/messages/stream?seconds=1").status_code == 401


def test_background_worker_delivers_and_stops(
    client: TestClient, actors: Actors, db: Database, app: FastAPI, settings: Settings
) -> None:
    hook = register(client, actors.make("ncb_admin", "FR"))
    send_to(client, actors.make("ncb_operator", "DE"), "FR")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    fast = make_settings(settings.database_url, messaging_webhook_interval_seconds=0.05)
    worker = outbox.OutboxWorker(
        db, app.state.keystore, fast, transport=httpx.MockTransport(handler)
    )
    worker.start()
    deadline = time.monotonic() + 10
    while worker.runs < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    assert worker.runs >= 2 and len(seen) == 1
    assert items_of(db, hook["id"])[0].status == "done"


def test_the_server_runs_the_worker_unless_told_not_to(db: Database, settings: Settings) -> None:
    from concord.app import create_app

    assert create_app(settings, db=db).state.outbox.interval == 0  # tests: off
    slow = make_settings(settings.database_url, messaging_webhook_interval_seconds=3600)
    app = create_app(slow, db=db)
    with TestClient(app):
        assert app.state.outbox._thread is not None
    assert app.state.outbox._thread is None
