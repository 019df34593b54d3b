"""Coverage-guided fuzzing of the CSV record import (reading and validation, no database) with
atheris (libFuzzer). Not a pytest module: run it through ``scripts/fuzz-atheris``.

Each input is written as a CSV file of documents (odd input length) or persons (even) and read
as ``concord records import`` reads it (:func:`open_source`, :meth:`Source.lines`,
:func:`prepare_batches`). Declared: :class:`ValidationFailedError` for the file as a whole,
rejected lines with their reasons otherwise; anything else escaping is a crash.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["concord"]):
    from concord.errors import ValidationFailedError
    from concord.records.importing.batches import prepare_batches
    from concord.records.importing.readers import open_source

MEMBERS = frozenset({"FR", "DE", "IT", "ES", "GB", "US", "EG", "RU", "CN", "BR", "NG", "IN"})
PATH = Path(tempfile.mkdtemp(prefix="concord-fuzz-")) / "in.csv"


def test_one_input(data: bytes) -> None:
    PATH.write_bytes(data)
    kind = "document" if len(data) % 2 else "person"
    try:
        source = open_source(PATH, owner="FR", record_type=kind)
        batches = list(
            prepare_batches(source.lines(), members=MEMBERS, allowed_types=None, batch_size=7)
        )
    except ValidationFailedError:
        return
    for batch in batches:
        assert len(batch) + len(batch.rejected) + len(batch.links_only) == batch.lines_read


def main() -> None:
    os.environ.setdefault("CONCORD_ENVIRONMENT", "development")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
