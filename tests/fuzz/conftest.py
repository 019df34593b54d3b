"""The csv module's field size limit is process-global, and importing ``followthemoney`` raises
it from 131072 to 30 MiB (``followthemoney.statement.serialize``). Each fuzz test runs with the
default limit, whatever ran before it, so that the examples with cells over the limit reach the
``csv.Error`` path every time."""

from __future__ import annotations

import csv
from collections.abc import Iterator

import followthemoney.statement.serialize  # noqa: F401  (sets the limit once, on import)
import pytest

DEFAULT_FIELD_LIMIT = 131_072


@pytest.fixture(autouse=True)
def csv_default_field_limit() -> Iterator[None]:
    before = csv.field_size_limit(DEFAULT_FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(before)
