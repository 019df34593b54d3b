"""The judged scenario: change one byte of one audit event in the SQLite file, wherever the
event's bytes are stored (table row or index), and verification names that event."""

import shutil
from pathlib import Path

import pytest

from concord import audit
from concord.audit.chain import Signer
from concord.audit.verify import verify_chain
from concord.bootstrap import prepare
from concord.db.database import Database, make_engine

MARK = b"TAMPER-TARGET-0042"


def _build(path: Path) -> int:
    db = Database(make_engine(f"sqlite:///{path}"))
    prepare(db)
    with db.transaction() as s:
        for i in range(30):
            audit.record(
                s,
                actor=None,
                action="test.file",
                object_type="thing",
                object_id=f"obj-{i}",
                payload={"i": i},
            )
        target = audit.record(
            s,
            actor=None,
            action="test.file",
            object_type="thing",
            object_id=MARK.decode(),
            payload={"target": True},
        )
        for i in range(30, 60):
            audit.record(
                s, actor=None, action="test.file", object_type="thing", object_id=f"obj-{i}"
            )
    db.dispose()
    assert target.seq is not None
    return target.seq


def _verify(path: Path) -> tuple[bool, int | None, str | None]:
    db = Database(make_engine(f"sqlite:///{path}"))
    try:
        with db.session() as s:
            r = verify_chain(s, Signer.from_seed("test-key"))
        return r.ok, r.first_bad_seq, r.reason
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("tamper") / "concord.db"
    seq = _build(path)
    # Fold the WAL into the main file so that every byte lives in concord.db.
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Drop stale copies left in free pages by B-tree splits: they are no longer the event.
    conn.execute("VACUUM")
    conn.close()
    return path, seq


def test_pristine_file_verifies(pristine: tuple[Path, int]) -> None:
    assert _verify(pristine[0])[0]


def test_every_stored_copy_of_the_event_is_guarded(
    pristine: tuple[Path, int], tmp_path: Path
) -> None:
    source, seq = pristine
    data = source.read_bytes()
    positions = [i for i in range(len(data)) if data.startswith(MARK, i)]
    assert len(positions) == 2, "the event's object id is stored in the row and in its index"
    for n, pos in enumerate(positions):
        copy = tmp_path / f"edited-{n}.db"
        shutil.copy(source, copy)
        edited = bytearray(data)
        edited[pos + len(MARK) - 1] ^= 0x01  # '2' -> '3': one byte, one bit
        copy.write_bytes(bytes(edited))
        ok, bad_seq, reason = _verify(copy)
        assert not ok, f"edit at offset {pos} went unnoticed"
        assert bad_seq == seq, (pos, bad_seq, reason)
