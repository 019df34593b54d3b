"""Reading import files lazily, one record at a time, whatever their size.

Formats, by extension:

- ``.csv``: records of one type (``--type``), columns as in :mod:`.columns`;
- ``.jsonl``, ``.ndjson``, ``.json``, ``.ftm``, ``.ftm.json``: one JSON object per line. The
  first object decides: with a ``schema`` key the file is a FollowTheMoney entity stream
  (:mod:`.ftm`), otherwise each line is shaped like the API's ``RecordCreate`` (``type``,
  ``data``, ``owner_ref``, ... and optional ``links: [{"to_ref", "kind", "to_type"}]``).

:meth:`Source.lines` yields ``(line number, item)``; a line that cannot be read becomes a
:class:`~.rows.Rejected` item and reading goes on. Problems with the file as a whole (unknown
extension, no ``--type`` for a CSV, a bad header) raise :class:`ValidationFailedError`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from concord.errors import ValidationFailedError
from concord.records.importing.columns import RowParser
from concord.records.importing.rows import Incoming, Line, LinkRef, Rejected, check_link_kind
from concord.records.schemas import RecordCreate
from concord.records.service import RecordInput
from concord.records.types import DocumentStatus, RecordType

BUFFER = 1 << 16
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json", ".ftm")


class Format(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    FTM = "ftm"


class _Counting(io.RawIOBase):
    """A raw stream that counts the bytes read through it (for progress)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        self.count += n or 0
        return int(n or 0)

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass
class Source:
    """An import file: its format, its size, and how far reading has got."""

    path: Path
    format: Format
    owner: str
    record_type: RecordType | None = None
    status: str = DocumentStatus.STOLEN.value
    size: int = 0
    _counter: _Counting | None = field(default=None, repr=False)

    @property
    def bytes_read(self) -> int:
        return self._counter.count if self._counter is not None else 0

    def _text(self) -> io.TextIOWrapper:
        self._counter = _Counting(self.path.open("rb", buffering=0))
        reader = io.BufferedReader(self._counter, BUFFER)
        return io.TextIOWrapper(reader, encoding="utf-8-sig", newline="")

    def lines(self) -> Iterator[Line]:
        """The file's items, read lazily."""
        with self._text() as text:
            try:
                if self.format is Format.CSV:
                    yield from self._csv(text)
                else:
                    yield from self._json_lines(text)
            except UnicodeDecodeError as exc:
                raise ValidationFailedError(
                    f"{self.path.name}: not UTF-8 text near byte {self.bytes_read}: {exc.reason}"
                ) from None
            except csv.Error as exc:  # the header (a bad row is rejected on its own)
                raise ValidationFailedError(f"{self.path.name}: line 1: {exc}") from None

    def _csv(self, text: io.TextIOWrapper) -> Iterator[Line]:
        assert self.record_type is not None
        rows = csv.reader(text)
        header = next(rows, None)
        if header is None:
            return
        try:
            parser = RowParser(self.record_type, header, status=self.status)
        except ValueError as exc:
            raise ValidationFailedError(f"{self.path.name}: {exc}") from None
        parse = parser.parse
        start = rows.line_num + 1
        while True:
            try:
                cells = next(rows, None)
            except csv.Error as exc:  # a cell over the csv module's field size limit
                yield start, Rejected(f"not CSV: {exc}")
                start = rows.line_num + 1
                continue
            if cells is None:
                return
            if cells:
                yield start, parse(cells)
            start = rows.line_num + 1

    def _json_lines(self, text: io.TextIOWrapper) -> Iterator[Line]:
        from concord.records.importing import ftm  # loads the FtM model: only when needed

        entities = ftm.EntityReader(owner=self.owner, status=self.status)
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
                yield number, Rejected(f"not JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield number, Rejected("each line must be a JSON object")
            elif self.format is Format.FTM:
                yield number, entities.read(obj)
            else:
                yield number, record_line(obj, owner=self.owner, status=self.status)


def record_line(obj: dict[str, Any], *, owner: str, status: str) -> Incoming | Rejected:
    """One JSON Lines record: ``RecordCreate`` plus ``links`` (and ``owner``, if given, must be
    the import's)."""
    obj = dict(obj)
    ref = obj.get("owner_ref") if isinstance(obj.get("owner_ref"), str) else None
    declared = obj.pop("owner", owner)
    if str(declared).upper() != owner:
        return Rejected(f"a record of another owner ({declared}); this import is for {owner}", ref)
    try:
        links = tuple(_link(x) for x in obj.pop("links", None) or [])
        body = RecordCreate.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        return Rejected(f"{where}: {first['msg']}" if where else first["msg"], ref)
    except (ValueError, TypeError) as exc:
        return Rejected(f"links: {exc}", ref)
    if not body.owner_ref:
        return Rejected("owner_ref is required (the owner's own id for the record)")
    data = dict(body.data)
    if body.type is RecordType.DOCUMENT and "status" not in data:
        data["status"] = status
    record = RecordInput(
        type=body.type.value,
        data=data,
        owner_ref=body.owner_ref,
        reliability=body.reliability,
        handling=body.handling,
        handling_note=body.handling_note,
        restriction=body.restriction,
        countries=list(body.countries),
    )
    return Incoming(record, links)


def _link(obj: object) -> LinkRef:
    if not isinstance(obj, dict) or set(obj) - {"to_ref", "kind", "to_type"}:
        raise ValueError('each link is {"to_ref": ..., "kind": ..., "to_type": ...}')
    to_ref, to_type = obj.get("to_ref"), obj.get("to_type")
    if not isinstance(to_ref, str) or not to_ref:
        raise ValueError("a link needs to_ref, the owner_ref of the record it points to")
    if to_type is not None and to_type not in {t.value for t in RecordType}:
        raise ValueError(f"to_type {to_type!r} is not a record type")
    return LinkRef(to_ref, check_link_kind(obj.get("kind")), to_type)


def detect(path: Path) -> Format:
    """The format of ``path``: by extension, and for JSON lines by the first object."""
    name = path.name.lower()
    if name.endswith(".csv"):
        return Format.CSV
    if not name.endswith(JSON_SUFFIXES):
        raise ValidationFailedError(
            f"{path.name}: unknown format; use .csv, .jsonl/.ndjson, or .ftm/.ftm.json/.json "
            "(FollowTheMoney entities)"
        )
    with path.open(encoding="utf-8-sig", errors="replace") as text:
        for line in text:
            if line.strip():
                try:
                    first = json.loads(line)
                except (ValueError, RecursionError):
                    raise ValidationFailedError(
                        f"{path.name}: the first line is not a JSON object"
                    ) from None
                is_entity = isinstance(first, dict) and "schema" in first
                return Format.FTM if is_entity else Format.JSONL
    return Format.JSONL


def open_source(
    path: Path, *, owner: str, record_type: str | None = None, status: str = "stolen"
) -> Source:
    """Check the file and the options that go with its format."""
    if not path.is_file():
        raise ValidationFailedError(f"{path}: no such file")
    fmt = detect(path)
    try:
        DocumentStatus(status)
    except ValueError:
        raise ValidationFailedError(
            f"--status {status!r} is not one of {', '.join(s.value for s in DocumentStatus)}"
        ) from None
    kind: RecordType | None = None
    if fmt is Format.CSV:
        if record_type is None:
            raise ValidationFailedError(
                "a CSV file holds one record type: give --type "
                f"({', '.join(t.value for t in RecordType)})"
            )
        try:
            kind = RecordType(record_type)
        except ValueError:
            raise ValidationFailedError(
                f"--type {record_type!r} is not one of {', '.join(t.value for t in RecordType)}"
            ) from None
    elif record_type is not None:
        raise ValidationFailedError(
            "--type is for CSV files only: JSON lines and FtM entities name their own types"
        )
    return Source(path, fmt, owner, kind, status, path.stat().st_size)
