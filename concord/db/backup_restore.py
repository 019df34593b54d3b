"""Restoring an archive made by :func:`concord.db.backup.create_backup` (see that module).

Nothing is touched before the archive has passed every check: readable manifest, same engine,
a schema revision the code knows, an empty target (unless forced), and every member's SHA-256
and size, checked while the members are copied into a staging folder beside the attachment
store. Then the database is loaded, the attachment files are moved into place, and the result
is compared with the manifest (row count of every table, audit chain verified from its start to
the same head, every attachment file present). The restore itself is audited
(``backup.restore``) in the restored trail, after the comparison.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from concord import audit
from concord.audit.chain import Signer
from concord.audit.verify import verify_chain
from concord.bootstrap import SYSTEM_USERNAME
from concord.db import backup_postgres, backup_sqlite
from concord.db.backup import (
    BUFFER,
    DATABASE_MEMBER,
    FILES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    REFERENCE_TABLES,
    SAFE_PATH,
    SIGNATURE,
    Progress,
    RestoreResult,
    engine_of,
    fsync_dir,
    nothing,
)
from concord.db.database import Database
from concord.db.migrate import alembic_config, head_revision
from concord.errors import ConflictError, TamperingDetectedError, ValidationFailedError
from concord.settings import Settings


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        info = tar.getmember(MANIFEST)
        f = tar.extractfile(info)
        data = json.loads(f.read().decode("utf-8")) if f is not None else None
    except KeyError:
        raise ValidationFailedError(f"not a Concord backup: it has no {MANIFEST}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TamperingDetectedError(f"the backup's {MANIFEST} is unreadable: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationFailedError(f"not a Concord backup: {MANIFEST} is not Concord's")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ConflictError(
            f"this backup's format ({version}) is newer than this Concord reads "
            f"({FORMAT_VERSION}): restore it with the Concord version that made it "
            f"({data.get('concord_version')}) or a later one"
        )
    members = data.get("members")
    if not isinstance(members, dict) or not isinstance(data.get("tables"), dict):
        raise TamperingDetectedError(f"the backup's {MANIFEST} lacks its member or table lists")
    return data


def check_signature(manifest: dict[str, Any], settings: Settings) -> None:
    """The manifest must be signed by this installation's audit signing key (format 2 on)."""
    if manifest.get("format_version") == 1:
        return  # made before manifests were signed: its checksums are all there is
    signer = Signer.from_seed(settings.audit_signing_key.get_secret_value())
    signature = manifest.get(SIGNATURE)
    if not isinstance(signature, dict) or not isinstance(signature.get("ed25519"), str):
        raise TamperingDetectedError(f"the backup's {MANIFEST} is not signed")
    if signature.get("key_id") != signer.key_id:
        raise ConflictError(
            f"the backup was signed by another audit signing key (id {signature.get('key_id')}) "
            f"than this installation's ({signer.key_id}): restore with the "
            "CONCORD_AUDIT_SIGNING_KEY of the installation that made it"
        )
    unsigned = {k: v for k, v in manifest.items() if k != SIGNATURE}
    if not signer.verify(unsigned, signature["ed25519"]):
        raise TamperingDetectedError(
            f"the backup's {MANIFEST} does not match its signature: it was changed after the "
            "backup was made"
        )


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def check_compatible(manifest: dict[str, Any], engine: str) -> None:
    """Same engine, and a schema revision this code knows (not a newer one)."""
    source = manifest.get("engine")
    if source != engine:
        raise ValidationFailedError(
            f"this is a {source} backup and the configured database is {engine}: restore it "
            f"into a {source} database (moving between engines is not supported)"
        )
    revision = manifest.get("alembic_revision")
    if not isinstance(revision, str) or not revision:
        raise TamperingDetectedError("the backup's manifest names no schema revision")
    if revision not in known_revisions():
        raise ConflictError(
            f"this backup's schema revision {revision} is unknown to this code (head: "
            f"{head_revision()}): it was made by a newer Concord "
            f"({manifest.get('concord_version')}); upgrade Concord before restoring it"
        )


def in_use(db: Database, settings: Settings) -> list[str]:
    """What the target holds beyond the reference data of ``concord db upgrade`` (empty list:
    the target may be restored into)."""
    found: list[str] = []
    with db.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            if table in REFERENCE_TABLES:
                continue
            sql = f'SELECT count(*) FROM "{table}"'
            if table == "accounts":
                sql += f" WHERE username <> '{SYSTEM_USERNAME}'"
            rows = int(conn.execute(text(sql)).scalar_one())
            if rows:
                found.append(f"{table} ({rows} rows)")
    store = settings.messaging_attachment_dir
    if store.is_dir():
        files = [p for p in store.iterdir() if not p.name.startswith(".")]
        if files:
            found.append(f"the attachment store {store} ({len(files)} files)")
    return found


def _member_names(manifest: dict[str, Any]) -> set[str]:
    names = set(manifest["members"])
    db_member = DATABASE_MEMBER[manifest["engine"]]
    if db_member not in names:
        raise TamperingDetectedError(f"the backup's manifest lists no {db_member}")
    for name in names - {db_member}:
        if not (name.startswith(FILES) and SAFE_PATH.match(name.removeprefix(FILES))):
            raise TamperingDetectedError(f"the backup's manifest lists an unexpected '{name}'")
    return names


def stage(
    tar: tarfile.TarFile, manifest: dict[str, Any], staging: Path, tick: Progress
) -> list[str]:
    """Copy every member into ``staging`` checking its SHA-256 and size; raise naming every
    member that fails, is missing or is unexpected. Returns the names staged."""
    expected = _member_names(manifest)
    total = sum(int(m.get("size", 0)) for m in manifest["members"].values())
    done, bad, seen = 0, [], set()
    for info in tar:
        if info.name == MANIFEST:
            continue
        if info.name not in expected or info.name in seen or not info.isfile():
            bad.append(f"{info.name} (not listed in the manifest)")
            continue
        seen.add(info.name)
        source = tar.extractfile(info)
        assert source is not None
        digest = hashlib.sha256()
        target = staging / info.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with source, target.open("xb") as out:
            while chunk := source.read(BUFFER):
                digest.update(chunk)
                out.write(chunk)
                done += len(chunk)
                tick("checking", done, total)
            out.flush()
            os.fsync(out.fileno())
        want = manifest["members"][info.name]
        if digest.hexdigest() != want.get("sha256") or info.size != want.get("size"):
            bad.append(f"{info.name} (SHA-256 or size differs from the manifest)")
    bad += [f"{name} (missing from the archive)" for name in sorted(expected - seen)]
    if bad:
        raise TamperingDetectedError(
            "the backup is damaged or was altered; nothing was restored: " + "; ".join(bad)
        )
    return sorted(seen)


@contextmanager
def _open(archive: Path) -> Iterator[tarfile.TarFile]:
    try:
        tar = tarfile.open(archive, "r:")  # noqa: SIM115 - closed below
    except (tarfile.ReadError, OSError) as exc:
        raise ValidationFailedError(f"{archive}: not a readable Concord backup ({exc})") from None
    with tar:
        yield tar


def restore_backup(
    db: Database,
    settings: Settings,
    archive: Path,
    *,
    force: bool = False,
    pg_bin: Path | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore ``archive`` into the configured database and attachment store (see the
    module's docstring); ``force`` replaces whatever they hold."""
    tick = progress or nothing
    engine = engine_of(db)
    with _open(archive) as tar:
        manifest = read_manifest(tar)
        check_signature(manifest, settings)
        check_compatible(manifest, engine)
        if not force:
            found = in_use(db, settings)
            if found:
                raise ConflictError(
                    "the target is not empty: it holds " + ", ".join(found) + ". Restore into "
                    "an empty database (and attachment store), or pass --force to replace "
                    "everything in them (destructive)"
                )
        store = settings.messaging_attachment_dir
        store.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".concord-restore-", dir=store.parent) as tmp:
            staging = Path(tmp)
            staged = stage(tar, manifest, staging, tick)
            _load(db, engine, staging / DATABASE_MEMBER[engine], pg_bin, tick)
            _place_files(staging, [n for n in staged if n.startswith(FILES)], store, tick)
    result = compare(db, settings, manifest)
    with db.transaction() as session:
        audit.record(
            session,
            actor=None,
            action="backup.restore",
            outcome="ok" if result.ok else "failed",
            object_type="backup",
            object_id=hashlib.sha256(
                json.dumps(manifest["members"], sort_keys=True).encode()
            ).hexdigest()[:32],
            payload={
                "archive": archive.name,
                "created_at": manifest.get("created_at"),
                "source": manifest.get("source"),
                "revision": manifest.get("alembic_revision"),
                "mismatched_tables": sorted(result.mismatched),
                "chain_ok": result.chain.ok,
                "missing_files": len(result.missing_files),
            },
        )
    return result


def _load(db: Database, engine: str, staged: Path, pg_bin: Path | None, tick: Progress) -> None:
    db.dispose()  # no pooled connection of ours holds the old database
    if engine == "sqlite":
        backup_sqlite.check_file(staged)
        backup_sqlite.restore_file(
            staged, db.engine.url, lambda done, total: tick("database", done, total)
        )
    else:
        backup_postgres.find_tools(pg_bin)  # before dropping anything
        backup_postgres.wipe(db.engine)
        backup_postgres.restore_file(
            staged, db.engine, pg_bin, lambda done: tick("database", done, 0)
        )
    db.dispose()


def _place_files(staging: Path, names: list[str], store: Path, tick: Progress) -> None:
    store.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names, 1):
        target = store / name.removeprefix(FILES)
        try:
            (staging / name).replace(target)
        except OSError:  # another file system after all
            shutil.copyfile(staging / name, target)
        tick("files", i, len(names))
    fsync_dir(store)


def compare(db: Database, settings: Settings, manifest: dict[str, Any]) -> RestoreResult:
    """The restored database and store against the manifest."""
    expected: dict[str, int] = {str(k): int(v) for k, v in manifest["tables"].items()}
    rows: dict[str, tuple[int, int | None]] = {}
    with db.transaction() as session:
        conn = session.connection()
        present = set(inspect(conn).get_table_names())
        for table in sorted(present | set(expected)):
            found = None
            if table in present:
                found = int(session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
            rows[table] = (expected.get(table, 0), found)
        signer = Signer.from_seed(settings.audit_signing_key.get_secret_value())
        chain = verify_chain(session, signer)
    store = settings.messaging_attachment_dir
    missing = [
        name
        for name, member in manifest["members"].items()
        if name.startswith(FILES)
        and (
            not (store / name.removeprefix(FILES)).is_file()
            or (store / name.removeprefix(FILES)).stat().st_size != member.get("size")
        )
    ]
    return RestoreResult(manifest, rows, chain, sorted(missing))
