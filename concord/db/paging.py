"""Counting and paging a query: what every list endpoint and command does."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
#: A SELECT of any number of columns or entities.
AnySelect = Select[*tuple[Any, ...]]


def count(session: Session, stmt: AnySelect) -> int:
    """How many rows ``stmt`` selects."""
    return int(session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def _window(
    stmt: AnySelect, order_by: tuple[Any, ...], limit: int | None, offset: int
) -> AnySelect:
    stmt = stmt.order_by(*order_by).offset(offset)
    return stmt if limit is None else stmt.limit(limit)


def page(
    session: Session, stmt: Select[T], *order_by: Any, limit: int | None, offset: int = 0
) -> tuple[list[T], int]:
    """One page of the entities ``stmt`` selects (``limit=None``: all from ``offset``), and
    the total count."""
    total = count(session, stmt)
    window: Select[T] = stmt.order_by(*order_by).offset(offset)
    if limit is not None:
        window = window.limit(limit)
    return list(session.execute(window).scalars()), total


def page_rows(
    session: Session, stmt: AnySelect, *order_by: Any, limit: int | None, offset: int = 0
) -> tuple[list[tuple[Any, ...]], int]:
    """Like :func:`page` for statements selecting several columns or entities (rows come as
    tuples)."""
    total = count(session, stmt)
    return [tuple(r) for r in session.execute(_window(stmt, order_by, limit, offset))], total
