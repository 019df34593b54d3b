"""Fuzzing a whole import into the database (CSV, JSON Lines, FollowTheMoney), on both engines.

Any file content gives either an import summary (records written, lines rejected with their
reasons in the error sink) or a declared refusal (:class:`ConcordError`: bad file, bad owner,
not allowed) after which nothing was written: no record, no access row, no link, no audit event.
Every example runs in a savepoint rolled back afterwards, so examples do not see each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import DeclarativeBase

from concord.audit.models import AuditEvent
from concord.auth.principal import Principal
from concord.db.database import Database
from concord.errors import ConcordError
from concord.records.importing import import_file, open_source
from concord.records.models import Record, RecordAccess, RecordLink
from concord.settings import Settings
from tests.factories import Actors
from tests.fuzz.samples import file_content
from tests.fuzz.strategies import QUICK_DB, deep, quick

NAMES = {"csv": "in.csv", "jsonl": "in.jsonl", "ftm": "in.ftm"}
TABLES: tuple[type[DeclarativeBase], ...] = (Record, RecordAccess, RecordLink, AuditEvent)  # type: ignore[assignment]


@dataclass
class Sink:
    rows: list[tuple[int, str | None, str]] = field(default_factory=list)

    def write(self, line: int, owner_ref: str | None, reason: str) -> None:
        self.rows.append((line, owner_ref, reason))


@dataclass
class Harness:
    db: Database
    connection: Connection
    settings: Settings
    principal: Principal
    tmp: Path

    def counts(self) -> dict[str, int]:
        with self.db.session() as s:
            return {
                t.__tablename__: int(s.execute(select(func.count()).select_from(t)).scalar_one())  # type: ignore[attr-defined]
                for t in TABLES
            }

    def check(self, kind: str, content: bytes, owner: str, record_type: str) -> None:
        path = self.tmp / NAMES[kind]
        path.write_bytes(content)
        savepoint = self.connection.begin_nested()
        try:
            self._check(path, kind, owner, record_type)
        finally:
            savepoint.rollback()

    def _check(self, path: Path, kind: str, owner: str, record_type: str) -> None:
        before = self.counts()
        sink = Sink()
        try:
            source = open_source(
                path, owner=owner, record_type=record_type if kind == "csv" else None
            )
            summary = import_file(
                self.db, self.principal, owner, source, settings=self.settings, errors=sink
            )
        except ConcordError as exc:  # refused as a whole: nothing written, not even audit
            assert exc.status < 500
            assert self.counts() == before
            return
        after = self.counts()
        assert after["records"] - before["records"] == summary.inserted
        assert after["audit_events"] > before["audit_events"]  # records.import_end at least
        assert len(sink.rows) == summary.rejected + summary.link_errors
        assert summary.records + summary.rejected <= summary.lines
        assert all(reason and line >= 1 for line, _, reason in sink.rows)


@pytest.fixture
def harness(
    db: Database, connection: Connection, settings: Settings, actors: Actors, tmp_path: Path
) -> Iterator[Harness]:
    yield Harness(db, connection, settings, actors.make("ncb_operator", "FR").principal, tmp_path)


@st.composite
def import_case(draw: st.DrawFn) -> tuple[str, bytes, str, str]:
    kind = draw(st.sampled_from(["csv", "jsonl", "ftm"]))
    owner = draw(st.sampled_from(["FR"] * 8 + ["DE", "ZZ"]))  # DE: not allowed; ZZ: no member
    return kind, draw(file_content(kind)), owner, draw(st.sampled_from(["document", "person"]))


@quick(2 * QUICK_DB)
@given(import_case())
def test_any_file_imports_or_is_refused_whole(
    harness: Harness, case: tuple[str, bytes, str, str]
) -> None:
    harness.check(*case)


@pytest.mark.slow
@deep(100)
@given(import_case())
def test_any_file_imports_or_is_refused_whole_deep(
    harness: Harness, case: tuple[str, bytes, str, str]
) -> None:
    harness.check(*case)
