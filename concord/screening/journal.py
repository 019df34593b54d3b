"""Group commit of screenings: many concurrent requests, one transaction.

A screening is answered only once its audit event (and its hits) are committed: never an
acknowledged screening missing from the trail. Committing each request alone would cap the
API at the database's commit rate (a few hundred a second on SQLite with a synced WAL), so
requests hand their screenings to the journal and wait; the journal commits whatever has
queued up meanwhile in a single transaction. Under load a commit carries dozens of
screenings; alone, a request waits for one commit, as before.

The commit runs on the event loop's own thread, blocking it for the few milliseconds a commit
takes. A writer thread looked better on paper, but it has to take the GIL back from the busy
event loop at every SQLite call (sqlite3 releases it around each step): under load its commits
took five times longer and the API served 720 screenings/s instead of 1,200 (measured). On
SQLite the loop never waits there for the write lock (:func:`concord.db.database.on_event_loop`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import structlog

from concord.db.database import Database, on_event_loop
from concord.screening.persist import Screening, persist
from concord.screening.schemas import ScreenResult

log = structlog.get_logger("concord.screening")
MAX_BATCH = 2000


@dataclass
class _Pending:
    screenings: Sequence[Screening]
    future: asyncio.Future[list[ScreenResult]]


class Journal:
    """Queue screenings from the event loop; commit them in batches on one thread."""

    def __init__(
        self,
        db: Database,
        *,
        write: Callable[..., list[ScreenResult]] = persist,
        gather_seconds: float = 0.0,
    ):
        self._db = db
        self.gather_seconds = gather_seconds
        self._write = write
        self._queue: asyncio.Queue[_Pending] | None = None
        self._task: asyncio.Task[None] | None = None
        self.commits = 0
        self.written = 0
        #: How often the journal waited ``gather_seconds`` before a commit.
        self.gathers = 0
        self._concurrent = False

    def _ensure_started(self) -> asyncio.Queue[_Pending]:
        if self._queue is None or self._task is None or self._task.done():
            self._queue = asyncio.Queue()
            self._task = asyncio.get_running_loop().create_task(self._run(self._queue))
        return self._queue

    async def write(self, screenings: Sequence[Screening]) -> list[ScreenResult]:
        """Persist ``screenings``; return once they are committed."""
        queue = self._ensure_started()
        future: asyncio.Future[list[ScreenResult]] = asyncio.get_running_loop().create_future()
        await queue.put(_Pending(screenings, future))
        return await future

    async def _run(self, queue: asyncio.Queue[_Pending]) -> None:
        while True:
            batch = [await queue.get()]
            size = len(batch[0].screenings)
            if self.gather_seconds > 0 and queue.empty() and self._concurrent:
                # let the requests already on their way join this commit; only when the last
                # commit was shared: a lone screening (a quiet border post) is not kept waiting
                self.gathers += 1
                await asyncio.sleep(self.gather_seconds)
            while not queue.empty() and size < MAX_BATCH:
                item = queue.get_nowait()
                batch.append(item)
                size += len(item.screenings)
            self._concurrent = len(batch) > 1
            try:
                results = await on_event_loop(self._commit, batch)
            except Exception as exc:  # the requests fail; nothing was acknowledged
                log.error("screening.journal_failed", error=str(exc), screenings=size)
                for pending in batch:
                    if not pending.future.done():
                        pending.future.set_exception(exc)
                continue
            for pending, result in zip(batch, results, strict=True):
                if not pending.future.done():
                    pending.future.set_result(result)

    def _commit(self, batch: list[_Pending]) -> list[list[ScreenResult]]:
        flat = [s for pending in batch for s in pending.screenings]
        with self._db.session() as session:
            written = self._write(session, flat)
            session.commit()
        self.commits += 1
        self.written += len(flat)
        out, start = [], 0
        for pending in batch:
            out.append(written[start : start + len(pending.screenings)])
            start += len(pending.screenings)
        return out

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
