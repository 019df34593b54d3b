"""Background WAL checkpoints for a SQLite database served by one process.

In WAL mode SQLite copies the log back into the database file (a checkpoint) from inside the
commit that crosses ``wal_autocheckpoint`` pages: that commit then pays for copying and syncing
thousands of pages, and every request waiting on it (screenings waiting for their audit events)
waits too. The server turns automatic checkpoints off on its connections and runs passive
checkpoints from a thread instead: they never block writers or readers, and commits stay at the
cost of appending to the log and syncing it. Command-line processes keep SQLite's automatic
checkpoints.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import structlog
from sqlalchemy import Engine, event

log = structlog.get_logger("concord.db")


class Checkpointer:
    def __init__(self, engine: Engine, *, interval: float = 0.5) -> None:
        self.engine = engine
        self.interval = interval
        self.path = engine.url.database
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0

    @property
    def applies(self) -> bool:
        return self.engine.dialect.name == "sqlite" and self.path not in (None, "", ":memory:")

    def start(self) -> None:
        if not self.applies or self._thread is not None:
            return

        @event.listens_for(self.engine, "connect")
        def _no_autocheckpoint(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")

        self.engine.dispose()  # pooled connections reopen with the pragma
        self._thread = threading.Thread(target=self._run, name="concord-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self.path is not None
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        try:
            while not self._stop.wait(self.interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    self.runs += 1
                except sqlite3.Error as exc:  # busy or locked: try again next time
                    log.warning("sqlite.checkpoint_failed", error=str(exc))
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            conn.close()

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=30)
            self._thread = None
