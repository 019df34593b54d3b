"""What `concord restore` refuses, before touching anything: damaged or altered archives, files
that are no backup, a target that holds data, a backup of a newer schema or of the other
engine; and what it reports when the restored database differs from its manifest."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.engine import make_url

from concord.audit.chain import Signer
from concord.bootstrap import system_principal
from concord.clock import now as clock_now
from concord.db.database import Database, make_engine
from concord.members.models import Agency
from concord.members.service import create_agency
from concord.messaging import attachments, mailboxes
from concord.messaging.keys import KeyStore
from tests.backup.conftest import PDF, Installation, Installations, table_rows
from tests.conftest import TEST_SECRETS

Members = dict[str, bytes]


@dataclass
class Small:
    source: Installation
    archive: Path
    attachment: str
    rows: dict[str, list[tuple[Any, ...]]]


def fill(inst: Installation, names: list[str]) -> str:
    """A few agencies and one uploaded attachment; returns the attachment's id."""
    store = KeyStore.from_settings(inst.settings)
    with inst.db.transaction() as s:
        system = system_principal(s)
        for name in names:
            create_agency(s, system, name=name, kind="police", country="FR")
        box = mailboxes.ensure_ncbs(s, store, ["FR"], clock_now(inst.settings))["FR"]
        up = attachments.Upload(inst.store, "application/pdf", 10 * 2**20)
        up.feed(PDF)
        digest = up.finish()
        row = attachments.record(
            s, system, store, box, up, "a.pdf", digest, clock_now(inst.settings)
        )
        return row.id


@pytest.fixture(scope="module")
def small(module_installations: Installations) -> Small:
    source = module_installations.make()
    attachment = fill(source, ["Police judiciaire", "Gendarmerie nationale"])
    rows = table_rows(source.db)
    archive = module_installations.base / "small.backup"
    result = source.cli("backup", str(archive))
    assert result.exit_code == 0, result.stderr
    return Small(source, archive, attachment, rows)


def rewrite(
    archive: Path,
    out: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    members: Callable[[Members], None] | None = None,
    sign: bool = True,
) -> Path:
    """A copy of ``archive`` with its manifest and/or members changed; the manifest signed
    again with the installations' audit signing key (as by someone who holds it) unless
    ``sign`` is False."""
    with tarfile.open(archive) as tar:
        data = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    meta = json.loads(data.pop("manifest.json"))
    if manifest:
        manifest(meta)
    if members:
        members(data)
    if sign:
        signer = Signer.from_seed(TEST_SECRETS["audit_signing_key"])
        meta.pop("signature")
        meta["signature"] = {"key_id": signer.key_id, "ed25519": signer.sign(meta)}
    data["manifest.json"] = json.dumps(meta).encode()
    with tarfile.open(out, "w") as tar:
        for name, body in data.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return out


def flip(members: Members, name: str) -> None:
    body = bytearray(members[name])
    body[len(body) // 2] ^= 0x01
    members[name] = bytes(body)


def database_member(members: Members) -> str:
    return next(n for n in members if n.startswith("database."))


def untouched(target: Installation) -> None:
    """A blank target is still blank: no table, no attachment file."""
    with target.db.engine.connect() as conn:
        assert inspect(conn).get_table_names() == []
    assert not target.store.exists() or list(target.store.iterdir()) == []


DAMAGE: dict[str, Callable[[Small, Members], None]] = {
    "database byte flipped": lambda _s, m: flip(m, database_member(m)),
    "attachment byte flipped": lambda s, m: flip(m, f"attachments/{s.attachment}"),
    "attachment removed": lambda s, m: m.pop(f"attachments/{s.attachment}") and None,
    "member added": lambda _s, m: m.update({"attachments/extra": b"x"}),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_archive_is_refused_before_anything_is_touched(
    damage: str, small: Small, installations: Installations, tmp_path: Path
) -> None:
    bad = rewrite(
        small.archive, tmp_path / "bad.backup", members=lambda m: DAMAGE[damage](small, m)
    )
    target = installations.make(migrated=False)
    result = target.cli("restore", str(bad))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "damaged or was altered; nothing was restored" in result.stderr
    untouched(target)


def test_a_file_that_is_no_backup_is_refused(installations: Installations, tmp_path: Path) -> None:
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a tar file at all" * 100)
    target = installations.make(migrated=False)
    result = target.cli("restore", str(junk))
    assert result.exit_code == 2
    assert "not a readable Concord backup" in result.stderr
    empty_tar = tmp_path / "empty.tar"
    with tarfile.open(empty_tar, "w"):
        pass
    result = target.cli("restore", str(empty_tar))
    assert result.exit_code == 2 and "no manifest.json" in result.stderr
    untouched(target)


def test_a_database_in_use_is_refused(small: Small, installations: Installations) -> None:
    result = small.source.cli("restore", str(small.archive))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "the target is not empty" in result.stderr
    assert "agencies (2 rows)" in result.stderr and "--force" in result.stderr
    # the source's own data are unchanged, except the audit of the backup
    after = table_rows(small.source.db)
    assert after["agencies"] == small.rows["agencies"]
    assert after["attachments"] == small.rows["attachments"]

    # an empty database beside an attachment store that holds files is in use too
    target = installations.make()
    target.store.mkdir()
    (target.store / "left-over").write_bytes(b"x")
    result = target.cli("restore", str(small.archive))
    assert result.exit_code == 1 and "the attachment store" in result.stderr


def test_a_freshly_migrated_database_counts_as_empty(
    small: Small, installations: Installations
) -> None:
    target = installations.make()  # as after `concord db upgrade`: reference data only
    result = target.cli("restore", str(small.archive))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "restore OK" in result.stdout and "audit chain OK" in result.stdout
    restored = table_rows(target.db)
    for table in ("agencies", "attachments", "mailboxes", "mailbox_keys", "accounts"):
        assert restored[table] == small.rows[table], table


def test_force_replaces_what_the_target_held(small: Small, installations: Installations) -> None:
    target = installations.make()
    fill(target, ["Doomed agency"])
    result = target.cli("restore", str(small.archive), "--force")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    restored = table_rows(target.db)
    for table in ("agencies", "attachments", "mailboxes", "mailbox_keys", "accounts"):
        assert restored[table] == small.rows[table], table
    with target.db.session() as s:
        assert "Doomed agency" not in set(s.execute(select(Agency.name)).scalars())
    name = small.attachment
    assert (target.store / name).read_bytes() == (small.source.store / name).read_bytes()


def test_a_backup_of_a_newer_schema_is_refused(
    small: Small, installations: Installations, tmp_path: Path
) -> None:
    def future(m: dict[str, Any]) -> None:
        m["alembic_revision"] = "9999_from_the_future"
        m["concord_version"] = "99.0.0"

    newer = rewrite(small.archive, tmp_path / "newer.backup", manifest=future)
    target = installations.make(migrated=False)
    result = target.cli("restore", str(newer))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "9999_from_the_future is unknown to this code" in result.stderr
    assert "upgrade Concord before restoring it" in result.stderr
    untouched(target)


def test_a_backup_of_the_other_engine_is_refused(
    small: Small, installations: Installations, tmp_path: Path
) -> None:
    other = "postgresql" if installations.dialect == "sqlite" else "sqlite"

    def swap(m: dict[str, Any]) -> None:
        m["engine"] = other

    moved = rewrite(small.archive, tmp_path / "other.backup", manifest=swap)
    target = installations.make(migrated=False)
    result = target.cli("restore", str(moved))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert f"this is a {other} backup" in result.stderr
    untouched(target)


def test_a_restore_that_differs_from_its_manifest_fails(
    small: Small, installations: Installations, tmp_path: Path
) -> None:
    def lie(m: dict[str, Any]) -> None:
        m["tables"]["agencies"] += 1
        m["audit_head"]["hash"] = "0" * 64

    lying = rewrite(small.archive, tmp_path / "lying.backup", manifest=lie)
    target = installations.make(migrated=False)
    result = target.cli("restore", str(lying), "--json")
    assert result.exit_code == 1, (result.stdout, result.stderr)
    answer = json.loads(result.stdout)
    assert not answer["ok"] and answer["mismatched_tables"] == ["agencies"]
    assert answer["tables"]["agencies"] == {"manifest": 3, "restored": 2}
    assert answer["audit"]["ok"] and not answer["audit_head_matches"]
    result = installations.make(migrated=False).cli("restore", str(lying))
    assert result.exit_code == 1 and "restore FAILED" in result.stdout


def test_a_forged_manifest_is_refused_before_anything_is_touched(
    small: Small, installations: Installations, tmp_path: Path
) -> None:
    """Checksums alone would let a forger swap the database and fix up the manifest; the
    manifest's signature (the audit signing key) does not."""

    def forge(members: Members) -> None:
        flip(members, database_member(members))

    def fix_up(m: dict[str, Any]) -> None:
        name = database_member(dict.fromkeys(m["members"], b""))
        m["members"][name]["sha256"] = "0" * 64

    forged = rewrite(
        small.archive, tmp_path / "forged.backup", manifest=fix_up, members=forge, sign=False
    )
    target = installations.make(migrated=False)
    result = target.cli("restore", str(forged))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "does not match its signature" in result.stderr
    untouched(target)
    unsigned = rewrite(
        small.archive,
        tmp_path / "unsigned.backup",
        manifest=lambda m: m.pop("signature") and None,
        sign=False,
    )
    result = target.cli("restore", str(unsigned))
    assert result.exit_code == 2 and "is not signed" in result.stderr
    other = installations.make(migrated=False, audit_signing_key="another-installation-key-0123")
    result = other.cli("restore", str(small.archive))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "signed by another audit signing key" in result.stderr
    untouched(other)


def test_backup_never_overwrites(small: Small) -> None:
    before = small.archive.read_bytes()
    result = small.source.cli("backup", str(small.archive))
    assert result.exit_code == 1 and "exists" in result.stderr
    assert small.archive.read_bytes() == before


def test_postgresql_password_stays_out_of_the_archive(
    small: Small, installations: Installations, tmp_path: Path
) -> None:
    if installations.dialect != "postgresql":
        pytest.skip("SQLite has no password")
    password = "pw-never-in-a-backup-7f3a"
    url = make_url(small.source.url).set(password=password).render_as_string(False)
    db = Database(make_engine(url))  # the test server trusts loopback: any password works
    inst = Installation(url, db, small.source.settings.model_copy(), small.source.store)
    try:
        out = tmp_path / "pw.backup"
        result = inst.cli("backup", str(out), "--json")
        assert result.exit_code == 0, result.stderr
        assert password.encode() not in out.read_bytes()
        with tarfile.open(out) as tar:
            manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        assert manifest["source"].endswith(make_url(url).database or "")
        missing = inst.cli("backup", str(tmp_path / "none.backup"), "--pg-bin", str(tmp_path))
        assert missing.exit_code == 1
        assert f"pg_dump and pg_restore (PostgreSQL client tools) were not found in {tmp_path}" in (
            missing.stderr
        )
        assert not (tmp_path / "none.backup").exists()
    finally:
        db.dispose()
