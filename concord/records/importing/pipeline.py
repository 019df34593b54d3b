"""Importing a file with two processes: a child reads and validates (:mod:`.batches`) while
this process writes the batch before (:mod:`.writer`). Validation is CPU-bound Python and the
database work waits on SQLite or PostgreSQL, so on two cores the two overlap; a thread would
not do (the GIL). At most :data:`QUEUED` batches wait between them, so memory stays constant.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from typing import Any

from concord.auth.principal import Principal
from concord.db.database import Database
from concord.records.importing.batches import Batch, prepare_batches
from concord.records.importing.importer import (
    DEFAULT_BATCH,
    ErrorSink,
    Importer,
    ImportSummary,
    authorise,
    check_batch,
    file_digest,
    run,
)
from concord.records.importing.readers import Source
from concord.records.service import member_codes
from concord.settings import Settings

QUEUED = 2
POLL_SECONDS = 0.5
#: Smaller files are validated in this process: starting a second one is not worth it.
PARALLEL_FROM_BYTES = 4 << 20


@dataclass(frozen=True)
class _Plan:
    source: Source
    members: frozenset[str]
    allowed: frozenset[str] | None
    batch_size: int


@dataclass(frozen=True)
class _Failed:
    error: BaseException


_END = "end"


def batches_of(plan: _Plan) -> Iterator[Batch]:
    """Validated batches of the file, with how far reading has got."""
    source = plan.source
    for batch in prepare_batches(
        source.lines(),
        members=plan.members,
        allowed_types=plan.allowed,
        batch_size=plan.batch_size,
    ):
        batch.bytes_read = source.bytes_read
        yield batch


def _produce(plan: _Plan, out: Any, stop: Event) -> None:  # pragma: no cover - child process
    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=POLL_SECONDS)
                return True
            except queue.Full:
                continue
        out.cancel_join_thread()
        return False

    try:
        for batch in batches_of(plan):
            if not put(batch):
                return
        put(_END)
    except BaseException as exc:  # handed to the parent, which raises it
        try:
            put(_Failed(exc))
        except Exception:  # not picklable: say what it was
            put(_Failed(RuntimeError(f"{type(exc).__name__}: {exc}")))


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    # fork: the child starts at once with the code loaded; it touches no inherited connection.
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def batches_in_child(plan: _Plan) -> Iterator[Batch]:
    """Start the child now; its batches as they come."""
    ctx = _context()
    out: Any = ctx.Queue(maxsize=QUEUED)
    stop = ctx.Event()
    child = ctx.Process(target=_produce, args=(plan, out, stop), daemon=True)
    child.start()
    return _receive(child, out, stop)


def _receive(child: Any, out: Any, stop: Event) -> Iterator[Batch]:
    try:
        while True:
            try:
                item = out.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError(
                        f"the import's reading process stopped (exit code {child.exitcode})"
                    ) from None
                continue
            if isinstance(item, _Failed):
                raise item.error
            if item == _END:
                return
            yield item
    finally:
        stop.set()
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()
            child.join()
        out.close()


def import_file(
    db: Database,
    principal: Principal,
    owner: str,
    source: Source,
    *,
    settings: Settings,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[ImportSummary], None] | None = None,
    errors: ErrorSink | None = None,
    on_behalf: bool = False,
    parallel: bool | None = None,
) -> ImportSummary:
    """Import a file (see :func:`~.importer.import_stream`). ``parallel`` validates in a child
    process (default: for files of :data:`PARALLEL_FROM_BYTES` or more)."""
    started = time.perf_counter()
    digest = file_digest(source.path)
    with db.transaction() as session:
        kind = source.record_type.value if source.record_type else None
        allowed = authorise(session, principal, owner, on_behalf=on_behalf, record_type=kind)
        members = member_codes(session)
    plan = _Plan(source, members, allowed, check_batch(batch_size))
    if parallel is None:
        parallel = source.size >= PARALLEL_FROM_BYTES
    importer = Importer(db, principal, owner, settings=settings, errors=errors, file_sha256=digest)
    batches = batches_in_child(plan) if parallel else batches_of(plan)
    return run(importer, batches, progress=progress, started=started)
