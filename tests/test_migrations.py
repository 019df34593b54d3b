"""Alembic is the only way the schema changes: the migrations produce exactly the tables the
models describe, and they go down and up again cleanly."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect

from concord.db.database import Database, make_engine
from concord.db.migrate import current_revision, downgrade, head_revision, upgrade
from concord.db.registry import load_all_models


def test_models_match_migrations(connection: Connection) -> None:
    ctx = MigrationContext.configure(connection, opts={"compare_type": True})
    diff = compare_metadata(ctx, load_all_models())
    assert diff == [], f"models and migrations differ: {diff}"


def test_database_is_at_head(connection: Connection) -> None:
    assert current_revision(connection) == head_revision()


def test_downgrade_and_upgrade(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'mig.db'}")
    upgrade(engine)
    assert "audit_events" in inspect(engine).get_table_names()
    downgrade(engine, "base")
    assert "audit_events" not in inspect(engine).get_table_names()
    upgrade(engine)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    Database(engine).dispose()


def test_sqlite_pragmas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cur = raw.cursor()
        assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cur.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert cur.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    engine.dispose()
