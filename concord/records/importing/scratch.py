"""What an import remembers beyond one batch, in constant memory: which records the run has
met (a later line with the same ``owner_ref`` is a duplicate), and the links whose target was
not known yet (resolved at the end).

Records the run wrote are known from the database itself: their change numbers fall in the
ranges the run took (one pair of numbers per batch). Records it found unchanged, and the
waiting links, go to a private temporary SQLite database (deleted when closed, its page cache
capped at a few megabytes): nothing is kept per record in memory.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

CACHE_KIB = 8192


class Pending(NamedTuple):
    """A link waiting for its target (and, for a link on its own, its source)."""

    line: int
    owner_ref: str | None  # of the line that named the link, for the error file
    from_id: str | None
    from_ref: str | None
    from_type: str | None
    to_ref: str
    to_type: str | None
    kind: str


class Scratch:
    def __init__(self) -> None:
        # "" opens a temporary on-disk database that SQLite deletes when it is closed.
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        for pragma in (
            "journal_mode=OFF",
            "synchronous=OFF",
            f"cache_size=-{CACHE_KIB}",
            "temp_store=FILE",
        ):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.execute(
            "CREATE TABLE pending (n INTEGER PRIMARY KEY, line INTEGER, owner_ref TEXT, "
            "from_id TEXT, from_ref TEXT, from_type TEXT, to_ref TEXT, to_type TEXT, kind TEXT)"
        )
        self.pending_count = 0

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def seen_among(self, keys: list[str]) -> set[str]:
        """Those of ``keys`` that were remembered."""
        rows = self._db.execute(
            "SELECT key FROM seen WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(keys),),
        )
        return {row[0] for row in rows}

    def remember(self, keys: Iterable[str]) -> None:
        with self._transaction() as db:
            db.executemany("INSERT OR IGNORE INTO seen (key) VALUES (?)", ((k,) for k in keys))

    def add_pending(self, links: list[Pending]) -> None:
        if links:
            with self._transaction() as db:
                db.executemany(
                    "INSERT INTO pending (line, owner_ref, from_id, from_ref, from_type, "
                    "to_ref, to_type, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    links,
                )
            self.pending_count += len(links)

    def pending(self, size: int) -> Iterator[list[Pending]]:
        """The waiting links, ``size`` at a time, in the order they were added."""
        after = 0
        while True:
            rows = self._db.execute(
                "SELECT n, line, owner_ref, from_id, from_ref, from_type, to_ref, to_type, kind "
                "FROM pending WHERE n > ? ORDER BY n LIMIT ?",
                (after, size),
            ).fetchall()
            if not rows:
                return
            after = rows[-1][0]
            yield [Pending(*row[1:]) for row in rows]


def record_key(record_type: str, owner_ref: str) -> str:
    return f"{record_type}\x1f{owner_ref}"


class RunMemory:
    """The records an import has met so far, and the links waiting for the end."""

    def __init__(self) -> None:
        self.scratch = Scratch()
        self._starts: list[int] = []
        self._ends: list[int] = []

    def close(self) -> None:
        self.scratch.close()

    def wrote(self, first: int, last: int) -> None:
        """The run's records took change numbers ``first..last`` (increasing from call to call)."""
        self._starts.append(first)
        self._ends.append(last)

    def written(self, seq: int) -> bool:
        """Whether a record with this change number was written by the run."""
        at = bisect.bisect_right(self._starts, seq) - 1
        return at >= 0 and seq <= self._ends[at]

    def met(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Of (type, owner_ref) ``keys``, those the run found unchanged (or linked) before."""
        if not keys:
            return set()
        found = self.scratch.seen_among([record_key(*k) for k in keys])
        return {k for k in keys if record_key(*k) in found}

    def meet(self, keys: Iterable[tuple[str, str]]) -> None:
        self.scratch.remember(record_key(*k) for k in keys)
