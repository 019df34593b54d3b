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
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    _settings, db, store, (fr, _de) = setup(url)
    result: dict[str, Any] = {"engine": url.split(":", 1)[0]}
    result.update(send_phase(args, db, store, fr))
    result.update(raw_phase(args, db))
    result["ratio_to_raw"] = round(result["messages_per_s"] / result["raw_rows_per_s"], 3)
    result.update(fanout_phase(db, store, fr))
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    log(json.dumps(result, indent=2))
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
