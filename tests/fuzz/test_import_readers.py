"""Fuzzing the import readers and validation (no database): CSV, JSON Lines and FollowTheMoney.

Declared (``concord.records.importing.readers``): a problem with the file as a whole raises
:class:`ValidationFailedError`; a line that cannot be imported becomes a rejected line with its
reason, and reading goes on. Anything else escaping (csv.Error, RecursionError,
AttributeError ...) is a bug.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from concord.errors import ValidationFailedError
from concord.records.importing.batches import prepare_batches
from concord.records.importing.readers import open_source
from tests.fuzz.samples import CSV_DOCUMENTS, FTM, file_content
from tests.fuzz.strategies import deep, deep_json, quick

MEMBERS = frozenset({"FR", "DE", "IT", "ES", "GB", "US", "EG", "RU", "CN", "BR", "NG", "IN"})
NAMES = {"csv": "in.csv", "jsonl": "in.jsonl", "ftm": "in.ftm.json"}


def read_all(tmp: Path, kind: str, content: bytes, record_type: str | None) -> None:
    path = tmp / NAMES[kind]
    path.write_bytes(content)
    try:
        source = open_source(path, owner="FR", record_type=record_type if kind == "csv" else None)
        batches = list(
            prepare_batches(source.lines(), members=MEMBERS, allowed_types=None, batch_size=7)
        )
    except ValidationFailedError as exc:
        assert exc.detail
        return
    for batch in batches:
        assert len(batch) + len(batch.rejected) + len(batch.links_only) == batch.lines_read
        assert all(reason for _, _, reason in batch.rejected)
        assert all(len(ref) <= 100 for ref in batch.owner_ref)


KINDS = st.sampled_from(["csv", "jsonl", "ftm"])


@st.composite
def any_file(draw: st.DrawFn) -> tuple[str, bytes, str]:
    kind = draw(KINDS)
    return kind, draw(file_content(kind)), draw(st.sampled_from(["document", "person"]))


REGRESSIONS = [
    # csv.Error escaped for a cell over the csv module's field limit (131072 characters)
    ("csv", b"owner_ref,number\nx," + b"A" * 140_000 + b"\n", "document"),
    # RecursionError escaped from json.loads: a deeply nested line, first line or extra cell
    ("jsonl", b'{"type": "person"}\n' + deep_json(100_000).encode() + b"\n", "document"),
    ("ftm", deep_json(5_000, kind="{").encode() + b"\n", "document"),
    ("csv", f'owner_ref,extra\nx,"{deep_json(5_000)}"\n'.encode(), "document"),
    # AttributeError escaped: an entity whose schema is a list, not a schema name
    ("ftm", FTM.encode() + b'{"schema": ["Person"], "id": "b"}\n', "document"),
    ("csv", CSV_DOCUMENTS.encode()[:-40] + b"\x00\xff", "document"),
]


@quick()
@given(any_file())
def test_any_file_reads_as_lines_or_is_refused(
    tmp_path: Path, case: tuple[str, bytes, str]
) -> None:
    read_all(tmp_path, *case)


for _regression in REGRESSIONS:
    test_any_file_reads_as_lines_or_is_refused = example(_regression)(
        test_any_file_reads_as_lines_or_is_refused
    )


@pytest.mark.slow
@deep(1200)
@given(any_file())
def test_any_file_reads_as_lines_or_is_refused_deep(
    tmp_path: Path, case: tuple[str, bytes, str]
) -> None:
    read_all(tmp_path, *case)
