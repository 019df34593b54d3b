"""Alembic environment: runs on the connection handed over by :mod:`concord.db.migrate`, or on
``sqlalchemy.url`` / ``CONCORD_DATABASE_URL`` when the ``alembic`` command is used directly."""

from __future__ import annotations

from alembic import context

from concord.db.database import make_engine
from concord.db.registry import load_all_models

config = context.config
target_metadata = load_all_models()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from concord.settings import Settings

    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    engine = make_engine(url)
    with engine.begin() as conn:
        _run(conn)
