"""Keys of messaging: KEK rotation without re-encryption, erasure (crypto-shredding) with the
audit chain intact, mailbox key rotation, and signatures a third party can verify."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from concord.app import create_app
from concord.audit.chain import Signer
from concord.audit.models import AuditEvent, AuditPayload
from concord.audit.verify import verify_chain
from concord.db.database import Database
from concord.messaging import keyops, mailboxes
from concord.messaging.keys import KeyStore
from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.conftest import TEST_SECRETS, make_settings
from tests.factories import Actor, Actors

NEW_KEK = "a-brand-new-messaging-kek-2025"


@pytest.fixture
def cli(db: Database, engine_url: str) -> Cli:
    """The CLI in development (the system actor, a gs_admin, by default)."""
    return Cli(db, make_settings(engine_url, environment="development"))


def send(client: TestClient, actor: Actor, body: dict[str, Any]) -> Any:
    r = client.post("/api/v1/messages", headers=actor.headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def read(client: TestClient, actor: Actor, message_id: str, code: int = 200) -> Any:
    r = client.get(f"/api/v1/messages/{message_id}", headers=actor.headers)
    assert r.status_code == code, r.text
    return r.json()


@contextmanager
def app_with(settings: Settings, db: Database) -> Iterator[TestClient]:
    """A fresh app (a fresh key store, nothing cached) with these settings."""
    with TestClient(create_app(settings, db=db)) as c:
        yield c


def raw(db: Database, sql: str) -> dict[Any, Any]:
    with db.session() as s:
        return {r[0]: tuple(bytes(v) if isinstance(v, memoryview) else v for v in r[1:])
                for r in s.execute(text(sql))}  # fmt: skip


def test_kek_rotation_rewraps_keys_only(
    client: TestClient, actors: Actors, db: Database, engine_url: str
) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    sent = [send(client, fr, {"to": ["DE"], "subject": f"s{i}", "body": f"b{i}"}) for i in (1, 2)]
    keys_before = raw(
        db, "select mailbox_id, kek_id, wrapped_dek, wrapped_signing from mailbox_keys"
    )
    content_before = raw(db, "select id, content from messages")

    rotating = make_settings(
        engine_url,
        environment="development",
        messaging_kek=NEW_KEK,
        messaging_kek_previous=TEST_SECRETS["messaging_kek"],
    )
    done = Cli(db, rotating).json("messages", "rotate-kek")
    assert done["rewrapped"] == len(keys_before) == 2 and done["already_current"] == 0
    again = Cli(db, rotating).json("messages", "rotate-kek")
    assert again["rewrapped"] == 0 and again["already_current"] == 2

    keys_after = raw(
        db, "select mailbox_id, kek_id, wrapped_dek, wrapped_signing from mailbox_keys"
    )
    assert keys_after.keys() == keys_before.keys()
    for box, (kek_id, dek, signing) in keys_after.items():
        old_kek, old_dek, old_signing = keys_before[box]
        assert kek_id == done["kek_id"] != old_kek
        assert dek != old_dek and signing != old_signing
    assert raw(db, "select id, content from messages") == content_before  # not re-encrypted

    only_new = make_settings(engine_url, messaging_kek=NEW_KEK)  # no previous KEK
    with app_with(only_new, db) as c:
        for i, m in enumerate(sent, 1):
            assert read(c, de, m["id"])["body"] == f"b{i}"
            assert read(c, fr, m["id"])["signature_valid"] is True
        send(c, fr, {"to": ["DE"], "subject": "after", "body": "after the rotation"})
    with app_with(make_settings(engine_url), db) as c:  # only the old KEK: refused, clearly
        assert "CONCORD_MESSAGING_KEK_PREVIOUS" in read(c, de, sent[0]["id"], 409)["detail"]


def test_kek_rotation_needs_the_previous_secret_and_an_admin(
    cli: Cli, actors: Actors, engine_url: str
) -> None:
    fails(cli("messages", "rotate-kek"), 2, "CONCORD_MESSAGING_KEK_PREVIOUS")
    admin = actors.make("ncb_admin", "FR").principal.username
    fails(cli("--as", admin, "messages", "rotate-kek"), 1, "Secretariat")


def test_erasure_shreds_one_mailbox_and_the_chain_verifies(
    client: TestClient, actors: Actors, db: Database, settings: Settings
) -> None:
    fr, de, es = (actors.make("ncb_operator", c) for c in ("FR", "DE", "ES"))
    m = send(client, fr, {"to": ["DE", "ES"], "subject": "Lead", "body": "The lead."})
    gs = actors.make("gs_admin")
    ncb_admin = actors.make("ncb_admin", "FR")
    url = "/api/v1/mailboxes/DE/erase"
    reason = {"reason": "Erasure ordered by the CCF, decision 2025/17"}
    assert client.post(url, headers=ncb_admin.headers, json=reason).status_code == 403
    r = client.post(url, headers=gs.headers, json=reason)
    assert r.status_code == 200, r.text
    assert r.json() == {"address": "DE", "key_versions_destroyed": 1}

    gone = read(client, de, m["id"], 410)
    assert gone["code"] == "gone"
    assert read(client, es, m["id"])["body"] == "The lead."
    assert read(client, fr, m["id"])["body"] == "The lead."
    with db.session() as s:
        assert verify_chain(s, Signer.from_seed(TEST_SECRETS["audit_signing_key"])).ok
        event = s.execute(
            select(AuditEvent).where(AuditEvent.action == "mailbox.erase")
        ).scalar_one()
        assert event.actor_id == gs.account_id
        payload = s.get(AuditPayload, event.seq)
        assert payload is not None and "decision 2025/17" in payload.data
        erased = "select wrapped_dek from mailbox_keys k join mailboxes m on m.id = k.mailbox_id"
        dek = s.execute(text(f"{erased} where m.address = 'DE'")).scalar_one()
        assert dek is None


def test_erasure_by_cli_then_rekeying(cli: Cli, actors: Actors, db: Database) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    es = actors.make("ncb_admin", "ES").principal.username
    m = cli.json("--as", fr, "messages", "send", "--to", "ES", "--subject", "s", "--body", "old")
    fails(cli("messages", "erase-mailbox", "ES", "--reason", "r"), 1, "Aborted")  # no --yes
    fails(cli("--as", es, "messages", "erase-mailbox", "ES", "--reason", "r", "--yes"), 1)
    out = cli.json("messages", "erase-mailbox", "es", "--reason", "Court order 12/2025", "--yes")
    assert out["key_versions_destroyed"] == 1
    fails(cli("--as", es, "messages", "read", m["id"]), 1, "erased")
    fails(cli("--as", fr, "messages", "send", "--to", "ES", "--subject", "s", "--body", "b"), 1)
    # the mailbox gets new keys; what it held before stays unreadable
    assert cli.json("--as", es, "messages", "rotate-mailbox-keys")["key_version"] == 2
    new = cli.json("--as", fr, "messages", "send", "--to", "ES", "--subject", "s", "--body", "new")
    assert cli.json("--as", es, "messages", "read", new["id"])["body"] == "new"
    fails(cli("--as", es, "messages", "read", m["id"]), 1, "erased")
    assert cli.json("audit", "verify")["ok"] is True


def test_mailbox_key_rotation_keeps_old_messages_readable(
    client: TestClient, actors: Actors, db: Database
) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    fr_admin, de_admin = actors.make("ncb_admin", "FR"), actors.make("ncb_admin", "DE")
    old = send(client, fr, {"to": ["DE"], "subject": "s", "body": "before"})
    for admin in (fr_admin, de_admin):
        r = client.post("/api/v1/mailboxes/mine/rotate-keys", headers=admin.headers)
        assert r.status_code == 200, r.text
        assert r.json()["key_version"] == 2
    assert client.post("/api/v1/mailboxes/mine/rotate-keys", headers=fr.headers).status_code == 403
    new = send(client, fr, {"to": ["DE"], "subject": "s", "body": "after"})
    got_old, got_new = read(client, de, old["id"]), read(client, de, new["id"])
    assert got_old["body"] == "before" and got_new["body"] == "after"
    assert got_old["signer_public_key"] != got_new["signer_public_key"]
    assert (
        got_new["signer_public_key"]
        == client.get("/api/v1/mailboxes/mine", headers=fr.headers).json()["signing_public"]
    )
    with db.session() as s:
        versions: dict[str, int] = dict(s.execute(
            text("select id, signing_version from messages where id in (:a, :b)"),
            {"a": old["id"], "b": new["id"]},
        ).all())  # fmt: skip
    assert versions == {old["id"]: 1, new["id"]: 2}
    # and with a fresh key store (nothing cached), both versions unwrap
    with db.transaction() as s:
        store = KeyStore.from_settings(make_settings("sqlite://"))
        box = mailboxes.by_address(s, "DE")
        assert store.keys(s, box.id, 1) != store.keys(s, box.id, 2)
        assert keyops.rotate_mailbox(s, store, box, box.created_at) == 3


def documented_verify() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The ``verify`` example of docs/messaging-cli.md, as printed there."""
    page = (Path(__file__).resolve().parents[2] / "docs" / "messaging-cli.md").read_text("utf-8")
    code = page.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(compile(code, "docs/messaging-cli.md", "exec"), namespace)  # noqa: S102 - our docs
    verify: Callable[[dict[str, Any]], dict[str, Any]] = namespace["verify"]
    return verify


def test_third_party_verifies_the_signature(client: TestClient, actors: Actors) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    refs = [{"kind": "document", "document_number": "15AB12345", "country": "FR"}]
    sent = send(
        client, fr, {"to": ["DE"], "subject": "Check", "body": "Body é", "references": refs}
    )
    got = read(client, de, sent["id"])
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(got["signer_public_key"]))
    signed = b"concord-message-v1\n" + got["statement"].encode()
    public.verify(bytes.fromhex(got["signature"]), signed)  # raises if not valid
    claims = json.loads(got["statement"])
    assert claims["from"] == "FR" and claims["to"] == ["DE"] and claims["id"] == sent["id"]
    content = {"subject": got["subject"], "body": got["body"], "references": got["references"]}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == claims["content_sha256"]
    assert documented_verify()(got) == claims
    with pytest.raises(ValueError, match="not what the sender signed"):
        documented_verify()({**got, "body": "Body e"})
    forged = signed.replace(b'"priority":"routine"', b'"priority":"immediate"')
    with pytest.raises(InvalidSignature):
        public.verify(bytes.fromhex(got["signature"]), forged)


def test_an_expired_mailbox_snapshot_is_read_again_by_one_sender_only(
    monkeypatch: pytest.MonkeyPatch, db: Database, settings: Settings
) -> None:
    """Senders on the event loop (``stale_ok``) keep an expired snapshot while the first one to
    find it expired reads it again, for at most BOX_GRACE_SECONDS; readers of the database
    never get an expired snapshot."""
    from types import SimpleNamespace

    from concord.db.base import utcnow
    from concord.messaging import keys

    clock = [1000.0]
    monkeypatch.setattr(keys, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    store = KeyStore.from_settings(settings)
    with db.session() as s:
        mailboxes.ensure_ncbs(s, store, ["FR"], utcnow())
        s.commit()
    with db.session() as s:
        store.remember(s, mailboxes.by_address(s, "FR"))
    assert store.box("FR", stale_ok=True) is not None
    clock[0] += keys.BOX_TTL_SECONDS + 0.1
    assert store.box("FR") is None  # a reader of the database reads it
    assert store.box("FR", stale_ok=True) is None  # the first sender on the loop reads it
    assert store.box("FR", stale_ok=True) is not None  # the others keep it meanwhile
    clock[0] += keys.BOX_GRACE_SECONDS
    assert store.box("FR", stale_ok=True) is None  # nobody came back: never beyond the grace
    with db.session() as s:
        store.remember(s, mailboxes.by_address(s, "FR"))
    assert store.box("FR") is not None
