"""Nothing acknowledged is lost: the real server is killed (SIGKILL) during a burst of sends.

The server runs as ``concord serve`` in a subprocess on a fresh database of the test's engine
(SQLite file or PostgreSQL scratch database). Several threads send messages, each with its own
Idempotency-Key, until the server is killed at a random moment. It is restarted; every send
that got no answer is retried with the same key. Then every message is present exactly once
(each acknowledged one under the id its 201 gave), each has its audit event, the audit chain
verifies and the database passes its integrity checks (``tests/crashkit.py``).

Slow only (``make verify``): a loop of kills on one database, a burst of messages from one
sender. One kill during mixed writes (records, messages, notices, screenings) runs in the normal
suite: ``tests/crash/test_platform_crash.py``, which shares this test's server control
(``tests/crashkit.py``).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from concord.audit.chain import Signer
from concord.audit.models import AuditEvent
from concord.audit.verify import verify_chain
from concord.db.database import Database
from concord.messaging.models import Message
from tests.conftest import TEST_SECRETS, make_settings
from tests.crash import checks
from tests.crashkit import Server, integrity_problems, url_of
from tests.factories import Actor, Actors

SENDERS = 6


@dataclass
class Ledger:
    """What the clients know: answers received (key -> message id) and sends unanswered."""

    acked: dict[str, str] = field(default_factory=dict)
    unanswered: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _send(base: str, actor: Actor, key: str, body: dict[str, Any]) -> httpx.Response:
    headers = actor.headers | {"Idempotency-Key": key}
    return httpx.post(f"{base}/api/v1/messages", json=body, headers=headers, timeout=30)


def _burst(base: str, actor: Actor, ledger: Ledger, prefix: str, stop: threading.Event) -> None:
    i = 0
    while not stop.is_set():
        key = f"{prefix}-{i}"
        body = {"to": ["DE", "IT"], "subject": key, "body": f"crash test message {key}"}
        i += 1
        try:
            r = _send(base, actor, key, body)
        except httpx.HTTPError:  # the server died with the request in flight
            with ledger.lock:
                ledger.unanswered[key] = body
            return
        if r.status_code != 201:  # refused: nothing to count, but a refusal is a failure here
            with ledger.lock:
                ledger.unanswered[key] = body
            return
        with ledger.lock:
            ledger.acked[key] = r.json()["id"]


def _round(server: Server, fr: Actor, ledger: Ledger, rnd: random.Random, tag: str) -> None:
    """One burst, one SIGKILL at a random moment, one restart, the unanswered sends retried."""
    stop = threading.Event()
    threads = [
        threading.Thread(target=_burst, args=(server.base, fr, ledger, f"{tag}-t{n}", stop))
        for n in range(SENDERS)
    ]
    for t in threads:
        t.start()
    time.sleep(rnd.uniform(0.5, 2.5))
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=60)
    server.start()
    with ledger.lock:
        retry = dict(ledger.unanswered)
        ledger.unanswered.clear()
    for key, body in retry.items():
        r = _send(server.base, fr, key, body)
        assert r.status_code == 201, r.text
        ledger.acked[key] = r.json()["id"]


def _check(server: Server, db: Database, fr: Actor, ledger: Ledger) -> None:
    assert ledger.acked, "no message was acknowledged before the kill"
    listed = checks.sent(server.base, [fr])
    duplicated = {s: len(ids) for s, ids in listed.items() if len(ids) != 1}
    assert not duplicated, f"messages stored more than once: {duplicated}"
    assert set(listed) == set(ledger.acked)  # every send was answered in the end
    missing = [k for k, mid in ledger.acked.items() if listed.get(k) != [mid]]
    assert not missing, f"acknowledged messages missing or under another id: {missing[:10]}"
    ids = set(ledger.acked.values())
    with db.session() as s:
        stored = set(s.execute(select(Message.id).where(Message.id.in_(ids))).scalars())
        audited = set(
            s.execute(
                select(AuditEvent.object_id).where(
                    AuditEvent.action == "message.send", AuditEvent.object_id.in_(ids)
                )
            ).scalars()
        )
        assert stored == ids and audited == ids
        signer = Signer.from_seed(TEST_SECRETS["audit_signing_key"])
        result = verify_chain(s, signer)
        assert result.ok, result
    assert integrity_problems(db) == []


@pytest.fixture
def crash_setup(scratch_db: Database, tmp_path: Path) -> Iterator[tuple[Server, Actor, Database]]:
    url = url_of(scratch_db)
    actors = Actors(scratch_db, make_settings(url))
    fr = actors.make("ncb_operator", "FR")
    server = Server(url, tmp_path / "server.log")
    server.start()
    try:
        yield server, fr, scratch_db
    finally:
        server.stop()


@pytest.mark.slow
def test_many_kills_lose_nothing_acknowledged(
    crash_setup: tuple[Server, Actor, Database],
) -> None:
    server, fr, db = crash_setup
    ledger = Ledger()
    rounds = int(os.environ.get("CONCORD_CRASH_ROUNDS", "8"))
    rnd = random.Random()
    for n in range(rounds):
        _round(server, fr, ledger, rnd, f"r{n}")
        _check(server, db, fr, ledger)
