"""The two faults the crash test found, pinned in-process (quick, both engines).

1. ``POST /screen`` with an Idempotency-Key screened again on a retry: the fast path ignored
   the key, and the route committed the screening apart from the stored answer.
2. On SQLite the group-commit journals (screening, messaging), which commit on the event loop's
   thread, waited there for the in-process write lock while a request's unit of work held it
   across an await: the loop stalled until the 30 s timeout, and requests failed with 500.
"""

from __future__ import annotations

import asyncio
import json

from anyio import to_thread
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from concord.api.models import IdempotencyRecord
from concord.audit.models import AuditEvent, AuditPayload
from concord.db.database import Database, on_event_loop
from tests.factories import Actors
from tests.records import samples
from tests.records.test_records_api import create


def test_a_screening_retried_with_its_key_is_answered_once_and_audited_once(
    client: TestClient, actors: Actors, db: Database
) -> None:
    fr = actors.make("ncb_operator", "FR")
    es = actors.make("border_officer", "ES")
    doc = create(
        client, fr, "document", samples.DOCUMENT | {"number": "RG1234567", "check_digit": None}
    )
    body = {"document": {"number": "RG1234567", "country": "FRA"}, "reference": "regression-1"}
    client.post("/api/v1/screen", headers=es.headers, json={"vin": "1M8GDM9AXKP042788"})
    headers = es.headers | {"Idempotency-Key": "screen-once"}
    first = client.post("/api/v1/screen", headers=headers, json=body)
    again = client.post("/api/v1/screen", headers=headers, json=body)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    assert [h["record_id"] for h in first.json()["hits"]] == [doc["id"]]
    with db.session() as s:
        payloads = s.execute(
            select(AuditPayload.data)
            .join(AuditEvent, AuditEvent.seq == AuditPayload.seq)
            .where(AuditEvent.action == "screening.query")
        ).scalars()
        references = [json.loads(p).get("reference") for p in payloads]
    assert references.count("regression-1") == 1


def test_the_event_loop_never_waits_for_the_write_lock(scratch_db: Database) -> None:
    def row(key: str) -> IdempotencyRecord:
        return IdempotencyRecord(
            scope="lock-test", key=key, request_hash="h", status_code=200, body=b"{}"
        )

    def insert(key: str) -> None:
        with scratch_db.session() as s:
            s.add(row(key))
            s.commit()

    def finish(holder: Session) -> None:
        holder.add(row("from-a-request"))
        holder.commit()
        holder.close()

    async def main() -> bool:
        holder = scratch_db.session()
        # a request's unit of work: its first query (in a worker thread) begins the
        # transaction, which it holds across awaits until its commit
        await to_thread.run_sync(holder.execute, text("SELECT 1"))
        journal = asyncio.create_task(on_event_loop(insert, "from-the-loop"))
        await asyncio.sleep(0.1)  # the loop runs on; before the fix it froze here for 30 s
        waiting = not journal.done()
        await to_thread.run_sync(finish, holder)  # the request commits, through the loop
        await asyncio.wait_for(journal, timeout=60)
        return waiting

    waiting = asyncio.run(main())
    if scratch_db.dialect == "sqlite":  # the journal's commit waited for the request's
        assert waiting
    with scratch_db.session() as s:
        keys = s.execute(
            select(func.count()).where(IdempotencyRecord.scope == "lock-test")
        ).scalar_one()
    assert keys == 2
