"""Attachments over HTTP: streamed upload, encryption at rest, sending, streamed download,
type checks, size limit, tampering, memory that stays flat."""

from __future__ import annotations

import hashlib
import json
import os
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.types import Message, Scope

from concord.app import create_app
from concord.audit.models import AuditEvent
from concord.db.database import Database
from concord.messaging import attachments
from concord.messaging.attachments import CHUNK, HEADER, TAG
from concord.messaging.crypto import TamperedError
from concord.messaging.models import Attachment
from concord.messaging.models import Message as MessageRow
from tests.conftest import make_settings
from tests.factories import Actor, Actors

PDF = b"%PDF-1.7\n" + os.urandom(3 * CHUNK + 123)  # four chunks
SECRET = "Jan NOVAK, passport 15AB12345, seen in Lyon on 3 May"


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "attachments"


def make_app(engine_url: str, db: Database, store_dir: Path, **overrides: Any) -> FastAPI:
    settings = make_settings(engine_url, messaging_attachment_dir=store_dir, **overrides)
    return create_app(settings, db=db)


@pytest.fixture
def app(engine_url: str, db: Database, store_dir: Path) -> FastAPI:
    return make_app(engine_url, db, store_dir)


@pytest.fixture
def web(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def upload(
    web: TestClient,
    actor: Actor,
    data: Any,
    name: str = "report.pdf",
    ctype: str = "application/pdf",
    code: int = 201,
) -> Any:
    headers = {**actor.headers, "Content-Type": ctype, "X-Filename": quote(name)}
    r = web.post("/api/v1/attachments", headers=headers, content=data)
    assert r.status_code == code, r.text
    return r.json()


def send(web: TestClient, actor: Actor, ids: list[str], code: int = 201) -> Any:
    body = {"to": ["DE"], "subject": "Evidence", "body": "See attached.", "attachments": ids}
    r = web.post("/api/v1/messages", headers=actor.headers, json=body)
    assert r.status_code == code, r.text
    return r.json()


def href(message: Any, index: int = 0) -> str:
    return str(message["attachments"][index]["href"])


def files(store_dir: Path) -> list[Path]:
    return sorted(store_dir.iterdir()) if store_dir.exists() else []


def test_upload_send_download(web: TestClient, actors: Actors, db: Database) -> None:
    fr, de, it = (actors.make("ncb_operator", c) for c in ("FR", "DE", "IT"))
    name = "Rapport d'enquête n°7.pdf"
    up = upload(web, fr, PDF, name=name)
    assert up["size"] == len(PDF) and up["filename"] == name
    assert up["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert up["content_type"] == "application/pdf"
    sent = send(web, fr, [up["id"]])
    assert [a["sha256"] for a in sent["attachments"]] == [up["sha256"]]
    with db.session() as s:
        message = s.get(MessageRow, sent["id"])
        assert message is not None
        assert json.loads(message.statement)["attachments"] == [up["sha256"]]
    r = web.get(href(sent), headers=de.headers)
    assert r.status_code == 200, r.text
    assert r.content == PDF
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    assert r.headers["x-content-sha256"] == up["sha256"]
    assert web.get(href(sent), headers=fr.headers).content == PDF  # the sender's copy
    # a third country: as if it did not exist
    assert web.get(href(sent), headers=it.headers).status_code == 404
    with db.session() as s:
        actions = s.execute(
            select(AuditEvent.action).where(AuditEvent.object_id == up["id"])
        ).scalars()
        assert "attachment.upload" in set(actions)
        downloads = s.execute(
            select(AuditEvent.action).where(
                AuditEvent.action == "attachment.download", AuditEvent.object_id == sent["id"]
            )
        ).all()
        assert len(downloads) == 2


def test_stored_file_holds_no_plaintext(
    web: TestClient, actors: Actors, store_dir: Path, db: Database
) -> None:
    fr = actors.make("ncb_operator", "FR")
    text = (SECRET + "\n").encode() * 5000
    up = upload(web, fr, text, name="notes.txt", ctype="text/plain; charset=utf-8")
    [stored] = files(store_dir)
    raw = stored.read_bytes()
    assert stored.name == up["id"] and b"NOVAK" not in raw and b"15AB12345" not in raw
    assert len(raw) == HEADER + len(text) + TAG * -(-len(text) // CHUNK)
    with db.session() as s:
        row = s.get(Attachment, up["id"])
        assert row is not None and b"NOVAK" not in row.wrapped_key
        assert row.message_id is None


@pytest.mark.parametrize(
    ("data", "ctype", "name", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "application/pdf", "a.pdf", 415),  # sniffed
        (b"MZ\x90\x00" + b"0" * 100, "application/x-msdownload", "a.exe", 415),
        (b"%PDF-1.4 ...", "application/octet-stream", "a.pdf", 415),  # unchecked: refused
        (b"%PDF-1.4 ...", "application/pdf", "a.pdf.exe", 415),  # name does not fit type
        (b"\x00\x01binary", "text/plain", "a.txt", 415),
        (b'{"a": 1}', "application/json", "a.json", 201),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png", "../../etc/a.png", 201),
        (b"", "application/pdf", "a.pdf", 422),  # empty
        (b"%PDF-1.4", "application/pdf", "", 422),  # no name
    ],
)
def test_content_type_and_name_are_checked(
    web: TestClient, actors: Actors, store_dir: Path, data: bytes, ctype: str, name: str, code: int
) -> None:
    fr = actors.make("ncb_operator", "FR")
    got = upload(web, fr, data, name=name, ctype=ctype, code=code)
    if code == 201:
        assert "/" not in got["filename"] and [p.name for p in files(store_dir)] == [got["id"]]
    else:
        assert files(store_dir) == []  # nothing half-written
        assert got["code"] in ("unsupported_media_type", "validation_failed")


def test_oversize_is_refused_and_nothing_left(
    engine_url: str, db: Database, store_dir: Path, actors: Actors
) -> None:
    app = make_app(engine_url, db, store_dir, messaging_attachment_max_bytes=100_000)
    fr = actors.make("ncb_operator", "FR")

    def chunks(total: int) -> Iterator[bytes]:
        yield b"%PDF-1.7\n"
        for _ in range(total // 10_000):
            yield b"x" * 10_000

    with TestClient(app) as web:
        # declared length over the limit: refused before a byte is read
        r = upload(web, fr, PDF, code=413)
        assert r["code"] == "payload_too_large" and "MB" in r["detail"]
        # streamed without a length: refused when the limit is passed
        r = upload(web, fr, chunks(150_000), code=413)
        assert "limited to 100,000 bytes" in r["detail"]
        r = upload(web, fr, chunks(400_000), code=413)
        assert r["code"] == "payload_too_large"
        assert files(store_dir) == []
        assert upload(web, fr, chunks(90_000))["size"] == 90_009  # under the limit: fine
        # the unit of work would buffer a body with an Idempotency-Key to hash it
        headers = {**fr.headers, "Content-Type": "application/pdf", "Idempotency-Key": "k1"}
        r2 = web.post("/api/v1/attachments?filename=a.pdf", headers=headers, content=b"%PDF-")
        assert r2.status_code == 400


def test_tampering_is_detected(web: TestClient, actors: Actors, store_dir: Path) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    small = upload(web, fr, b"%PDF-1.7\nsmall", name="small.pdf")
    big = upload(web, fr, PDF)
    sent = send(web, fr, [small["id"], big["id"]])
    by_id = {a["id"]: a["href"] for a in sent["attachments"]}

    def flip(attachment_id: str, offset: int) -> None:
        path = store_dir / attachment_id
        raw = bytearray(path.read_bytes())
        raw[offset] ^= 0x01
        path.write_bytes(bytes(raw))

    flip(small["id"], HEADER + 3)
    r = web.get(by_id[small["id"]], headers=de.headers)
    assert r.status_code == 422 and r.json()["code"] == "tampering_detected"
    flip(small["id"], HEADER + 3)  # restored: readable again
    assert web.get(by_id[small["id"]], headers=de.headers).status_code == 200

    # a later chunk altered, the file truncated by a chunk, or swapped for another's
    offset = HEADER + 2 * (CHUNK + TAG) + 10
    flip(big["id"], offset)
    r = web.get(by_id[big["id"]], headers=de.headers)
    assert r.status_code == 422 and r.json()["code"] == "tampering_detected"
    flip(big["id"], offset)
    path = store_dir / big["id"]
    whole = path.read_bytes()
    path.write_bytes(whole[: -(len(PDF) % CHUNK) - TAG])
    assert web.get(by_id[big["id"]], headers=de.headers).status_code == 422
    path.write_bytes((store_dir / small["id"]).read_bytes())
    assert web.get(by_id[big["id"]], headers=de.headers).status_code == 422
    path.write_bytes(whole)
    assert web.get(by_id[big["id"]], headers=de.headers).content == PDF


def test_file_altered_while_streaming_stops_the_stream(
    web: TestClient, actors: Actors, store_dir: Path, db: Database, app: FastAPI
) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    up = upload(web, fr, PDF)
    link = href(send(web, fr, [up["id"]]))
    with db.session() as s:
        got = attachments.open_download(
            s, de.principal, app.state.keystore, store_dir, link.split("/")[-3], up["id"]
        )
        received = [next(got.chunks)]
        path = store_dir / up["id"]
        raw = bytearray(path.read_bytes())
        raw[HEADER + 2 * (CHUNK + TAG) + 10] ^= 1  # chunk 2, altered after the check
        path.write_bytes(bytes(raw))
        with pytest.raises(TamperedError):
            received.extend(got.chunks)
    assert b"".join(received) == PDF[: 2 * CHUNK]  # the altered chunk never came out


def test_only_own_unsent_uploads_can_be_sent(web: TestClient, actors: Actors) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    theirs = upload(web, de, PDF)
    r = send(web, fr, [theirs["id"]], code=422)
    assert theirs["id"] in r["detail"]
    mine = upload(web, fr, PDF)
    send(web, fr, [mine["id"]])
    assert mine["id"] in send(web, fr, [mine["id"]], code=422)["detail"]  # sent already
    assert send(web, fr, ["nosuchattachment"], code=422)["code"] == "validation_failed"
    again = upload(web, fr, PDF)
    send(web, fr, [again["id"], again["id"]], code=422)


def test_purge_unbound(
    web: TestClient, actors: Actors, store_dir: Path, db: Database, app: FastAPI
) -> None:
    from datetime import timedelta

    fr = actors.make("ncb_operator", "FR")
    kept = upload(web, fr, PDF)
    sent = upload(web, fr, PDF)
    send(web, fr, [sent["id"]])
    (store_dir / ".orphan.part").write_bytes(b"x")
    os.utime(store_dir / ".orphan.part", (0, 0))
    with db.session() as s:
        row = s.get(Attachment, kept["id"])
        assert row is not None
        later = row.created_at + timedelta(days=2)
        assert attachments.purge_unbound(s, app.state.settings, later) == 2
        assert s.get(Attachment, kept["id"]) is None
        assert s.get(Attachment, sent["id"]) is not None
    assert [p.name for p in files(store_dir)] == [sent["id"]]


def test_the_server_worker_purges_abandoned_uploads(
    web: TestClient, actors: Actors, store_dir: Path, db: Database, app: FastAPI
) -> None:
    """The messaging worker runs the purge on its own (every
    ``messaging_attachment_purge_interval_seconds``): nobody has to remember a cron job."""
    from datetime import timedelta

    from concord.messaging.outbox import OutboxWorker

    fr = actors.make("ncb_operator", "FR")
    abandoned = upload(web, fr, PDF)
    with db.transaction() as s:
        row = s.get(Attachment, abandoned["id"])
        assert row is not None
        row.created_at -= timedelta(days=2)
    fast = make_settings(
        app.state.settings.database_url,
        messaging_attachment_dir=store_dir,
        messaging_webhook_interval_seconds=0.02,
        messaging_attachment_purge_interval_seconds=0.05,
    )
    worker = OutboxWorker(db, app.state.keystore, fast)
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while worker.purged < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        worker.stop()
    assert worker.purged == 1
    with db.session() as s:
        assert s.get(Attachment, abandoned["id"]) is None
    assert files(store_dir) == []
    never = make_settings(
        app.state.settings.database_url, messaging_attachment_purge_interval_seconds=0
    )
    assert OutboxWorker(db, app.state.keystore, never)._purge_every == 0


# Memory: the ASGI app driven directly (the test client would buffer the request body).

SIZE = 20 * 2**20
FLAT = 4 * 2**20


async def _call(
    app: FastAPI, method: str, path: str, headers: dict[str, str], body: Iterator[bytes]
) -> tuple[int, str, bytes]:
    """One request, its body given chunk by chunk; the response body is hashed as it arrives,
    never kept (only its first bytes). Returns status, SHA-256 and those first bytes."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    status, digest, head, ended = 0, hashlib.sha256(), b"", False

    async def receive() -> Message:
        nonlocal ended
        chunk = next(body, None)
        if chunk is not None:
            return {"type": "http.request", "body": chunk, "more_body": True}
        if not ended:
            ended = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await anyio.Event().wait()  # the client stays connected
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        nonlocal status, head
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            data = message.get("body", b"")
            head = head if len(head) >= 4096 else head + data[:4096]
            digest.update(data)

    await app(scope, receive, send)
    return status, digest.hexdigest(), head


def _random_pdf(digest: Any) -> Iterator[bytes]:
    sent = 0
    while sent < SIZE:
        chunk = (b"%PDF-1.7\n" if sent == 0 else b"") + os.urandom(65_536)
        digest.update(chunk)
        sent += len(chunk)
        yield chunk


def _traced(app: FastAPI, method: str, path: str, headers: dict[str, str], body: Any) -> Any:
    tracemalloc.start()
    try:
        result = anyio.run(_call, app, method, path, headers, body)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (*result, peak)


def _big_message(web: TestClient, app: FastAPI, fr: Actor) -> tuple[str, str, int]:
    digest = hashlib.sha256()
    headers = {**fr.headers, "content-type": "application/pdf", "x-filename": "big.pdf"}
    body = _random_pdf(digest)
    status, _, head, peak = _traced(app, "POST", "/api/v1/attachments", headers, body)
    assert status == 201, head
    up = json.loads(head)
    assert up["sha256"] == digest.hexdigest() and up["size"] > SIZE
    return href(send(web, fr, [up["id"]])), up["sha256"], peak


def test_upload_memory_is_flat(
    web: TestClient, app: FastAPI, actors: Actors, db: Database, store_dir: Path
) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    link, sha, peak = _big_message(web, app, fr)
    assert peak < FLAT, f"upload of {SIZE} bytes peaked at {peak} bytes"
    # the download service yields chunk by chunk, each checked: memory stays flat too
    message_id, attachment_id = link.split("/")[-3], link.split("/")[-1]
    digest = hashlib.sha256()
    with db.session() as s:
        tracemalloc.start()
        try:
            got = attachments.open_download(
                s, de.principal, app.state.keystore, store_dir, message_id, attachment_id
            )
            for chunk in got.chunks:
                digest.update(chunk)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert digest.hexdigest() == sha
    assert peak < FLAT, f"download of {SIZE} bytes peaked at {peak} bytes"


def test_download_memory_is_flat_over_http(web: TestClient, app: FastAPI, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    link, sha, _ = _big_message(web, app, fr)
    status, digest, _, peak = _traced(app, "GET", link, de.headers, iter(()))
    assert status == 200 and digest == sha
    assert peak < FLAT, f"download of {SIZE} bytes peaked at {peak} bytes"
