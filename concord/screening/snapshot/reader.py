"""Reading a snapshot or delta file: every check, in an order that gives the precise reason.

1. framing (magic, version, lengths): *not a snapshot* / *corrupted*;
2. the Ed25519 signature over the statement, with the pinned key: *wrong signer* / *bad
   signature*;
3. the statement's kind, expiry (and a clock far behind its creation): *expired on DATE*;
4. the reader's key among the recipients: *not for this key*;
5. decryption (any altered byte fails it), decompression, and the content's SHA-256 against the
   signed one: *corrupted*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from concord.screening.snapshot import content, crypto
from concord.screening.snapshot.errors import (
    CorruptSnapshotError,
    ExpiredSnapshotError,
    NotASnapshotError,
    SnapshotError,
)
from concord.screening.snapshot.format import Container, Statement, unpack

#: A statement created further ahead than this of the reader's clock means the clock is wrong.
CLOCK_SKEW = timedelta(days=1)


@dataclass(frozen=True)
class Opened:
    container: Container
    statement: Statement
    plaintext: bytes


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"{path}: {exc.strerror}") from None


def check_time(statement: Statement, now: datetime, *, allow_expired: bool = False) -> None:
    if now >= statement.expires_at and not allow_expired:
        raise ExpiredSnapshotError(
            f"expired: the {statement.kind} for {statement.country} expired on "
            f"{statement.expires_at:%Y-%m-%d %H:%M} UTC; get a new one"
        )
    if now < statement.created_at - CLOCK_SKEW:
        raise ExpiredSnapshotError(
            f"the {statement.kind} was made on {statement.created_at:%Y-%m-%d %H:%M} UTC, after "
            "this computer's date: set its clock right"
        )


def verified(
    data: bytes,
    verify_key: Ed25519PublicKey,
    *,
    kind: str,
    now: datetime,
    allow_expired: bool = False,
) -> tuple[Container, Statement]:
    """Steps 1-3: the container and its checked statement."""
    container = unpack(data)
    statement = crypto.verify(verify_key, container.statement, container.signature)
    if statement.kind != kind:
        raise NotASnapshotError(f"this file is a {statement.kind}, not a {kind}")
    check_time(statement, now, allow_expired=allow_expired)
    return container, statement


def decrypt(container: Container, statement: Statement, private: X25519PrivateKey) -> bytes:
    """Steps 4-5: the plaintext content, checked against the signed hash."""
    box = crypto.unseal(container, statement, private)
    plaintext = content.decompress(box, statement.compression, statement.content_bytes)
    if crypto.sha256(plaintext) != statement.content_sha256:
        raise CorruptSnapshotError("corrupted: the content differs from what was signed")
    return plaintext


def open_file(
    data: bytes,
    verify_key: Ed25519PublicKey,
    private: X25519PrivateKey,
    *,
    kind: str,
    now: datetime,
    allow_expired: bool = False,
) -> Opened:
    container, statement = verified(
        data, verify_key, kind=kind, now=now, allow_expired=allow_expired
    )
    return Opened(container, statement, decrypt(container, statement, private))
