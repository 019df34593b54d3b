"""Bulk inserts (concord/db/bulk.py): COPY on PostgreSQL stores exactly what an INSERT would,
type processing included, and fails like an INSERT; SQLite and small batches use executemany."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import JSON, Column, Integer, LargeBinary, MetaData, String, Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from concord.db import bulk
from concord.db.base import UTCDateTime

PROBE = Table(
    "bulk_probe",
    MetaData(),
    Column("id", String(32), primary_key=True),
    Column("at", UTCDateTime()),
    Column("data", JSON),
    Column("blob", LargeBinary),
    Column("n", Integer),
    Column("text", String(200)),
)
DEFAULTED = Table(
    "bulk_defaulted",
    MetaData(),
    Column("id", String(32), primary_key=True),
    Column("kind", String(20), default="plain"),
)
PARIS = timezone(timedelta(hours=1))


def _rows(count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"row{i:04d}",
            "at": datetime(2026, 11, 27, 10, i % 60, tzinfo=PARIS),
            "data": {"i": i, "name": 'Łukasz \\ "tab"\there', "list": [1, None]},
            "blob": bytes([i % 256, 0, 255, 10, 92]),
            "n": None if i % 3 else i,
            "text": "line\nbreak, comma; 'quote' \\N" if i % 2 else None,
        }
        for i in range(count)
    ]


@pytest.fixture
def probe(session: Session) -> Session:
    PROBE.create(session.connection())
    DEFAULTED.create(session.connection())
    return session


@pytest.mark.parametrize("count", [3, 40])
def test_rows_come_back_as_given(probe: Session, count: int) -> None:
    rows = _rows(count)
    bulk.insert_rows(probe, PROBE, rows)
    stored = {r.id: r for r in probe.execute(select(PROBE).order_by(PROBE.c.id))}
    assert len(stored) == count
    for row in rows:
        got = stored[row["id"]]
        assert got.at == row["at"].astimezone(UTC) and got.at.tzinfo is not None
        assert got.data == row["data"] and bytes(got.blob) == row["blob"]
        assert got.n == row["n"] and got.text == row["text"]


def test_a_duplicate_key_fails_as_an_insert_would(probe: Session) -> None:
    rows = _rows(20)
    rows[15]["id"] = rows[2]["id"]
    with pytest.raises(IntegrityError):
        bulk.insert_rows(probe, PROBE, rows)


def test_python_defaults_still_apply(probe: Session) -> None:
    bulk.insert_rows(probe, DEFAULTED, [{"id": f"d{i}"} for i in range(20)])
    kinds = set(probe.execute(select(DEFAULTED.c.kind)).scalars())
    assert kinds == {"plain"}


def test_copy_is_used_on_postgresql_only(probe: Session, dialect: str) -> None:
    rows = _rows(bulk.COPY_FROM)
    assert bulk.uses_copy(probe, PROBE, rows) is (dialect == "postgresql")
    assert not bulk.uses_copy(probe, PROBE, rows[:-1])
    assert not bulk.uses_copy(probe, DEFAULTED, [{"id": f"x{i}"} for i in range(10)])
