"""The container of snapshot and delta files, and the signed statement at its head.

Layout (integers big-endian)::

    magic      9 bytes   b"CONCMIND" + format version (1)
    u32 + statement      canonical JSON (keys sorted, no spaces, UTF-8): what the file is
    u16 + signature      Ed25519 over b"concord-mind-v1 statement\\n" + statement
    u32 + envelope       canonical JSON: payload nonce and the data key wrapped per recipient
    ciphertext           the rest: ChaCha20-Poly1305 of the compressed content

The statement names the country, creation and expiry times, the recipients' keys, the signer's
key id, the record counts and the SHA-256 of the plaintext content. Everything else is bound to
it cryptographically (see :mod:`concord.screening.snapshot.crypto`).
"""

from __future__ import annotations

import base64
import json
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from concord.screening.snapshot.errors import CorruptSnapshotError, NotASnapshotError

MAGIC = b"CONCMIND\x01"
FORMAT = "concord-mind"
VERSION = 1
SNAPSHOT = "snapshot"
DELTA = "delta"


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def format_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class Recipient:
    key_id: str
    public_key: str  # X25519, raw, hex


@dataclass(frozen=True)
class Statement:
    """What a snapshot or delta is, as signed by the server."""

    kind: str
    id: str
    country: str
    created_at: datetime
    expires_at: datetime
    signer_key_id: str
    recipients: tuple[Recipient, ...]
    archive: Recipient
    counts: dict[str, int]
    content_sha256: str
    content_bytes: int
    compression: str
    #: deltas only: the content hash of the snapshot they apply to, and the target snapshot's
    #: statement (base64 of its exact bytes) and signature (hex)
    base_sha256: str | None = None
    target: dict[str, str] | None = field(default=None)

    def to_bytes(self) -> bytes:
        body: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "kind": self.kind,
            "id": self.id,
            "country": self.country,
            "created_at": format_time(self.created_at),
            "expires_at": format_time(self.expires_at),
            "signer_key_id": self.signer_key_id,
            "recipients": [vars(r) for r in self.recipients],
            "archive": vars(self.archive),
            "counts": self.counts,
            "content_sha256": self.content_sha256,
            "content_bytes": self.content_bytes,
            "compression": self.compression,
        }
        if self.kind == DELTA:
            body["base_sha256"] = self.base_sha256
            body["target"] = self.target
        return canonical(body)

    @classmethod
    def from_bytes(cls, raw: bytes) -> Statement:
        try:
            body = json.loads(raw)
            if body.get("format") != FORMAT or body.get("version") != VERSION:
                raise NotASnapshotError(
                    f"unsupported format {body.get('format')!r} version {body.get('version')!r}"
                )
            return cls(
                kind=body["kind"],
                id=body["id"],
                country=body["country"],
                created_at=parse_time(body["created_at"]),
                expires_at=parse_time(body["expires_at"]),
                signer_key_id=body["signer_key_id"],
                recipients=tuple(Recipient(**r) for r in body["recipients"]),
                archive=Recipient(**body["archive"]),
                counts={str(k): int(v) for k, v in body["counts"].items()},
                content_sha256=body["content_sha256"],
                content_bytes=int(body["content_bytes"]),
                compression=body["compression"],
                base_sha256=body.get("base_sha256"),
                target=body.get("target"),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CorruptSnapshotError(f"corrupted: unreadable statement ({exc})") from None

    def target_parts(self) -> tuple[bytes, bytes]:
        """A delta's target statement and signature, as bytes."""
        if self.target is None:
            raise CorruptSnapshotError("corrupted: the delta names no target snapshot")
        try:
            return (
                base64.b64decode(self.target["statement"], validate=True),
                bytes.fromhex(self.target["signature"]),
            )
        except (KeyError, ValueError) as exc:
            raise CorruptSnapshotError(f"corrupted: unreadable target ({exc})") from None


@dataclass(frozen=True)
class Container:
    """The parts of a file, as bytes; nothing verified yet."""

    statement: bytes
    signature: bytes
    envelope: bytes
    ciphertext: bytes

    @property
    def prefix(self) -> bytes:
        """Everything before the ciphertext: the payload's associated data."""
        return (
            MAGIC
            + struct.pack(">I", len(self.statement))
            + self.statement
            + struct.pack(">H", len(self.signature))
            + self.signature
            + struct.pack(">I", len(self.envelope))
            + self.envelope
        )

    def to_bytes(self) -> bytes:
        return self.prefix + self.ciphertext


def unpack(data: bytes) -> Container:
    if not data.startswith(MAGIC[:8]):
        raise NotASnapshotError("not a Concord snapshot or delta (unknown file type)")
    if data[8:9] != MAGIC[8:9]:
        raise NotASnapshotError(f"unsupported snapshot format version {data[8:9].hex()}")
    pos = len(MAGIC)
    try:
        (n,) = struct.unpack_from(">I", data, pos)
        statement = _take(data, pos + 4, n)
        pos += 4 + n
        (n,) = struct.unpack_from(">H", data, pos)
        signature = _take(data, pos + 2, n)
        pos += 2 + n
        (n,) = struct.unpack_from(">I", data, pos)
        envelope = _take(data, pos + 4, n)
        pos += 4 + n
    except struct.error:
        raise CorruptSnapshotError("corrupted: the file is truncated") from None
    return Container(statement, signature, envelope, data[pos:])


def _take(data: bytes, start: int, n: int) -> bytes:
    if start + n > len(data):
        raise CorruptSnapshotError("corrupted: the file is truncated")
    return data[start : start + n]
