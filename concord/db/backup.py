"""Backing up and restoring a whole installation: one archive file, checked before it is used.

An archive is an uncompressed tar file holding

- the database: a SQLite file made with SQLite's online backup API (``database.sqlite3``), or a
  ``pg_dump --format=custom`` dump (``database.pgdump``), both taken from one snapshot while the
  server keeps writing (:mod:`.backup_sqlite`, :mod:`.backup_postgres`);
- the encrypted attachment files that the snapshot's ``attachments`` rows name
  (``attachments/<path>``), as stored: they are the only data Concord keeps outside the
  database (audit checkpoints and keys are rows; the secrets they need are settings);
- ``manifest.json``, written last: engine, Alembic revision, Concord version, creation time,
  the SHA-256 and size of every other member, the row count of every table and the audit
  chain's head, all from the same snapshot. It names the database, never its password. It is
  signed (Ed25519) with the installation's audit signing key (``CONCORD_AUDIT_SIGNING_KEY``):
  the checksums catch damage, the signature catches a forged archive.

A restore refuses a database that holds anything beyond what ``concord db upgrade`` puts in it
(unless forced), a backup of another engine, and a backup made by a newer schema than the code
knows; it checks every member's SHA-256 into a staging folder before touching anything, then
loads the database, puts the files in place, and compares every table's row count with the
manifest and verifies the audit chain. It refuses a manifest whose signature does not verify
under its own audit signing key (format 1 archives, made before signing, carry none).
"""

from __future__ import annotations

import getpass
import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from sqlalchemy.engine import URL

import concord
from concord import audit
from concord.audit.chain import Signer
from concord.audit.verify import VerifyResult
from concord.db import backup_postgres, backup_sqlite
from concord.db.database import Database
from concord.errors import ConflictError, ValidationFailedError
from concord.settings import Settings

FORMAT = "concord-backup"
FORMAT_VERSION = 2
#: the manifest's key holding its signature (over the rest of it)
SIGNATURE = "signature"
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES = "attachments/"
SAFE_PATH = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,299}$")
#: tables ``concord db upgrade`` fills: rows there do not make a database "in use"
REFERENCE_TABLES = frozenset(
    {"alembic_version", "countries", "ncbs", "usd_rates", "audit_head", "record_change_counter"}
)
BUFFER = 1024 * 1024

#: progress of a long step: (what, done, total)
Progress = Callable[[str, int, int], None]


class _Snapshot(Protocol):
    engine: str

    def tables(self) -> list[str]: ...
    def scalar(self, sql: str) -> object: ...
    def column(self, sql: str) -> list[object]: ...


@dataclass
class BackupResult:
    path: Path
    sha256: str
    size: int
    manifest: dict[str, Any]
    missing: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    rows: dict[str, tuple[int, int | None]]  # table: (in the manifest, in the database)
    chain: VerifyResult
    missing_files: list[str]

    @property
    def mismatched(self) -> dict[str, tuple[int, int | None]]:
        return {t: pair for t, pair in self.rows.items() if pair[0] != pair[1]}

    @property
    def head_matches(self) -> bool:
        head = self.manifest.get("audit_head", {})
        return bool(
            self.chain.head_seq == head.get("seq") and self.chain.head_hash == head.get("hash")
        )

    @property
    def ok(self) -> bool:
        return (
            not self.mismatched and self.chain.ok and self.head_matches and not self.missing_files
        )


def nothing(_what: str, _done: int, _total: int) -> None:
    return None


def engine_of(db: Database) -> str:
    name = db.dialect
    if name not in DATABASE_MEMBER:
        raise ValidationFailedError(f"backups support SQLite and PostgreSQL, not {name}")
    return name


def _source(url: URL) -> str:
    """Where the database is, for the manifest: without the password, ever."""
    if url.get_backend_name() == "sqlite":
        return Path(url.database or "").name
    return url.set(password=None, query={}).render_as_string(hide_password=True)


class _Hashing:
    """A file object that hashes and counts what is read through it."""

    def __init__(self, f: IO[bytes], tick: Callable[[int], None]) -> None:
        self.f, self.tick = f, tick
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.digest.update(data)
        self.size += len(data)
        self.tick(len(data))
        return data


class _HashingWriter:
    def __init__(self, f: IO[bytes]) -> None:
        self.f = f
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.f.write(data)

    def flush(self) -> None:
        self.f.flush()


def _facts(snap: _Snapshot) -> dict[str, Any]:
    tables = snap.tables()
    if "alembic_version" not in tables:
        raise ValidationFailedError("the database has no schema: nothing to back up")
    counts = {t: int(str(snap.scalar(f'SELECT count(*) FROM "{t}"'))) for t in tables}
    head_seq, head_hash = 0, None
    if "audit_head" in tables:
        head_seq = int(str(snap.scalar("SELECT seq FROM audit_head WHERE id = 1") or 0))
        head_hash = snap.scalar("SELECT hash FROM audit_head WHERE id = 1")
    paths: list[str] = []
    if "attachments" in tables:
        paths = sorted(str(p) for p in snap.column("SELECT path FROM attachments"))
    return {
        "alembic_revision": snap.scalar("SELECT version_num FROM alembic_version"),
        "tables": counts,
        "audit_head": {"seq": head_seq, "hash": head_hash},
        "paths": paths,
    }


def create_backup(
    db: Database,
    settings: Settings,
    out: Path,
    *,
    pg_bin: Path | None = None,
    progress: Progress | None = None,
) -> BackupResult:
    """Write the archive ``out`` (refused if it exists) from one snapshot of the database and
    the attachment store, and audit it (``backup.create``)."""
    engine = engine_of(db)
    tick = progress or nothing
    if out.exists():
        raise ConflictError(f"{out} exists: a backup never overwrites a file")
    if not out.parent.is_dir():
        raise ValidationFailedError(f"{out.parent} is not a directory")
    member = DATABASE_MEMBER[engine]
    with tempfile.TemporaryDirectory(prefix=".concord-backup-", dir=out.parent) as tmp:
        dumped = Path(tmp) / member
        facts = _dump(db, engine, dumped, pg_bin, tick)
        paths = facts.pop("paths")
        store = settings.messaging_attachment_dir
        files, missing = [], []
        for p in paths:
            if SAFE_PATH.match(p) and (store / p).is_file():
                files.append((FILES + p, store / p))
            else:
                missing.append(p)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "engine": engine,
            "source": _source(db.engine.url),
            "concord_version": concord.__version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            **facts,
            "missing_attachments": missing,
            "members": {},
        }
        signer = Signer.from_seed(settings.audit_signing_key.get_secret_value())
        sha, size = _write_archive(out, [(member, dumped), *files], manifest, tick, signer)
    result = BackupResult(out, sha, size, manifest, missing)
    with db.transaction() as session:
        audit.record(
            session,
            actor=None,
            action="backup.create",
            object_type="backup",
            object_id=sha[:32],
            payload={
                "archive": out.name,
                "sha256": sha,
                "engine": engine,
                "revision": manifest["alembic_revision"],
                "rows": sum(manifest["tables"].values()),
                "attachments": len(files),
                "os_user": getpass.getuser(),
            },
        )
    return result


def _dump(
    db: Database, engine: str, out: Path, pg_bin: Path | None, tick: Progress
) -> dict[str, Any]:
    if engine == "sqlite":
        with backup_sqlite.snapshot(db.engine.url) as lite:
            facts = _facts(lite)
            lite.dump(out, lambda done, total: tick("database", done, total))
            return facts
    with backup_postgres.snapshot(db.engine, pg_bin) as pg:
        facts = _facts(pg)
        total = len(facts["tables"])
        pg.dump(out, lambda done: tick("database", min(done, total), total))
        return facts


def _write_archive(
    out: Path,
    members: list[tuple[str, Path]],
    manifest: dict[str, Any],
    tick: Progress,
    signer: Signer,
) -> tuple[str, int]:
    """Stream the members into ``out`` (mode 0600, made durable, renamed into place), hashing
    each on the way; the manifest goes last, signed. Returns the archive's SHA-256 and size."""
    total = sum(path.stat().st_size for _, path in members)
    done = 0

    def moved(n: int) -> None:
        nonlocal done
        done += n
        tick("archive", done, total)

    partial = out.with_name(f".{out.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw:
            writer = _HashingWriter(raw)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
                for name, path in members:
                    with path.open("rb") as f:
                        info = tarfile.TarInfo(name)
                        info.size = os.fstat(f.fileno()).st_size
                        info.mtime = int(os.fstat(f.fileno()).st_mtime)
                        info.mode = 0o600
                        reader = _Hashing(f, moved)
                        tar.addfile(info, reader)
                    manifest["members"][name] = {
                        "sha256": reader.digest.hexdigest(),
                        "size": reader.size,
                    }
                manifest[SIGNATURE] = {"key_id": signer.key_id, "ed25519": signer.sign(manifest)}
                body = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(body), 0o600
                info.mtime = int(datetime.now(UTC).timestamp())
                tar.addfile(info, io.BytesIO(body))
            raw.flush()
            os.fsync(raw.fileno())
            size = raw.tell()
        partial.replace(out)
        fsync_dir(out.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return writer.digest.hexdigest(), size


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
