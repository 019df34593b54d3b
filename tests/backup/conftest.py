"""Fixtures of the backup tests: fresh installations (a database of the test's engine with real
commits, and an attachment store) and ``concord backup`` / ``concord restore`` through Typer's
test runner on them.

``Installations`` makes as many fresh installations as a test needs, migrated (as after
``concord db upgrade``) or blank (no table at all), and drops them afterwards. ``populate``
fills one with the demo dataset plus a message carrying an attachment, and returns the
plaintexts to find again after a restore.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import Engine, MetaData, select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.service import principal_for
from concord.bootstrap import prepare
from concord.cli import app
from concord.cli.context import override
from concord.clock import now as clock_now
from concord.db.database import Database, make_engine
from concord.demo.load import load_demo
from concord.messaging import attachments, mailboxes
from concord.messaging.keys import KeyStore
from concord.messaging.service import Outgoing, send
from concord.settings import Settings
from tests.conftest import make_settings

PDF = b"%PDF-1.7\n" + os.urandom(3 * attachments.CHUNK + 77)  # four encrypted chunks
SECRET_BODY = "Jan NOVAK, passport 15AB12345, seen in Lyon on 3 May"


@dataclass
class Installation:
    url: str
    db: Database
    settings: Settings
    store: Path

    def cli(self, *args: str) -> Result:
        with override(db=self.db, settings=self.settings):
            result = CliRunner().invoke(app, list(args))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    def principal(self, username: str) -> Principal:
        with self.db.session() as s:
            account = s.execute(select(Account).where(Account.username == username)).scalar_one()
            return principal_for(account)


@dataclass
class Installations:
    engine_url: str
    base: Path
    made: list[tuple[Installation, str | None]] = field(default_factory=list)

    @property
    def dialect(self) -> str:
        return "sqlite" if self.engine_url.startswith("sqlite") else "postgresql"

    def make(self, *, migrated: bool = True, **overrides: Any) -> Installation:
        name = f"concord_backup_{uuid4().hex[:12]}"
        folder = self.base / name
        folder.mkdir(parents=True)
        pg_name: str | None = None
        if self.dialect == "sqlite":
            url = f"sqlite:///{folder / 'concord.db'}"
        else:
            pg_name = name
            with _admin(self.engine_url).connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = make_url(self.engine_url).set(database=name).render_as_string(False)
        db = Database(make_engine(url))
        if migrated:
            prepare(db)
        store = folder / "attachments"
        settings = make_settings(url, messaging_attachment_dir=store, **overrides)
        inst = Installation(url, db, settings, store)
        self.made.append((inst, pg_name))
        return inst

    def close(self) -> None:
        for inst, pg_name in self.made:
            inst.db.dispose()
            if pg_name is not None:
                with _admin(self.engine_url).connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))


def _admin(url: str) -> Engine:
    return make_engine(url).execution_options(isolation_level="AUTOCOMMIT")


@pytest.fixture
def installations(engine_url: str, tmp_path: Path) -> Iterator[Installations]:
    made = Installations(engine_url, tmp_path)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture(scope="module")
def module_installations(
    engine_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Installations]:
    made = Installations(engine_url, tmp_path_factory.mktemp("backup"))
    try:
        yield made
    finally:
        made.close()


@dataclass
class Populated:
    message_id: str
    attachment_id: str


def populate(inst: Installation) -> Populated:
    """The demo dataset (accounts, agencies, records, notices, messages, operations, staff,
    audit events), then a message from France to Germany with a PDF attached."""
    load_demo(inst.db, inst.settings, seed=7)
    store = KeyStore.from_settings(inst.settings)
    fr = inst.principal("fr.operator")
    now = clock_now(inst.settings)
    with inst.db.transaction() as s:
        box = mailboxes.own_mailbox(s, store, fr, now)
        up = attachments.Upload(inst.store, "application/pdf", 10 * 2**20)
        up.feed(PDF)
        digest = up.finish()
        row = attachments.record(s, fr, store, box, up, "evidence.pdf", digest, now)
        message = send(
            s,
            fr,
            store,
            Outgoing(to=["DE"], subject="Evidence", body=SECRET_BODY, attachments=[row.id]),
            now,
        )
        return Populated(message.id, row.id)


def table_rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    meta = MetaData()
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        meta.reflect(conn)
        for name, table in sorted(meta.tables.items()):
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).all()
            out[name] = [tuple(r) for r in rows]
    return out
