"""The API's send path: preparation without the database, and the group commit (journal)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.audit.chain import Signer
from concord.audit.models import AuditEvent
from concord.audit.verify import verify_chain
from concord.db.base import utcnow
from concord.db.database import Database
from concord.messaging.journal import DuplicateRequestError, MessageJournal, prepare_quick
from concord.messaging.keys import KeyStore
from concord.messaging.models import Delivery, Message, MessageKey
from concord.messaging.service import Outgoing, send
from concord.settings import Settings
from tests.conftest import TEST_SECRETS
from tests.factories import Actors


def _out(subject: str) -> Outgoing:
    return Outgoing(subject=subject, body="Please confirm the identity.", to=["DE"])


def _idempotency(key: str) -> dict[str, Any]:
    return {
        "scope": "test",
        "key": key,
        "request_hash": "0" * 64,
        "status_code": 201,
        "content_type": "application/json",
        "body": b"{}",
        "created_at": utcnow(),
    }


def _warm(db: Database, store: KeyStore, principal: Any) -> None:
    """Make the mailboxes (first send), then read them back (second send): only mailboxes
    read from committed rows are cached, never ones a transaction that may roll back made."""
    with db.transaction() as s:
        send(s, principal, store, _out("first"), utcnow())
    assert prepare_quick(principal, store, _out("x"), utcnow()) is None
    with db.transaction() as s:
        send(s, principal, store, _out("second"), utcnow())
    assert prepare_quick(principal, store, _out("x"), utcnow()) is not None


def _audited(db: Database, ids: list[str]) -> set[str]:
    with db.session() as s:
        rows = s.execute(
            select(AuditEvent.object_id).where(
                AuditEvent.action == "message.send", AuditEvent.object_id.in_(ids)
            )
        ).scalars()
        return {str(r) for r in rows}


def _chain_ok(db: Database) -> bool:
    with db.session() as s:
        return verify_chain(s, Signer.from_seed(TEST_SECRETS["audit_signing_key"])).ok


def test_concurrent_sends_share_commits(db: Database, actors: Actors, settings: Settings) -> None:
    fr = actors.make("ncb_operator", "FR").principal
    store = KeyStore.from_settings(settings)
    _warm(db, store, fr)
    journal = MessageJournal(db)

    async def one(i: int) -> str:
        prepared = prepare_quick(fr, store, _out(f"m{i}"), utcnow())
        assert prepared is not None
        await journal.write(prepared)
        return prepared.id

    async def main() -> list[str]:
        ids = await asyncio.gather(*(one(i) for i in range(40)))
        await journal.close()
        return list(ids)

    ids = asyncio.run(main())
    assert journal.written == 40 and journal.commits < 40
    with db.session() as s:
        stored = s.execute(select(func.count()).where(Message.id.in_(ids))).scalar_one()
        keys = s.execute(select(func.count()).where(MessageKey.message_id.in_(ids))).scalar_one()
        deliveries = s.execute(
            select(func.count()).where(Delivery.message_id.in_(ids))
        ).scalar_one()
    assert (stored, keys, deliveries) == (40, 80, 40)  # keys: sender's and recipient's copy
    assert _audited(db, ids) == set(ids)
    assert _chain_ok(db)


def test_a_failing_message_fails_alone(db: Database, actors: Actors, settings: Settings) -> None:
    fr = actors.make("ncb_operator", "FR").principal
    store = KeyStore.from_settings(settings)
    _warm(db, store, fr)
    journal = MessageJournal(db)
    prepared = [prepare_quick(fr, store, _out(f"m{i}"), utcnow()) for i in range(3)]
    assert all(p is not None for p in prepared)
    # the second reuses the first's Idempotency-Key: one batch, which fails as a whole
    keys = [_idempotency("k1"), _idempotency("k1"), _idempotency("k3")]

    async def main() -> list[BaseException | None]:
        results = await asyncio.gather(
            *(journal.write(p, k) for p, k in zip(prepared, keys, strict=True) if p is not None),
            return_exceptions=True,
        )
        await journal.close()
        return list(results)

    results = asyncio.run(main())
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], DuplicateRequestError)
    ids = [p.id for p in prepared if p is not None]
    with db.session() as s:
        stored = set(s.execute(select(Message.id).where(Message.id.in_(ids))).scalars())
    assert stored == {ids[0], ids[2]}
    assert _audited(db, ids) == {ids[0], ids[2]}
    assert _chain_ok(db)


def test_the_answer_is_what_reading_shows(client: TestClient, actors: Actors) -> None:
    """The 201 is built from the prepared rows, not read back: it must say what is stored."""
    fr = actors.make("ncb_operator", "FR")
    body = {
        "to": ["DE", "IT"],
        "subject": "Vehicle check",
        "body": "Is this car stolen?",
        "priority": "urgent",
        "handling": "H1",
        "references": [{"kind": "vehicle", "vin": "WVWZZZ1JZXW000001", "record_id": "rec-1"}],
    }
    sent = client.post("/api/v1/messages", headers=fr.headers, json=body)
    assert sent.status_code == 201, sent.text
    read = client.get(f"/api/v1/messages/{sent.json()['id']}", headers=fr.headers)
    assert read.status_code == 200, read.text
    assert sent.json() == read.json()
    assert sent.json()["signature_valid"] is True
    assert [r["mailbox"] for r in sent.json()["recipients"]] == ["DE", "IT"]
