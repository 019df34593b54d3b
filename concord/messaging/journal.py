"""Group commit of sent messages: many concurrent API requests, one transaction.

A sent message is acknowledged (201) only once it is committed, with its audit event and, when
the request carried an ``Idempotency-Key``, the stored answer to replay: never an acknowledged
message missing, never one that a retry with the same key would send twice. Committing each
request alone capped sending at the database's commit rate; instead requests prepare their
message (checks and cryptography, in a worker thread), hand the rows to the journal and wait;
the journal writes whatever has queued up meanwhile with a few ``executemany`` statements and
commits once. Like the screening journal (:mod:`concord.screening.journal`), the commit runs
on the event loop's thread.

A failed batch does not fail its unrelated requests: each message of the batch is then written
and committed alone, so only the one at fault fails (a duplicate Idempotency-Key, a file
attached by two messages at once...). A failure means nothing of that message was committed.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import Table
from sqlalchemy.exc import IntegrityError, UnboundExecutionError
from sqlalchemy.orm import Session

from concord.api.models import IdempotencyRecord
from concord.auth.principal import Principal
from concord.db.bulk import insert_rows
from concord.db.database import Database, on_event_loop
from concord.messaging.keys import QUICK_KEY, KeyStore
from concord.messaging.outgoing import Outgoing
from concord.messaging.prepare import Prepared, prepare
from concord.messaging.write import write

log = structlog.get_logger("concord.messaging")
MAX_BATCH = 500
_IDEMPOTENCY: Table = IdempotencyRecord.__table__  # type: ignore[assignment]


class DuplicateRequestError(Exception):
    """Another request with the same Idempotency-Key committed first."""


@dataclass
class _Pending:
    prepared: Prepared
    #: the idempotency row (answer to replay) to store with the message, if any
    idempotency: dict[str, Any] | None
    future: asyncio.Future[None] = field(repr=False)


class MessageJournal:
    """Queue prepared messages from the event loop; commit them in batches."""

    def __init__(self, db: Database, *, gather_seconds: float = 0.0) -> None:
        self._db = db
        self.gather_seconds = gather_seconds
        self._queue: asyncio.Queue[_Pending] | None = None
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.commits = 0
        self.written = 0

    def _ensure_started(self) -> asyncio.Queue[_Pending]:
        loop = asyncio.get_running_loop()
        if self._queue is None or self._task is None or self._task.done() or self._loop is not loop:
            self._loop = loop
            self._queue = asyncio.Queue()
            self._task = loop.create_task(self._run(self._queue))
        return self._queue

    async def write(self, prepared: Prepared, idempotency: dict[str, Any] | None = None) -> None:
        """Persist ``prepared`` (and ``idempotency``); return once they are committed."""
        queue = self._ensure_started()
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await queue.put(_Pending(prepared, idempotency, future))
        await future

    async def _run(self, queue: asyncio.Queue[_Pending]) -> None:
        batch: list[_Pending] = []
        try:
            while True:
                batch = [await queue.get()]
                if self.gather_seconds > 0 and queue.empty():
                    # let the requests already on their way join this commit
                    await asyncio.sleep(self.gather_seconds)
                while not queue.empty() and len(batch) < MAX_BATCH:
                    batch.append(queue.get_nowait())
                await self._commit_batch(batch)
                batch = []
        except asyncio.CancelledError:
            _fail(batch, RuntimeError("The server is shutting down; the message was not sent"))
            raise

    async def _commit_batch(self, batch: list[_Pending]) -> None:
        try:
            await on_event_loop(self._commit, batch)
        except Exception as exc:
            if len(batch) == 1:
                self._failed(batch[0], exc)
                return
            log.warning("messaging.batch_failed", error=repr(exc), messages=len(batch))
            for pending in batch:  # alone, so that only the message at fault fails
                try:
                    await on_event_loop(self._commit, [pending])
                except Exception as alone:
                    self._failed(pending, alone)
                else:
                    _succeed([pending])
            return
        _succeed(batch)

    def _failed(self, pending: _Pending, exc: Exception) -> None:
        if (
            isinstance(exc, IntegrityError)
            and pending.idempotency is not None
            and "idempotency" in str(exc.orig).lower()
        ):
            exc = DuplicateRequestError(str(exc.orig))
        else:
            log.error("messaging.commit_failed", error=repr(exc), message=pending.prepared.id)
        _fail([pending], exc)

    def _commit(self, batch: list[_Pending]) -> None:
        with self._db.session() as session:
            write(session, [p.prepared for p in batch])
            insert_rows(session, _IDEMPOTENCY, [p.idempotency for p in batch if p.idempotency])
            session.commit()
        self.commits += 1
        self.written += len(batch)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._queue is not None:
            left = []
            while not self._queue.empty():
                left.append(self._queue.get_nowait())
            _fail(left, RuntimeError("The server is shutting down; the message was not sent"))


def prepare_quick(
    principal: Principal, store: KeyStore, out: Outgoing, now: datetime
) -> Prepared | None:
    """Prepare ``out`` on the calling thread if that needs no database (the mailboxes and
    their keys are cached, a new case, no attachments: the common case), else None.

    Preparing is then half a millisecond of cryptography: cheaper on the event loop than a
    thread hop, and measured much faster: with forty worker threads preparing, the loop's
    own share of the GIL (it gathers and commits) shrank, and so did the batches
    (~420 messages/s against ~1,200 inline, bench/messaging.py on SQLite)."""
    with Session() as unbound:  # no bind: the first query raises instead of blocking
        unbound.info[QUICK_KEY] = True
        try:
            return prepare(unbound, principal, store, out, now)
        except UnboundExecutionError:
            return None


def prepare_committed(
    db: Database, principal: Principal, store: KeyStore, out: Outgoing, now: datetime
) -> Prepared:
    """Prepare ``out`` in a short session of its own (call from a worker thread). Mailboxes
    made on first use are committed at once: they are not the message, and a message that
    then fails leaves only a mailbox that would have been made anyway. Two requests making
    the same mailbox at once: the loser prepares again and finds it."""
    for attempt in (1, 2):
        with db.session() as session:
            try:
                prepared = prepare(session, principal, store, out, now)
                session.commit()
                return prepared
            except IntegrityError:
                session.rollback()
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def journal_of(app: Any) -> MessageJournal:
    """The application's journal, made on first use (closed by the app's lifespan)."""
    journal: MessageJournal | None = getattr(app.state, "message_journal", None)
    if journal is None:
        # 2 ms to gather concurrent sends into one commit, as screening does
        journal = app.state.message_journal = MessageJournal(app.state.db, gather_seconds=0.002)
    return journal


def _succeed(batch: list[_Pending]) -> None:
    for pending in batch:
        if not pending.future.done():
            pending.future.set_result(None)


def _fail(batch: list[_Pending], exc: BaseException) -> None:
    for pending in batch:
        if not pending.future.done():
            pending.future.set_exception(exc)
