"""The plaintext of a snapshot: one canonical JSON line per record, sorted by record id, with
only what screening and showing a hit need. Its SHA-256 is the snapshot's identity: two
snapshots with the same content hash answer every query alike.

Documents: ``id, type, owner, label, key`` (``CC:NUMBER``), ``status``, ``document_type``.
Persons: ``id, type, owner, label, names`` (as written), ``birth_date``, ``nationalities``,
``sex``. A record of another country whose review falls due before the snapshot expires carries
``until`` (its review deadline): offline screening ignores it from then on, as the server would.

A delta's plaintext is one line per change, sorted by id: ``{"op": "put", "record": {...}}`` or
``{"op": "del", "id": ...}``.
"""

from __future__ import annotations

import json
import lzma
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from concord.screening.snapshot.errors import CorruptSnapshotError
from concord.screening.snapshot.format import canonical

#: zlib -9: on 100k documents 35.6 bytes a record in 1.0 s; xz -6 saves a tenth (31.9) but takes
#: 9 s to compress, which ``apply`` pays on a post's laptop. Readers accept both.
COMPRESSION = "zlib"
#: Refuse to inflate a payload beyond this (a damaged or hostile length field).
MAX_CONTENT_BYTES = 4 * 1024 * 1024 * 1024


def compress(data: bytes, method: str = COMPRESSION) -> bytes:
    if method == "xz":
        return lzma.compress(data, format=lzma.FORMAT_XZ, preset=6)
    if method == "zlib":
        return zlib.compress(data, 9)
    raise CorruptSnapshotError(f"corrupted: unknown compression {method!r}")


def decompress(data: bytes, method: str, expected_bytes: int) -> bytes:
    if expected_bytes > MAX_CONTENT_BYTES:
        raise CorruptSnapshotError("corrupted: implausible content size")
    try:
        if method == "xz":
            out = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(
                data, max_length=expected_bytes + 1
            )
        elif method == "zlib":
            out = zlib.decompressobj().decompress(data, expected_bytes + 1)
        else:
            raise CorruptSnapshotError(f"corrupted: unknown compression {method!r}")
    except (lzma.LZMAError, zlib.error) as exc:
        raise CorruptSnapshotError(f"corrupted: cannot decompress ({exc})") from None
    if len(out) != expected_bytes:
        raise CorruptSnapshotError("corrupted: content size differs from the statement")
    return out


def person_names(data: Mapping[str, Any]) -> list[str]:
    names: list[str] = []
    for n in data.get("names", []):
        text = n.get("full") or " ".join(p for p in (n.get("given"), n.get("family")) if p)
        if text and text not in names:
            names.append(text)
    return names


def entry(
    *,
    record_id: str,
    record_type: str,
    owner: str,
    label: str,
    key: str | None,
    data: Mapping[str, Any],
    until: str | None,
) -> dict[str, Any]:
    """The snapshot line of one record (documents and persons only)."""
    out: dict[str, Any] = {"id": record_id, "type": record_type, "owner": owner, "label": label}
    if record_type == "document":
        out |= {"key": key, "status": data["status"], "document_type": data["document_type"]}
    elif record_type == "person":
        out["names"] = person_names(data)
        out["nationalities"] = list(data.get("nationalities", []))
        out["sex"] = data.get("sex", "U")
        if data.get("birth_date"):
            out["birth_date"] = data["birth_date"]
    else:
        raise ValueError(f"snapshots carry documents and persons, not {record_type}")
    if until is not None:
        out["until"] = until
    return out


def line(item: Mapping[str, Any]) -> bytes:
    return canonical(item) + b"\n"


@dataclass
class Content:
    """A snapshot's records by id, with their canonical lines."""

    lines: dict[str, bytes]

    @classmethod
    def parse(cls, raw: bytes) -> Content:
        return cls({str(item["id"]): chunk for item, chunk in _items(raw)})

    def to_bytes(self) -> bytes:
        return b"".join(self.lines[rid] for rid in sorted(self.lines))


def _items(raw: bytes) -> Iterator[tuple[dict[str, Any], bytes]]:
    previous = ""
    for chunk in raw.splitlines(keepends=True):
        try:
            item = json.loads(chunk)
            rid = item["id"]
        except (ValueError, KeyError, TypeError):
            raise CorruptSnapshotError("corrupted: unreadable record line") from None
        if not isinstance(rid, str) or rid <= previous:
            raise CorruptSnapshotError("corrupted: records out of order")
        previous = rid
        yield item, chunk


def records(raw: bytes) -> Iterator[dict[str, Any]]:
    """The records of a snapshot's plaintext, in order, each parsed once."""
    for item, _ in _items(raw):
        yield item


def diff(old: Content, new: Content) -> tuple[bytes, dict[str, int]]:
    """The delta plaintext from ``old`` to ``new`` and its counts."""
    out: list[bytes] = []
    counts = {"added": 0, "changed": 0, "removed": 0}
    for rid in sorted(old.lines.keys() | new.lines.keys()):
        before, after = old.lines.get(rid), new.lines.get(rid)
        if after is None:
            out.append(line({"op": "del", "id": rid}))
            counts["removed"] += 1
        elif before != after:
            out.append(line({"op": "put", "record": json.loads(after)}))
            counts["added" if before is None else "changed"] += 1
    return b"".join(out), counts


def patch(old: Content, delta: bytes) -> Content:
    lines = dict(old.lines)
    for chunk in delta.splitlines():
        try:
            op = json.loads(chunk)
            if op["op"] == "del":
                if lines.pop(op["id"], None) is None:
                    raise KeyError(op["id"])
            elif op["op"] == "put":
                lines[op["record"]["id"]] = line(op["record"])
            else:
                raise KeyError(op["op"])
        except (ValueError, KeyError, TypeError):
            raise CorruptSnapshotError("corrupted: unreadable delta line") from None
    return Content(lines)
