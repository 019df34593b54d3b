"""``concord db``: upgrading a fresh database, and reporting the schema revision.

``db upgrade`` migrates through its own connections, so it runs on a fresh database of its own
(a SQLite file, and a scratch PostgreSQL database when the suite runs on PostgreSQL) rather than
on the test's rolled-back transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from concord.db.database import Database, make_engine
from concord.db.migrate import head_revision
from tests.cli.conftest import Cli, fails
from tests.conftest import PG_URL, make_settings


@pytest.fixture(params=["sqlite"] + (["postgresql"] if PG_URL else []))
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    assert PG_URL is not None
    name = f"concord_cli_{uuid4().hex[:12]}"
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_fresh_database(fresh_url: str) -> None:
    run = Cli(None, make_settings(fresh_url, environment="development"))
    out = run.json("db", "upgrade")
    assert out == {"revision": head_revision(), "head": head_revision(), "members": 196}
    again = run.ok("db", "upgrade").stdout  # idempotent
    assert "196" in again and str(head_revision()) in again
    current = run.json("db", "current")
    assert current["up_to_date"] is True and current["members"] == 196


def test_current_on_empty_database_exits_1(fresh_url: str) -> None:
    run = Cli(None, make_settings(fresh_url, environment="development"))
    result = run("db", "current")
    fails(result, 1, "behind", "concord db upgrade")
    assert "(none: empty database)" in result.stdout


def test_current_on_migrated_database(cli: Cli) -> None:
    out = cli.json("db", "current")
    assert out["revision"] == out["head"] == head_revision()
    assert out["up_to_date"] is True and out["members"] == 196


def test_upgrade_refuses_a_database_ahead_of_the_code(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ahead.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('9999_from_the_future')"))
    engine.dispose()
    run = Cli(None, make_settings(url, environment="development"))
    fails(run("db", "upgrade"), 1, "migration failed")


def test_upgrade_on_the_injected_database_uses_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'injected.db'}"
    db = Database.from_url(url)
    try:
        out = Cli(db, make_settings(url, environment="development")).json("db", "upgrade")
    finally:
        db.dispose()
    assert out["members"] == 196
