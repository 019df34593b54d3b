"""The :class:`Database` owns the engine and hands out sessions.

SQLite runs in WAL mode with ``synchronous=FULL`` and foreign keys on, and every transaction starts
with ``BEGIN IMMEDIATE`` so that concurrent writers queue on the busy timeout instead of failing
when a read lock would have to be upgraded. PostgreSQL uses psycopg 3.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
T = TypeVar("T")


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


_HOLDS_WRITER = "concord_holds_sqlite_writer"
_not_waiting = threading.local()


class WriterBusyError(Exception):
    """The SQLite write lock is held, and this thread asked not to wait for it."""


@contextmanager
def not_waiting() -> Iterator[None]:
    """Within the block, a transaction begun on this thread that cannot take the SQLite write
    lock at once raises :class:`WriterBusyError` instead of waiting (PostgreSQL: no effect)."""
    _not_waiting.on = True
    try:
        yield
    finally:
        _not_waiting.on = False


async def on_event_loop(commit: Callable[..., T], *args: Any) -> T:
    """Run ``commit`` (which begins and commits transactions) on the event loop's own thread,
    as the group-commit journals do, without ever waiting there for the SQLite write lock: a
    request's unit of work holds it from its first query to its commit, across awaits, and
    needs this very loop to get there, so waiting would stall both until the timeout. While
    the lock is held, the loop polls every millisecond and serves everything else meanwhile."""
    while True:
        try:
            with not_waiting():
                return commit(*args)
        except WriterBusyError:  # raised at begin: nothing was written
            await asyncio.sleep(0.001)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take over transaction control from pysqlite so that BEGIN IMMEDIATE can be issued.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.close()

    # SQLite has one writer at a time. Its busy handler makes waiting writers sleep and poll,
    # which turns contention into long tail latencies; queueing this process's transactions on
    # a lock hands the database over at once instead. Other processes still meet the busy
    # timeout. Only the connection that took the lock releases it (a begin that failed must not
    # release another thread's lock). The event loop's thread never waits: see on_event_loop.
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if not writer.acquire(blocking=False):
            if getattr(_not_waiting, "on", False):
                raise WriterBusyError("the SQLite write lock is held")
            if not writer.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
                raise TimeoutError("timed out waiting for the SQLite write lock")
        conn.info[_HOLDS_WRITER] = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(conn)
            raise

    def _release(conn: Connection) -> None:
        if conn.info.pop(_HOLDS_WRITER, False):
            writer.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine configured for Concord's two supported databases."""
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        database = make_url(url).database
        # A file connection is cheap, and a thread must never wait for one while holding
        # nothing: threads queue on the write lock, not on the pool (no overflow cap). An
        # in-memory database has one connection per thread and no pool to size.
        pool: dict[str, Any] = (
            {"pool_size": 10, "max_overflow": -1} if database and database != ":memory:" else {}
        )
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **pool,
        )
        _install_sqlite_hooks(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """Owns an engine and a session factory. Tests build one bound to a single connection."""

    def __init__(self, engine: Engine, *, bind: Connection | None = None) -> None:
        self.engine = engine
        if bind is not None:
            self._factory = sessionmaker(
                bind=bind, expire_on_commit=False, join_transaction_mode="create_savepoint"
            )
        else:
            self._factory = sessionmaker(bind=engine, expire_on_commit=False)
        event.listen(self._factory, "before_commit", run_before_commit_hooks)

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self._factory()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        session = self._factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> None:
        with self._factory() as session:
            session.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def run_before_commit_hooks(session: Session) -> None:
    """Run the callables that services registered in ``session.info['before_commit']``.

    This lets a capability (the audit trail) do its last writes inside the committing
    transaction without the database layer knowing about it.
    """
    hooks = session.info.get("before_commit")
    if not hooks:
        return
    for hook in list(hooks):
        hook(session)
