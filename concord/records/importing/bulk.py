"""Bulk writes of records, by engine: rows go to the driver as tuples of values already in the
form the column types would give them (no per-row work in SQLAlchemy).

- SQLite: ``executemany`` of one ``INSERT`` (or ``UPDATE``) statement;
- PostgreSQL: ``COPY records (...) FROM STDIN`` for new rows, ``executemany`` (pipelined by
  psycopg) for changed ones.

:meth:`Bulk.existing` finds a batch's records in one query, the (type, ``owner_ref``) pairs
looked up one by one in the unique index: on SQLite from a JSON array (``json_each``), on
PostgreSQL from two arrays (a lateral join). With ``IN (...)`` a bulk load on PostgreSQL
outruns the planner's statistics (a table it still believes small is scanned whole for every
batch) and a prepared statement's generic plan cannot hash thousands of parameters.

:data:`INSERT_COLUMNS` is shared with ``bench/import_bench.py``, whose raw baseline writes the
same columns the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection

from concord.records.models import Record

#: (type, owner_ref, id, content_hash, change_seq) of a record found by ``existing``
Found = tuple[str, str, str, str, int]

INSERT_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "owner",
    "owner_ref",
    "agency_id",
    "created_by",
    "updated_by",
    "reliability",
    "handling",
    "handling_note",
    "restriction",
    "key",
    "label",
    "data",
    "content_hash",
    "version",
    "change_seq",
    "created_at",
    "updated_at",
    "review_at",
)
#: Order of the values of an update (the record id last).
UPDATE_COLUMNS: tuple[str, ...] = (
    "data",
    "key",
    "label",
    "reliability",
    "handling",
    "handling_note",
    "restriction",
    "content_hash",
    "change_seq",
    "updated_at",
    "updated_by",
)


class Bulk(Protocol):
    """Writes many records in one statement (or one COPY)."""

    def timestamp(self, value: datetime) -> Any:
        """``value`` as the driver is given it for a timestamp column."""

    def insert(self, conn: Connection, rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows of :data:`INSERT_COLUMNS` values."""

    def update(self, conn: Connection, rows: Sequence[Sequence[Any]]) -> None:
        """Update rows: :data:`UPDATE_COLUMNS` values then the id; the version goes up by one."""

    def existing(
        self, conn: Connection, owner: str, types: Sequence[str], refs: Sequence[str]
    ) -> list[Found]:
        """The owner's records (``types[i]``, ``refs[i]``), those that exist."""


def _stamp_processor(conn: Connection) -> Callable[[datetime], Any]:
    dialect = conn.dialect
    column_type = Record.__table__.c.created_at.type
    process = column_type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else (lambda v: v)


class SqliteBulk:
    def __init__(self, conn: Connection) -> None:
        self._stamp = _stamp_processor(conn)
        marks = ", ".join("?" for _ in INSERT_COLUMNS)
        self._insert = f"INSERT INTO records ({', '.join(INSERT_COLUMNS)}) VALUES ({marks})"
        sets = ", ".join(f"{c} = ?" for c in UPDATE_COLUMNS)
        self._update = f"UPDATE records SET {sets}, version = version + 1 WHERE id = ?"
        self._existing = (
            "SELECT r.type, r.owner_ref, r.id, r.content_hash, r.change_seq "
            "FROM json_each(?2) AS b CROSS JOIN records AS r ON r.owner = ?1 "
            "AND r.type = b.value ->> 0 AND r.owner_ref = b.value ->> 1"
        )

    def timestamp(self, value: datetime) -> Any:
        return self._stamp(value)

    def insert(self, conn: Connection, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            conn.exec_driver_sql(self._insert, list(rows))

    def update(self, conn: Connection, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            conn.exec_driver_sql(self._update, list(rows))

    def existing(
        self, conn: Connection, owner: str, types: Sequence[str], refs: Sequence[str]
    ) -> list[Found]:
        # One parameter (a JSON array of pairs) rather than thousands of IN parameters (whose
        # binding made memory creep batch after batch); CROSS JOIN keeps the pairs the outer
        # loop, each looked up in the (owner, type, owner_ref) index.
        pairs = json.dumps(list(zip(types, refs, strict=True)), ensure_ascii=False)
        rows = conn.exec_driver_sql(self._existing, (owner, pairs))
        return [(t, ref, i, h, seq) for t, ref, i, h, seq in rows]


class PostgresBulk:
    def __init__(self, conn: Connection) -> None:
        self._copy = f"COPY records ({', '.join(INSERT_COLUMNS)}) FROM STDIN"
        sets = ", ".join(
            f"{c} = CAST(%s AS json)" if c == "data" else f"{c} = %s" for c in UPDATE_COLUMNS
        )
        self._update = f"UPDATE records SET {sets}, version = version + 1 WHERE id = %s"
        self._existing = (
            "SELECT r.type, r.owner_ref, r.id, r.content_hash, r.change_seq "
            "FROM unnest(%s::text[], %s::text[]) AS b(type, ref) CROSS JOIN LATERAL ("
            "SELECT * FROM records WHERE owner = %s AND type = b.type AND owner_ref = b.ref "
            "LIMIT 1) AS r"  # LIMIT: kept a subquery, so each pair is one unique-index probe
        )

    def timestamp(self, value: datetime) -> Any:
        return value

    def insert(self, conn: Connection, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(self._copy) as copy:
            for row in rows:
                copy.write_row(row)

    def update(self, conn: Connection, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            conn.exec_driver_sql(self._update, list(rows))

    def existing(
        self, conn: Connection, owner: str, types: Sequence[str], refs: Sequence[str]
    ) -> list[Found]:
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor:
            cursor.execute(self._existing, (list(types), list(refs), owner), prepare=False)
            return list(cursor.fetchall())


def bulk_for(conn: Connection) -> Bulk:
    name = conn.dialect.name
    if name == "sqlite":
        return SqliteBulk(conn)
    if name == "postgresql":
        return PostgresBulk(conn)
    raise NotImplementedError(f"bulk writes on {name}")  # pragma: no cover
