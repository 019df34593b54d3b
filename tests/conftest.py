"""Shared fixtures.

Every test that touches the database runs on both engines: the ``engine`` fixture is
parametrised over SQLite (a file in a temporary directory) and PostgreSQL (the server named by
``CONCORD_TEST_POSTGRES_URL``, which ``make test`` starts). Each engine is migrated once per run
with Alembic and loaded with reference data; each test then runs inside a transaction that is
rolled back (SQLAlchemy's "join a session into an external transaction" recipe), so tests are
isolated and leave nothing behind.

Fixtures:
- ``db``: a :class:`concord.db.Database` bound to the test's connection.
- ``session``: a session on it.
- ``settings``: test settings (non-default secrets, rate limit off).
- ``app`` / ``client``: the HTTP app on ``db``, driven in-process.
- ``actors``: a factory of principals with bearer tokens (see :class:`Actors`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from concord.app import create_app
from concord.bootstrap import prepare
from concord.db.database import Database, make_engine
from concord.settings import Settings
from tests.factories import Actors

PG_URL = os.environ.get("CONCORD_TEST_POSTGRES_URL")
ENGINES = ["sqlite"] + (["postgresql"] if PG_URL else [])

TEST_SECRETS = {
    "secret_key": "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "audit_signing_key": "test-audit-signing-key-0123456789",
    "messaging_kek": "test-messaging-kek-0123456789",
}


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CONCORD_REQUIRE_POSTGRES") == "1" and not PG_URL:
        raise pytest.UsageError("CONCORD_REQUIRE_POSTGRES=1 but CONCORD_TEST_POSTGRES_URL is unset")


def make_settings(url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": url,
        "rate_limit_per_minute": 0,
        "notices_public_rate_limit_per_minute": 0,  # the public API's limit too
        "screening_refresh_seconds": 0,  # no background thread on the test's connection
        "messaging_webhook_interval_seconds": 0,  # no webhook worker either
        **TEST_SECRETS,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=ENGINES)
def engine_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("sqlite") / "concord-test.db"
        return f"sqlite:///{path}"
    assert PG_URL is not None
    url = _worker_database(PG_URL)
    _reset_postgres(url)
    return url


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own on the test server."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def engine(engine_url: str) -> Iterator[Engine]:
    engine = make_engine(engine_url)
    prepare(Database(engine))
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    conn = engine.connect()
    trans = conn.begin()
    try:
        yield conn
    finally:
        trans.rollback()
        conn.close()


@pytest.fixture
def db(engine: Engine, connection: Connection) -> Database:
    return Database(engine, bind=connection)


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    s = db.session()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def dialect(engine: Engine) -> str:
    return engine.dialect.name


@pytest.fixture
def settings(engine_url: str) -> Settings:
    return make_settings(engine_url)


@pytest.fixture
def app(settings: Settings, db: Database):  # type: ignore[no-untyped-def]
    return create_app(settings, db=db)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c


@pytest.fixture
def actors(db: Database, settings: Settings) -> Actors:
    return Actors(db, settings)


@pytest.fixture
def scratch_db(engine_url: str, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database of the test's engine, with real commits and its own
    connections (for concurrency and crash tests); dropped afterwards."""
    if engine_url.startswith("sqlite"):
        database = Database(make_engine(f"sqlite:///{tmp_path / 'scratch.db'}"))
        prepare(database)
        yield database
        database.dispose()
        return
    name = f"concord_scratch_{uuid4().hex[:12]}"
    admin = make_engine(engine_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(engine_url).set(database=name).render_as_string(hide_password=False)
    database = Database(make_engine(url))
    try:
        prepare(database)
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
