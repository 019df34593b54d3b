"""Fixtures of the import tests: files written from strings or objects, an import run that
collects its error rows, the owner's records as a dict, and the ``concord`` CLI."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from concord.auth.principal import Principal
from concord.bootstrap import system_principal
from concord.db.database import Database
from concord.records.importing import ImportSummary, import_file, open_source
from concord.records.models import Record, RecordAccess, RecordLink
from concord.records.sequence import current
from concord.settings import Settings
from tests.cli.conftest import Cli
from tests.conftest import make_settings
from tests.factories import Actors


@dataclass
class ListSink:
    rows: list[tuple[int, str | None, str]] = field(default_factory=list)

    def write(self, line: int, owner_ref: str | None, reason: str) -> None:
        self.rows.append((line, owner_ref, reason))


@dataclass
class Run:
    summary: ImportSummary
    errors: list[tuple[int, str | None, str]]

    @property
    def error_lines(self) -> dict[int, str]:
        return {line: reason for line, _, reason in self.errors}


@dataclass
class Importer:
    db: Database
    settings: Settings
    principal: Principal

    def __call__(
        self,
        path: Path,
        *,
        owner: str = "FR",
        type: str | None = None,
        status: str = "stolen",
        batch_size: int = 5000,
        parallel: bool = False,
        principal: Principal | None = None,
    ) -> Run:
        sink = ListSink()
        source = open_source(path, owner=owner, record_type=type, status=status)
        summary = import_file(
            self.db,
            principal or self.principal,
            owner,
            source,
            settings=self.settings,
            batch_size=batch_size,
            errors=sink,
            parallel=parallel,
        )
        return Run(summary, sink.rows)


@pytest.fixture
def fr(actors: Actors) -> Principal:
    return actors.make("ncb_operator", "FR").principal


@pytest.fixture
def run_import(db: Database, settings: Settings, fr: Principal) -> Importer:
    return Importer(db, settings, fr)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write("name.csv", text)``, or ``write("name.jsonl", [obj, ...])``: a file to import."""

    def make(name: str, content: str | Iterable[Any]) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            lines = [json.dumps(obj, ensure_ascii=False) for obj in content]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return make


def records(db: Database, owner: str = "FR") -> dict[tuple[str, str], Record]:
    with db.session() as s:
        rows = s.execute(select(Record).where(Record.owner == owner)).scalars().all()
        return {(r.type, r.owner_ref): r for r in rows}


def links(db: Database) -> set[tuple[str, str, str]]:
    """(from owner_ref, kind, to owner_ref) of every link."""
    with db.session() as s:
        ids: dict[str, str] = dict(s.execute(select(Record.id, Record.owner_ref)).all())  # type: ignore[arg-type]
        rows = s.execute(select(RecordLink.from_id, RecordLink.kind, RecordLink.to_id))
        return {(ids[f], k, ids[t]) for f, k, t in rows}


def access(db: Database, record_id: str) -> list[str]:
    with db.session() as s:
        return sorted(
            s.execute(
                select(RecordAccess.country).where(RecordAccess.record_id == record_id)
            ).scalars()
        )


def change_seq(db: Database) -> int:
    with db.session() as s:
        return current(s)


def count(db: Database) -> int:
    with db.session() as s:
        return int(s.execute(select(func.count()).select_from(Record)).scalar_one())


def system(db: Database) -> Principal:
    with db.transaction() as s:
        return system_principal(s)


@pytest.fixture
def cli(db: Database, engine_url: str) -> Cli:
    """``concord`` on the test's database, in development (no ``--as``: the system actor)."""
    return Cli(db, make_settings(engine_url, environment="development"))
