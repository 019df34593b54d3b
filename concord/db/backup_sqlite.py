"""SQLite side of backup and restore: SQLite's online backup API, read from one snapshot.

The backup reads through its own ``sqlite3`` connection that holds a read transaction from the
first query to the last page copied: the row counts, the attachment list, the schema revision
and every page of the copy come from the same snapshot, while the server goes on writing (WAL
mode lets one writer and readers work side by side). Holding that transaction also keeps the
step-by-step copy from restarting when another connection writes.

A restore copies the backup file into the configured database with the same API, through the
target's own pager, so that an existing file (and its WAL) is replaced consistently.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy.engine import URL

from concord.errors import ValidationFailedError

#: pages copied per step of the online backup (4 MiB with 4 KiB pages): small enough for a
#: progress bar and short locks on the target, large enough to be quick
PAGES_PER_STEP = 1024

StepProgress = Callable[[int, int], None]  # (pages copied, pages in total)


def database_path(url: URL) -> Path:
    """The file of a SQLite URL; in-memory databases have nothing to back up."""
    if not url.database or url.database == ":memory:":
        raise ValidationFailedError("an in-memory SQLite database cannot be backed up or restored")
    return Path(url.database)


class Snapshot:
    """One read transaction on the database file (see the module's docstring)."""

    engine = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def tables(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        ).fetchall()
        return [str(r[0]) for r in rows]

    def scalar(self, sql: str) -> object:
        row = self.conn.execute(sql).fetchone()
        return None if row is None else row[0]

    def column(self, sql: str) -> list[object]:
        return [r[0] for r in self.conn.execute(sql).fetchall()]

    def dump(self, out: Path, progress: StepProgress | None = None) -> None:
        """Copy every page of the snapshot into the new file ``out``."""

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        with closing(sqlite3.connect(out)) as target:
            self.conn.backup(target, pages=PAGES_PER_STEP, progress=step, sleep=0.05)
            # a self-contained file: no WAL beside it in the archive or the staging folder
            target.execute("PRAGMA journal_mode=DELETE")


@contextmanager
def snapshot(url: URL) -> Iterator[Snapshot]:
    path = database_path(url)
    if not path.is_file():
        raise ValidationFailedError(f"no SQLite database at {path}")
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("BEGIN")  # deferred: a read transaction from the first SELECT on
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        yield Snapshot(conn)
    finally:
        try:
            conn.execute("COMMIT")
        finally:
            conn.close()


def check_file(path: Path) -> None:
    """Refuse a staged database file that SQLite cannot read or that fails its integrity
    check (the archive's checksums were right, so this would be a broken backup)."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        raise ValidationFailedError(f"the backup's database file is unreadable: {exc}") from None
    if result is None or result[0] != "ok":
        raise ValidationFailedError(f"the backup's database file is damaged: {result}")


def restore_file(staged: Path, url: URL, progress: StepProgress | None = None) -> None:
    """Replace the content of the configured SQLite database by the staged backup file."""
    path = database_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    with (
        closing(sqlite3.connect(f"file:{staged}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as target,
    ):
        # WAL databases only accept a backup of the same page size: leave WAL mode first
        # (this checkpoints the old log away); the platform turns WAL back on when it connects.
        target.execute("PRAGMA journal_mode=DELETE")
        source.backup(target, pages=PAGES_PER_STEP, progress=step, sleep=0.05)
