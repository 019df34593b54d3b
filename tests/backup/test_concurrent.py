"""A backup taken while other threads keep committing is one consistent snapshot: what it holds
is exactly the transactions committed before some instant (each change with its audit event,
the audit chain a prefix of the source's), and restoring it gives back that instant.

The tests hold the dump in its middle until the writers have committed more transactions, so
that writes provably land while the database is being copied."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select

from concord.audit.models import AuditEvent
from concord.bootstrap import system_principal
from concord.clock import now as clock_now
from concord.db import backup_sqlite
from concord.db.backup import create_backup
from concord.members.models import Agency
from concord.members.service import create_agency
from concord.messaging.keys import KeyStore
from concord.messaging.models import Message
from concord.messaging.service import Outgoing, send
from tests.backup.conftest import Installation, Installations, populate, table_rows

#: bound on every wait for the writers (a stuck writer fails the test instead of hanging it)
DEADLINE = 120.0


@dataclass
class Writer:
    """A thread committing one transaction after another until stopped; ``done`` lists what
    each committed, in commit order."""

    work: Callable[[int], str]
    done: list[str] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> threading.Thread:
        def run() -> None:
            n = 0
            try:
                while not self.stop.is_set():
                    self.done.append(self.work(n))
                    n += 1
            except BaseException as exc:
                self.errors.append(exc)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + DEADLINE
        while len(self.done) < count and not self.errors and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not self.errors, self.errors
        assert len(self.done) >= count, f"the writer committed {len(self.done)} of {count}"


def agency_writer(inst: Installation) -> Writer:
    def work(n: int) -> str:
        with inst.db.transaction() as s:
            agency = create_agency(
                s, system_principal(s), name=f"Unit {n}", kind="police", country="FR"
            )
            return agency.id

    return Writer(work)


def message_writer(inst: Installation) -> Writer:
    store = KeyStore.from_settings(inst.settings)
    it = inst.principal("it.operator")

    def work(n: int) -> str:
        with inst.db.transaction() as s:
            out = Outgoing(to=["ES", "FR"], subject=f"Update {n}", body=f"Sighting number {n}")
            return send(s, it, store, out, clock_now(inst.settings)).id

    return Writer(work)


def backup_during(
    inst: Installation, out: Path, writers: list[Writer], more: int = 3
) -> dict[str, object]:
    """Back up ``inst`` while ``writers`` run; halfway through the copy, wait until each has
    committed ``more`` further transactions."""
    held = False

    def progress(what: str, done: int, total: int) -> None:
        nonlocal held
        if what == "database" and not held and total and done >= total // 2:
            held = True
            for w in writers:
                w.wait_for(len(w.done) + more)

    result = create_backup(inst.db, inst.settings, out, progress=progress)
    assert held, "the copy never reported its progress"
    return result.manifest


def check_snapshot(source: Installation, target: Installation, writer: Writer) -> None:
    """The target holds a prefix of what ``writer`` committed, each agency with its audit
    event, and its audit trail is a prefix of the source's."""
    with target.db.session() as s:
        agencies = list(s.execute(select(Agency.id)).scalars())
        audited = set(
            s.execute(
                select(AuditEvent.object_id).where(AuditEvent.action == "agency.create")
            ).scalars()
        )
    assert set(agencies) == audited
    ours = [a for a in agencies if a in set(writer.done)]
    assert set(ours) == set(writer.done[: len(ours)])
    assert 0 < len(ours) < len(writer.done)
    source_events = table_rows(source.db)["audit_events"]
    restored_events = table_rows(target.db)["audit_events"][:-1]  # less the restore's own
    assert restored_events == source_events[: len(restored_events)]


def test_a_backup_taken_while_another_thread_writes_is_consistent(
    installations: Installations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_sqlite, "PAGES_PER_STEP", 8)  # a copy in many steps
    source = installations.make()
    writer = agency_writer(source)
    thread = writer.start()
    try:
        writer.wait_for(5)
        out = tmp_path / "busy.backup"
        manifest = backup_during(source, out, [writer])
        writer.wait_for(len(writer.done) + 1)
    finally:
        writer.stop.set()
        thread.join(DEADLINE)
    assert not writer.errors, writer.errors

    target = installations.make(migrated=False)
    result = target.cli("restore", str(out))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "restore OK" in result.stdout
    tables = manifest["tables"]
    assert isinstance(tables, dict)
    assert tables["agencies"] == len(table_rows(target.db)["agencies"])
    check_snapshot(source, target, writer)


@pytest.mark.slow
def test_backups_under_a_mixed_write_load_restore_consistently(
    installations: Installations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three backups of the demo dataset in a row while agencies and messages are being
    written by two threads; each restores with matching counts, a verified chain, every
    message with its audit event, and a prefix of the writes."""
    monkeypatch.setattr(backup_sqlite, "PAGES_PER_STEP", 16)
    source = installations.make()
    populate(source)
    writers = [agency_writer(source), message_writer(source)]
    threads = [w.start() for w in writers]
    archives: list[Path] = []
    try:
        for w in writers:
            w.wait_for(3)
        for i in range(3):
            archives.append(tmp_path / f"busy-{i}.backup")
            backup_during(source, archives[-1], writers, more=2)
    finally:
        for w in writers:
            w.stop.set()
        for t in threads:
            t.join(DEADLINE)
    for w in writers:
        assert not w.errors, w.errors

    counts = []
    for archive in archives:
        target = installations.make(migrated=False)
        result = target.cli("restore", str(archive))
        assert result.exit_code == 0, (result.stdout, result.stderr)
        check_snapshot(source, target, writers[0])
        with target.db.session() as s:
            sent = list(s.execute(select(Message.id)).scalars())
            audited = set(
                s.execute(
                    select(AuditEvent.object_id).where(AuditEvent.action == "message.send")
                ).scalars()
            )
        assert set(sent) <= audited
        ours = [m for m in sent if m in set(writers[1].done)]
        assert set(ours) == set(writers[1].done[: len(ours)])
        counts.append(len(ours))
        target.db.dispose()
    assert counts == sorted(counts) and counts[0] < counts[-1]
