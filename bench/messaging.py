"""Messaging benchmark: encrypted, signed messages persisted per second, against a raw insert
of the same rows (no cryptography, no audit) measured in the same run; the time to fan a
diffusion out to every other member's NCB (195 mailboxes); and, when the attachment store is
available, peak memory while streaming a large attachment in and out.

Each message goes through :func:`concord.messaging.service.send` exactly as the API sends it
(mailbox keys, content key wrapped for sender and recipient, Ed25519 signature, delivery,
notification, audit event), one transaction per message (``--per-transaction 1``, what an
HTTP request does) or several.

Usage::

    .venv/bin/python bench/messaging.py [--messages 2000] [--json]
    scripts/with-postgres bash -c '.venv/bin/python bench/messaging.py \\
        --database-url "$CONCORD_TEST_POSTGRES_URL" --json'
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def setup(url: str) -> tuple[Any, Any, Any, Any]:
    from concord.auth import accounts
    from concord.auth.roles import Role
    from concord.auth.service import principal_for
    from concord.bootstrap import prepare, system_principal
    from concord.db.database import Database
    from concord.messaging.keys import KeyStore
    from concord.settings import Settings

    settings = Settings(
        environment="development", database_url=url, messaging_kek="bench-kek-0123456789"
    )  # type: ignore[call-arg]
    db = Database.from_url(url)
    prepare(db)
    principals = []
    with db.transaction() as s:
        system = system_principal(s)
        for cc in ("FR", "DE"):
            made = accounts.create_account(
                s,
                system,
                settings=settings,
                kind="service",
                username=f"bench-{cc.lower()}-{os.getpid()}-{time.time_ns()}",
                display_name=f"bench {cc}",
                role=Role.NCB_OPERATOR,
                country=cc,
            )
            principals.append(principal_for(made.account))
    return settings, db, KeyStore.from_settings(settings), principals


def send_phase(args: argparse.Namespace, db: Any, store: Any, fr: Any) -> dict[str, Any]:
    from concord.db.base import utcnow
    from concord.messaging.service import Outgoing, send

    body = "Request to confirm identity and whereabouts. " * 12  # ~550 bytes
    n, per = args.messages, args.per_transaction
    # warm: mailboxes and keys exist, caches primed
    with db.transaction() as s:
        send(s, fr, store, Outgoing(subject="warm", body=body, to=["DE"]), utcnow())
    started = time.perf_counter()
    done = 0
    while done < n:
        with db.transaction() as s:
            for _ in range(min(per, n - done)):
                out = Outgoing(subject=f"Message {done}", body=body, to=["DE"], handling="H1")
                send(s, fr, store, out, utcnow())
                done += 1
    seconds = time.perf_counter() - started
    return {"messages_per_s": round(n / seconds, 1), "messages": n, "per_transaction": per}


def concurrent_phase(args: argparse.Namespace, db: Any, store: Any, fr: Any) -> dict[str, Any]:
    """The API's path without HTTP: ``--senders`` concurrent senders on one event loop, each
    preparing its message (checks, encryption, signature) and handing it to the group-commit
    journal with an Idempotency-Key row, acknowledged once committed. As
    the API route does, a message is prepared on the event loop when its mailboxes and keys
    are cached (:func:`prepare_quick`), else in a worker thread."""
    import asyncio
    import hashlib

    from anyio import to_thread

    from concord.db.base import utcnow
    from concord.messaging.journal import MessageJournal, prepare_committed, prepare_quick
    from concord.messaging.service import Outgoing

    body = "Request to confirm identity and whereabouts. " * 12
    journal = MessageJournal(db, gather_seconds=args.gather_ms / 1000)
    n = args.messages

    async def sender(index: int, todo: list[int]) -> None:
        while todo:
            i = todo.pop()
            out = Outgoing(subject=f"Message {i}", body=body, to=["DE"], handling="H1")
            now = utcnow()
            prepared = prepare_quick(fr, store, out, now)  # as the route: inline if cached
            if prepared is None:
                prepared = await to_thread.run_sync(prepare_committed, db, fr, store, out, now)
            key = f"bench-{os.getpid()}-{i}"
            await journal.write(
                prepared,
                {
                    "scope": "bench",
                    "key": key,
                    "request_hash": hashlib.sha256(key.encode()).hexdigest(),
                    "status_code": 201,
                    "content_type": "application/json",
                    "body": b"{}",
                    "created_at": utcnow(),
                },
            )

    async def run() -> float:
        await journal.write(  # warm: mailboxes, keys, caches
            await to_thread.run_sync(
                prepare_committed,
                db,
                fr,
                store,
                Outgoing(subject="w", body=body, to=["DE"]),
                utcnow(),
            )
        )
        journal.commits = journal.written = 0
        todo = list(range(n))
        started = time.perf_counter()
        await asyncio.gather(*(sender(k, todo) for k in range(args.senders)))
        seconds = time.perf_counter() - started
        await journal.close()
        return seconds

    sys.setswitchinterval(0.001)  # as the server does (see ScreeningRuntime.start)
    seconds = asyncio.run(run())
    return {
        "concurrent_messages_per_s": round(n / seconds, 1),
        "senders": args.senders,
        "commits": journal.commits,
        "mean_batch": round(journal.written / max(journal.commits, 1), 1),
    }


def http_phase(args: argparse.Namespace, url: str, db: Any, settings: Any) -> dict[str, Any]:
    """``POST /api/v1/messages`` against ``concord serve`` (one worker) on the same database,
    ``--senders`` keep-alive connections for ``--seconds`` (bench/http_load.py)."""
    import asyncio
    import socket
    import subprocess

    import httpx
    from http_load import drive

    from concord.auth import accounts
    from concord.auth.roles import Role
    from concord.bootstrap import system_principal

    with db.transaction() as s:
        system = system_principal(s)
        made = accounts.create_account(
            s,
            system,
            settings=settings,
            kind="service",
            username=f"bench-http-{os.getpid()}-{time.time_ns()}",
            display_name="bench http",
            role=Role.NCB_OPERATOR,
            country="FR",
        )
        _, token = accounts.create_token(
            s, system, settings=settings, account_id=made.account.id, name="bench"
        )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = os.environ | {
        "CONCORD_ENVIRONMENT": "development",
        "CONCORD_DATABASE_URL": url,
        "CONCORD_MESSAGING_KEK": "bench-kek-0123456789",
        "CONCORD_RATE_LIMIT_PER_MINUTE": "0",
        "CONCORD_LOG_LEVEL": "warning",
    }
    serve = [sys.executable, "-m", "concord", "serve", "--host", "127.0.0.1"]
    server = subprocess.Popen([*serve, "--port", str(port), "--workers", "1"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/health", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        body = "Request to confirm identity and whereabouts. " * 12
        bodies = [{"to": ["DE"], "subject": f"HTTP {i}", "body": body} for i in range(100)]
        asyncio.run(drive(f"{base}/api/v1/messages", token, bodies[:1], seconds=1, connections=1))
        res = asyncio.run(
            drive(
                f"{base}/api/v1/messages",
                token,
                bodies,
                seconds=args.seconds,
                connections=args.senders,
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    created = res.statuses.get(201, 0)
    lat = sorted(res.latencies)
    return {
        "http_messages_per_s": round(created / res.seconds, 1),
        "http_statuses": res.statuses,
        "http_p50_ms": round(1000 * lat[len(lat) // 2], 1) if lat else None,
        "http_p99_ms": round(1000 * lat[int(len(lat) * 0.99)], 1) if lat else None,
        "connections": args.senders,
    }


def raw_phase(args: argparse.Namespace, db: Any) -> dict[str, Any]:
    """The same number of rows (message, two wrapped keys, delivery, notification) inserted
    with executemany and no cryptography, signature or audit: the floor of the storage."""
    from sqlalchemy import text

    from concord.db.base import new_id, utcnow

    n, per = args.messages, args.per_transaction
    with db.session() as s:
        case_id, sender, recipient = s.execute(
            text(
                "select c.id, m.sender_id, d.mailbox_id from messages m join cases c on "
                "c.id = m.case_id join deliveries d on d.message_id = m.id limit 1"
            )
        ).one()
    blob = os.urandom(700)
    started = time.perf_counter()
    done = 0
    while done < n:
        with db.transaction() as s:
            batch = [new_id() for _ in range(min(per, n - done))]
            now = utcnow()
            s.execute(
                text(
                    "insert into messages (id, case_id, sender_id, account_id, created_at, "
                    "priority, handling, reliability, accuracy, mode, content, record_ids, "
                    "statement, signature, signing_version) values (:id, :case, :sender, "
                    "'x', :now, 'routine', 'H1', 'B', 2, 'server', :blob, '[]', :blob, :blob, 1)"
                ),
                [
                    {"id": i, "case": case_id, "sender": sender, "now": now, "blob": blob}
                    for i in batch
                ],
            )
            s.execute(
                text(
                    "insert into message_keys (message_id, mailbox_id, key_version, wrapped_cek)"
                    " values (:id, :box, 1, :blob)"
                ),
                [
                    {"id": i, "box": b, "blob": blob[:60]}
                    for i in batch
                    for b in (sender, recipient)
                ],
            )
            s.execute(
                text(
                    "insert into deliveries (message_id, mailbox_id, state, sent_at) values "
                    "(:id, :box, 'sent', :now)"
                ),
                [{"id": i, "box": recipient, "now": now} for i in batch],
            )
            s.execute(
                text(
                    "insert into notifications (id, created_at, country, kind, title) values "
                    "(:nid, :now, 'DE', 'message', 'new message')"
                ),
                [{"nid": new_id(), "now": now} for _ in batch],
            )
            done += len(batch)
    seconds = time.perf_counter() - started
    return {"raw_rows_per_s": round(n / seconds, 1)}


def fanout_phase(db: Any, store: Any, fr: Any) -> dict[str, Any]:
    from concord.db.base import utcnow
    from concord.messaging.service import Outgoing, send

    out: dict[str, Any] = {}
    for label in ("fanout_first_s", "fanout_s"):  # first: 195 mailboxes made; then existing
        started = time.perf_counter()
        with db.transaction() as s:
            message = send(
                s,
                fr,
                store,
                Outgoing(subject="Diffusion", body="Wanted for murder " * 20, to_all=True),
                utcnow(),
            )
            count = len(
                s.execute(
                    __import__("sqlalchemy").text(
                        "select mailbox_id from deliveries where message_id = :m"
                    ),
                    {"m": message.id},
                ).all()
            )
        out[label] = round(time.perf_counter() - started, 3)
        out["fanout_recipients"] = count
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--per-transaction", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--mode",
        choices=["sequential", "concurrent", "http"],
        default="concurrent",
        help="concurrent: the API's group commit with --senders senders; sequential: "
        "service.send, --per-transaction messages per transaction; http: POST /api/v1/messages "
        "to `concord serve` over --senders connections for --seconds",
    )
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--senders", type=int, default=64)
    parser.add_argument("--gather-ms", type=float, default=2.0)
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    _settings, db, store, (fr, _de) = setup(url)
    result: dict[str, Any] = {"engine": url.split(":", 1)[0]}
    if args.mode == "http":
        result.update(http_phase(args, url, db, _settings))
        log(json.dumps(result, indent=2))
        if args.json:
            print(json.dumps(result))
        return
    if args.mode == "concurrent":
        result.update(concurrent_phase(args, db, store, fr))
        rate = result["concurrent_messages_per_s"]
        # the floor of the storage at the same transaction size as the journal's commits
        args.per_transaction = max(1, round(result["mean_batch"]))
    else:
        result.update(send_phase(args, db, store, fr))
        rate = result["messages_per_s"]
    result.update(raw_phase(args, db))
    result["raw_per_transaction"] = args.per_transaction
    result["ratio_to_raw"] = round(rate / result["raw_rows_per_s"], 3)
    if not args.skip_fanout:
        result.update(fanout_phase(db, store, fr))
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    log(json.dumps(result, indent=2))
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
