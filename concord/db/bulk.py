"""Inserting many rows at once: ``COPY`` on PostgreSQL, ``executemany`` elsewhere.

psycopg runs an ``executemany`` as one pipelined statement per row, and its Python side of
that costs tens of microseconds a row: most of a group commit's time when a batch of messages
is a dozen rows each (bench/messaging.py). ``COPY ... FROM STDIN`` sends the same rows as one
stream, formatted in C. It runs in the session's own transaction, so a batch is still
committed (or rolled back) whole.

What ``COPY`` does not do is what SQLAlchemy does for an ``INSERT``: Python-side column
defaults and type processing. :func:`insert_rows` applies the columns' bind processors (UTC
datetimes, JSON) itself, and falls back to ``executemany`` when the rows leave out a column
that has a Python-side default, or do not all name the same columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

__all__ = ["COPY_FROM", "insert_rows", "uses_copy"]

#: Fewer rows than this go through ``executemany`` (a COPY has its own round trips).
COPY_FROM = 8

_Processor = Callable[[Any], Any] | None
_processors: dict[tuple[int, str, tuple[str, ...]], list[_Processor]] = {}


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts of column values) into ``table`` in ``session``'s transaction."""
    if not rows:
        return
    # on the connection: the session's own execution adds ORM work a Core insert needs not
    connection = session.connection()
    if not uses_copy(session, table, rows):
        connection.execute(table.insert(), list(rows))
        return
    names = tuple(rows[0])
    columns = list(zip(names, _processors_of(table, names, connection.dialect), strict=True))
    driver: psycopg.Connection[Any] = connection.connection.driver_connection  # type: ignore[assignment]
    quoted = ", ".join(f'"{name}"' for name in names)
    try:
        with (
            driver.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(
                    [row[n] if p is None or row[n] is None else p(row[n]) for n, p in columns]
                )
    except psycopg.errors.IntegrityError as exc:  # as an INSERT would fail
        raise IntegrityError(f"COPY {table.name}", None, exc) from exc


def uses_copy(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> bool:
    """Whether :func:`insert_rows` would send ``rows`` by ``COPY``."""
    if len(rows) < COPY_FROM or session.get_bind().dialect.name != "postgresql":
        return False
    names = tuple(rows[0])
    given = set(names)
    if any(c.default is not None and c.name not in given for c in table.columns):
        return False
    if not given <= set(table.columns.keys()):
        return False
    return all(len(row) == len(names) and row.keys() == given for row in rows)


def _processors_of(table: Table, names: tuple[str, ...], dialect: Dialect) -> list[_Processor]:
    key = (id(table), dialect.name, names)
    found = _processors.get(key)
    if found is None:
        found = [table.columns[name].type._cached_bind_processor(dialect) for name in names]
        _processors[key] = found
    return found
