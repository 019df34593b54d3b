"""Importing records at scale: who may, and the run from the first batch to the summary.

:func:`import_stream` takes lines from a reader (:mod:`.readers`); :func:`import_file` reads a
file, validating in a process of its own (:mod:`.pipeline`) while this one writes. Each batch
commits on its own, so memory stays constant and a run that stopped half-way is finished by
running it again: what went in is unchanged the second time.

A batch the database refuses as a whole (a value it cannot store, a concurrent insert of the
same ``owner_ref``) is split in halves and written again, down to the one line at fault, which
goes to the error file like any other rejected line.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.db.database import Database
from concord.errors import PermissionDeniedError, ValidationFailedError
from concord.records import access
from concord.records.importing.batches import Batch, prepare_batches
from concord.records.importing.rows import Line
from concord.records.importing.scratch import RunMemory
from concord.records.importing.writer import BatchWriter, Written
from concord.records.service import member_codes
from concord.records.types import RecordType
from concord.settings import Settings

DEFAULT_BATCH = 5000
MAX_BATCH = 10_000


def refused(exc: BaseException) -> bool:
    """Whether the database refused the data (rather than failed): SQLAlchemy's errors, or
    psycopg's own from a ``COPY`` (psycopg is loaded only if PostgreSQL is used)."""
    if isinstance(exc, DataError | IntegrityError):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.DataError | psycopg.IntegrityError)


class ErrorSink(Protocol):
    def write(self, line: int, owner_ref: str | None, reason: str) -> None: ...


@dataclass
class ImportSummary:
    owner: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    links: int = 0
    link_errors: int = 0
    lines: int = 0
    bytes_read: int = 0
    batches: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    seconds: float = 0.0
    file_sha256: str | None = None

    @property
    def records(self) -> int:
        return self.inserted + self.updated + self.unchanged

    @property
    def rows_per_second(self) -> float:
        return round(self.lines / self.seconds, 1) if self.seconds else 0.0

    def add(self, done: Written) -> None:
        self.inserted += done.inserted
        self.updated += done.updated
        self.unchanged += done.unchanged
        self.links += done.links
        if done.first_seq is not None:
            self.first_seq = self.first_seq or done.first_seq
            self.last_seq = done.last_seq

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rows_per_second": self.rows_per_second}


def file_digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def authorise(
    session: Session,
    principal: Principal,
    owner: str,
    *,
    on_behalf: bool = False,
    record_type: str | None = None,
) -> frozenset[str] | None:
    """Check that ``principal`` may import records for ``owner`` (of ``record_type``, if the
    file holds one type); returns the record types it may write (None: every type).
    ``on_behalf`` is the Secretariat's bulk-load path: the system actor of a development
    installation loads records for a member (the CLI without ``--as``)."""
    if owner not in member_codes(session):
        raise ValidationFailedError(f"--owner {owner}: not an INTERPOL member country")
    if on_behalf and principal.is_secretariat:
        return None
    if not principal.has(Permission.RECORDS_WRITE):
        raise PermissionDeniedError("Your role does not allow entering or changing records")
    if principal.country != owner:
        raise PermissionDeniedError(
            f"{principal.username} acts for {principal.org}: only {owner}'s NCB (or an agency "
            f"it authorised) imports records for {owner}"
        )
    if record_type is not None:
        access.require_writer(session, principal, owner, record_type)
    allowed, refusal = set(), None
    for kind in RecordType:
        try:
            access.require_writer(session, principal, owner, kind.value)
            allowed.add(kind.value)
        except PermissionDeniedError as exc:
            refusal = exc
    if refusal is None:
        return None
    if not allowed:
        raise refusal
    return frozenset(allowed)


class Importer:
    """Writes batches and keeps the score."""

    def __init__(
        self,
        db: Database,
        principal: Principal,
        owner: str,
        *,
        settings: Settings,
        errors: ErrorSink | None = None,
        file_sha256: str | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.errors = errors
        self.writer = BatchWriter(principal, owner, settings, file_sha256)
        self.summary = ImportSummary(owner=owner, file_sha256=file_sha256)
        self.memory = RunMemory()

    def close(self) -> None:
        self.memory.close()

    def reject(self, rows: Iterable[tuple[int, str | None, str]], *, links: bool = False) -> None:
        """Write ``rows`` to the error file: rejected lines, or (``links``) links not made."""
        for line, ref, reason in rows:
            if links:
                self.summary.link_errors += 1
            else:
                self.summary.rejected += 1
            if self.errors is not None:
                self.errors.write(line, ref, reason)

    def batch(self, batch: Batch) -> None:
        self.reject(batch.rejected)
        self._write(batch)
        self.summary.lines += batch.lines_read
        self.summary.bytes_read = batch.bytes_read or self.summary.bytes_read
        self.summary.batches += 1

    def _write(self, batch: Batch) -> None:
        try:
            with self.db.transaction() as session:
                done = self.writer.write(session, batch, clock_now(self.settings), self.memory)
        except Exception as exc:
            if not refused(exc):
                raise
            if len(batch) + len(batch.links_only) <= 1:
                self._refused(batch, exc)
            else:
                for part in _halves(batch):
                    self._write(part)
            return
        self._done(done)

    def _refused(self, batch: Batch, exc: Exception) -> None:
        """The one line of ``batch`` the database refused goes to the error file."""
        if len(batch):
            line, ref = batch.line[0], batch.owner_ref[0]
        else:
            line, ref = batch.links_only[0][0], batch.links_only[0][1].from_ref
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        self.reject([(line, ref, f"the database refused it: {reason}")])

    def _done(self, done: Written) -> None:
        """Account for a committed transaction."""
        self.summary.add(done)
        if done.record_seqs is not None:
            self.memory.wrote(*done.record_seqs)
        if done.met:
            self.memory.meet(done.met)
        self.memory.scratch.add_pending(done.pending)
        self.reject(sorted(done.rejected, key=lambda r: r[0]))
        self.reject(sorted(done.link_errors, key=lambda r: r[0]), links=True)

    def finish(self) -> ImportSummary:
        """Resolve the links that waited, and audit the end of the import."""
        for waiting in self.memory.scratch.pending(MAX_BATCH):
            with self.db.transaction() as session:
                done = self.writer.resolve(session, waiting, self.memory)
            self._done(done)
        with self.db.transaction() as session:
            audit.record(
                session,
                actor=self.writer.principal,
                action="records.import_end",
                object_type="record",
                payload={k: v for k, v in self.summary.as_dict().items() if k != "seconds"},
            )
        return self.summary


def _halves(batch: Batch) -> tuple[Batch, Batch]:
    """Two smaller batches with the records and links of ``batch``."""
    count = len(batch)
    if count >= 2:
        first, second = (
            batch.take(list(range(count // 2))),
            batch.take(list(range(count // 2, count))),
        )
        second.links_only = batch.links_only
    elif count == 1:
        first, second = batch.take([0]), batch.take([])
        second.links_only = batch.links_only
    else:
        cut = len(batch.links_only) // 2
        first, second = (
            Batch(links_only=batch.links_only[:cut]),
            Batch(links_only=batch.links_only[cut:]),
        )
    return first, second


def import_stream(
    db: Database,
    principal: Principal,
    owner: str,
    lines: Iterable[Line],
    *,
    settings: Settings,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[ImportSummary], None] | None = None,
    errors: ErrorSink | None = None,
    on_behalf: bool = False,
    file_sha256: str | None = None,
) -> ImportSummary:
    """Import ``lines`` for ``owner`` as ``principal``, in this process."""
    started = time.perf_counter()
    with db.transaction() as session:
        allowed = authorise(session, principal, owner, on_behalf=on_behalf)
        members = member_codes(session)
    batches = prepare_batches(
        lines, members=members, allowed_types=allowed, batch_size=check_batch(batch_size)
    )
    importer = Importer(
        db, principal, owner, settings=settings, errors=errors, file_sha256=file_sha256
    )
    return run(importer, batches, progress=progress, started=started)


def check_batch(batch_size: int) -> int:
    if not 1 <= batch_size <= MAX_BATCH:
        raise ValidationFailedError(f"--batch-size must be between 1 and {MAX_BATCH}")
    return batch_size


def run(
    importer: Importer,
    batches: Iterator[Batch],
    *,
    progress: Callable[[ImportSummary], None] | None,
    started: float,
) -> ImportSummary:
    """Write ``batches``, then finish the import; the batches' source is closed either way."""
    try:
        with contextlib.closing(batches):  # type: ignore[type-var]
            for batch in batches:
                importer.batch(batch)
                importer.summary.seconds = time.perf_counter() - started
                if progress is not None:
                    progress(importer.summary)
        summary = importer.finish()
    finally:
        importer.close()
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary
