"""Canonical encoding and hashing of audit events, and Ed25519 signing of checkpoints and heads.

An event's hash is ``SHA-256("concord-audit-v1\\n" || canonical JSON of its fields)``, where the
fields include the previous event's hash and the payload's hash (never the payload itself).
Canonical JSON: keys sorted, no whitespace, UTF-8, timestamps as ISO 8601 UTC with microseconds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

GENESIS_HASH = "0" * 64
DOMAIN = b"concord-audit-v1\n"

#: The event fields covered by the chain, in the order they are documented.
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_kind",
    "role",
    "country",
    "agency_id",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "purpose",
    "request_id",
    "payload_hash",
    "prev_hash",
)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def format_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fields_of(event: Any) -> dict[str, Any]:
    """The chained fields of an event (a stored event or one being written)."""
    return {name: getattr(event, name) for name in CHAINED_FIELDS}


def event_hash(fields: dict[str, Any]) -> str:
    data = {name: fields.get(name) for name in CHAINED_FIELDS}
    data["at"] = format_time(fields["at"])
    return hashlib.sha256(DOMAIN + canonical_json(data).encode("utf-8")).hexdigest()


def payload_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Signer:
    """Signs checkpoints and chain heads with an Ed25519 key derived from a configured seed."""

    private_key: Ed25519PrivateKey

    @classmethod
    def from_seed(cls, seed: str) -> Signer:
        digest = hashlib.sha256(b"concord-audit-signing\n" + seed.encode("utf-8")).digest()
        return cls(Ed25519PrivateKey.from_private_bytes(digest))

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def public_key_hex(self) -> str:
        return self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    @property
    def key_id(self) -> str:
        return hashlib.sha256(bytes.fromhex(self.public_key_hex)).hexdigest()[:16]

    def sign(self, statement: dict[str, Any]) -> str:
        return self.private_key.sign(canonical_json(statement).encode("utf-8")).hex()

    def verify(self, statement: dict[str, Any], signature: str) -> bool:
        try:
            self.public_key.verify(bytes.fromhex(signature), canonical_json(statement).encode())
        except (InvalidSignature, ValueError):
            return False
        return True
