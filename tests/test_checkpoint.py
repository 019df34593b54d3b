"""The server's SQLite checkpointer: automatic checkpoints off on its connections, passive
checkpoints from a thread instead (the log is copied back without a commit paying for it)."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text

from concord.db.checkpoint import Checkpointer
from concord.db.database import make_engine


def test_checkpoints_run_in_the_background(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    checkpointer = Checkpointer(engine, interval=0.05)
    checkpointer.start()
    try:
        with engine.begin() as conn:
            assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
            conn.execute(text("CREATE TABLE t (a TEXT)"))
            conn.execute(text("INSERT INTO t VALUES ('x')"))
        deadline = time.monotonic() + 5
        while checkpointer.runs < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert checkpointer.runs >= 2
    finally:
        checkpointer.stop()
        engine.dispose()


def test_not_for_postgresql_or_memory() -> None:
    engine = make_engine("sqlite:///:memory:")
    assert not Checkpointer(engine).applies
