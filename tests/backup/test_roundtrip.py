"""`concord backup` then `concord restore` into an empty database finds everything again: every
row of every table, every message decryptable with the restored keys, the attachment file
byte for byte, every audit event, and an audit chain that verifies."""

from __future__ import annotations

import hashlib
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from concord.audit.chain import Signer
from concord.audit.models import AuditEvent
from concord.audit.verify import verify_chain
from concord.clock import now as clock_now
from concord.db.migrate import head_revision
from concord.messaging import attachments, content, crypto
from concord.messaging.keys import KeyStore
from concord.messaging.models import Message, MessageKey
from concord.messaging.reading import open_message, verify_signature
from tests.backup.conftest import (
    PDF,
    SECRET_BODY,
    Installation,
    Installations,
    Populated,
    populate,
    table_rows,
)
from tests.conftest import TEST_SECRETS

AUDIT_TABLES = {"audit_events", "audit_payloads", "audit_head"}


@dataclass
class Backup:
    source: Installation
    populated: Populated
    rows: dict[str, list[tuple[Any, ...]]]  # the source's rows when it was backed up
    messages: dict[tuple[str, str], dict[str, Any]]
    archive: Path
    answer: dict[str, Any]


def decrypt_all(inst: Installation) -> dict[tuple[str, str], dict[str, Any]]:
    """Every copy of every message (each mailbox's), decrypted with the installation's keys:
    (message id, mailbox id) -> content; every signature checked."""
    store = KeyStore.from_settings(inst.settings)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    with inst.db.session() as s:
        for m in s.execute(select(Message)).scalars():
            assert verify_signature(s, m), m.id
            assert m.mode == "server"
            for key in s.execute(select(MessageKey).where(MessageKey.message_id == m.id)).scalars():
                dek, _ = store.keys(s, key.mailbox_id, key.key_version)
                cek = crypto.decrypt(dek, key.wrapped_cek, content.key_aad(m.id, key.mailbox_id))
                plain = crypto.decrypt(cek, m.content, content.content_aad(m.id))
                assert crypto.sha256(plain) == content.claims(m)["content_sha256"]
                out[(m.id, key.mailbox_id)] = content.unpack(plain)
    return out


@pytest.fixture(scope="module")
def backup(module_installations: Installations) -> Backup:
    source = module_installations.make()
    populated = populate(source)
    rows = table_rows(source.db)
    messages = decrypt_all(source)
    archive = module_installations.base / "concord.backup"
    result = source.cli("backup", str(archive), "--json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return Backup(source, populated, rows, messages, archive, json.loads(result.stdout))


def test_the_archive_and_its_manifest(backup: Backup) -> None:
    answer, rows = backup.answer, backup.rows
    assert answer["archive"] == str(backup.archive)
    assert answer["sha256"] == hashlib.sha256(backup.archive.read_bytes()).hexdigest()
    assert backup.archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(backup.archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        names = tar.getnames()
        for name, member in manifest["members"].items():
            data = tar.extractfile(name).read()  # type: ignore[union-attr]
            assert hashlib.sha256(data).hexdigest() == member["sha256"], name
            assert len(data) == member["size"]
    assert names[-1] == "manifest.json"
    assert set(names) == {"manifest.json", *manifest["members"]}
    dialect = "sqlite" if backup.source.url.startswith("sqlite") else "postgresql"
    database = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[dialect]
    attachment = f"attachments/{backup.populated.attachment_id}"
    assert set(manifest["members"]) == {database, attachment}
    assert manifest["engine"] == dialect
    assert manifest["alembic_revision"] == head_revision()
    assert manifest["concord_version"]
    assert manifest["created_at"].endswith("Z")
    assert manifest["tables"] == {t: len(r) for t, r in rows.items()}
    head = rows["audit_head"][0]
    assert manifest["audit_head"] == {"seq": head[1], "hash": head[2]}
    assert manifest["tables"]["messages"] >= 8 and manifest["tables"]["records"] > 300
    assert manifest["tables"]["attachments"] == 1
    assert manifest["tables"]["audit_events"] > 1000


def test_restore_into_a_blank_database_finds_everything(
    backup: Backup, installations: Installations
) -> None:
    target = installations.make(migrated=False)  # not even a schema
    result = target.cli("restore", str(backup.archive), "--json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    answer = json.loads(result.stdout)
    assert answer["ok"] and answer["mismatched_tables"] == [] and answer["missing_files"] == []
    assert answer["audit"]["ok"] and answer["audit_head_matches"]

    restored, before = table_rows(target.db), backup.rows
    assert set(restored) == set(before)
    for table in sorted(set(before) - AUDIT_TABLES):
        assert restored[table] == before[table], table
    # the audit trail: every event and payload as it was, then the restore's own event
    seq = before["audit_head"][0][1]
    assert restored["audit_events"][: len(before["audit_events"])] == before["audit_events"]
    assert restored["audit_payloads"][: len(before["audit_payloads"])] == before["audit_payloads"]
    with target.db.session() as s:
        extra = s.execute(select(AuditEvent).where(AuditEvent.seq > seq)).scalars().all()
        assert [(e.action, e.outcome) for e in extra] == [("backup.restore", "ok")]
        signer = Signer.from_seed(TEST_SECRETS["audit_signing_key"])
        chain = verify_chain(s, signer)
        assert chain.ok and chain.checked == seq + 1

    # every copy of every message decrypts, with the restored wrapped keys and the same KEK
    assert decrypt_all(target) == backup.messages
    # the attachment: the same encrypted file, and its plaintext for the recipient
    name = backup.populated.attachment_id
    assert (target.store / name).read_bytes() == (backup.source.store / name).read_bytes()
    de = target.principal("de.operator")
    store = KeyStore.from_settings(target.settings)
    with target.db.transaction() as s:
        opened = open_message(s, de, store, backup.populated.message_id, clock_now(target.settings))
        assert opened.content is not None and opened.content["body"] == SECRET_BODY
        download = attachments.open_download(
            s, de, store, target.store, backup.populated.message_id, name
        )
        assert b"".join(download.chunks) == PDF
