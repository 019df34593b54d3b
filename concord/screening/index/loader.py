"""Building the index from the database and keeping it current from the change feed.

:meth:`IndexLoader.start` builds in a background thread (the event loop and health checks go on
answering; the index state reports the progress) and then polls every
``screening_refresh_seconds``. :meth:`IndexLoader.refresh` applies what changed after the
index's change number: it reads the counter first, then the records and tombstones up to it, so
that a change committing meanwhile is taken next time, never skipped (change numbers are given
out in commit order, see :mod:`concord.records.sequence`). It reads the tables directly: this is
not a consultation, so nothing is audited.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord.db.database import Database
from concord.records import sequence
from concord.records.models import Record, RecordAccess, RecordTombstone
from concord.screening.index.memory import InMemoryIndex
from concord.screening.index.protocol import IndexedRecord
from concord.settings import Settings

log = logging.getLogger(__name__)

_COLUMNS = (
    Record.id,
    Record.type,
    Record.owner,
    Record.restriction,
    Record.review_at,
    Record.key,
    Record.version,
    Record.data,
    Record.change_seq,
)


def _indexed(session: Session, rows: list[tuple[object, ...]]) -> list[IndexedRecord]:
    restricted = [str(r[0]) for r in rows if r[3] != "all"]
    countries: dict[str, list[str]] = {}
    if restricted:
        found = session.execute(
            select(RecordAccess.record_id, RecordAccess.country).where(
                RecordAccess.record_id.in_(restricted)
            )
        )
        for record_id, country in found:
            countries.setdefault(record_id, []).append(country)
    return [
        IndexedRecord.from_values(
            id=r[0],  # type: ignore[arg-type]
            type=r[1],  # type: ignore[arg-type]
            owner=r[2],  # type: ignore[arg-type]
            restriction=r[3],  # type: ignore[arg-type]
            review_at=r[4],  # type: ignore[arg-type]
            countries=countries.get(str(r[0]), ()),
            key=r[5],  # type: ignore[arg-type]
            version=r[6],  # type: ignore[arg-type]
            data=r[7],  # type: ignore[arg-type]
            seq=r[8],  # type: ignore[arg-type]
        )
        for r in rows
    ]


class IndexLoader:
    def __init__(self, db: Database, settings: Settings, index: InMemoryIndex) -> None:
        self.db, self.settings, self.index = db, settings, index
        self.chunk = settings.screening_build_chunk
        self.index.merge_threshold = settings.screening_merge_threshold
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._refresh_lock = threading.Lock()

    def start(self) -> None:
        """Build in a background thread, then follow the change feed."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="screening-index", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        if not self.build():
            return
        if self.settings.screening_gc_freeze:
            # Python's full collection walks every tracked object. With an index of millions
            # (name profiles above all) it stalled the server 150-270 ms about once a second
            # under load (measured with gc.callbacks); frozen objects are never walked again.
            # They are still freed by reference counting when a rebuild replaces them.
            gc.freeze()
            log.info("screening index built; %d objects frozen", gc.get_freeze_count())
        interval = self.settings.screening_refresh_seconds or 1.0
        while not self._stop.wait(interval):
            try:
                self.refresh()
            except Exception:  # keep serving the index we have; try again next time
                log.exception("screening index refresh failed")

    def build(self) -> bool:
        """Read every record (in chunks, by id) into a new index; False if that failed."""
        self.index.set_state(status="building", progress=0.0, error=None)
        try:
            with self.db.session() as session:
                seq = sequence.current(session)
                total = session.execute(select(func.count()).select_from(Record)).scalar_one()
            self.index.set_state(records=int(total))
            self.index.load(self._read_all(int(total)), seq)
        except Exception as exc:
            log.exception("screening index build failed")
            self.index.set_state(status="failed", error=f"{type(exc).__name__}: {exc}")
            return False
        return True

    def _read_all(self, total: int) -> Iterator[IndexedRecord]:
        after, done = "", 0
        while not self._stop.is_set():
            with self.db.session() as session:
                rows = session.execute(
                    select(*_COLUMNS).where(Record.id > after).order_by(Record.id).limit(self.chunk)
                ).all()
                records = _indexed(session, [tuple(r) for r in rows])
            if not rows:
                return
            yield from records
            after, done = rows[-1][0], done + len(rows)
            self.index.set_state(progress=min(done / total, 0.99) if total else 0.99)
        raise RuntimeError("stopped while building")

    def refresh(self) -> int:
        """Apply the changes made since the index's change number; returns how many. Builds
        the index first if it has never been built."""
        with self._refresh_lock:
            state = self.index.state()
            if state.status in ("empty", "failed"):
                self.build()
                return 0
            if state.status != "ready":
                return 0
            since = state.seq
            with self.db.session() as session:
                upper = sequence.current(session)
                if upper <= since:
                    return 0
                records: list[IndexedRecord] = []
                after = since
                while True:
                    rows = session.execute(
                        select(*_COLUMNS)
                        .where(Record.change_seq > after, Record.change_seq <= upper)
                        .order_by(Record.change_seq)
                        .limit(self.chunk)
                    ).all()
                    records += _indexed(session, [tuple(r) for r in rows])
                    if len(rows) < self.chunk:
                        break
                    after = rows[-1][-1]
                deleted = list(
                    session.execute(
                        select(RecordTombstone.record_id).where(
                            RecordTombstone.change_seq > since, RecordTombstone.change_seq <= upper
                        )
                    ).scalars()
                )
            self.index.apply(records, deleted, upper)
            return len(records) + len(deleted)
