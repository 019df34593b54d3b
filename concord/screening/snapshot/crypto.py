"""Sealing and opening a file: signature, envelope and payload. Standard primitives from
``cryptography`` only, composed as follows.

- The **statement** is signed with Ed25519 (domain-separated). Its ``content_sha256`` pins the
  plaintext, so the signature covers the content whatever ciphertext carries it.
- A fresh 32-byte **data key** encrypts the compressed content with ChaCha20-Poly1305 (random
  96-bit nonce). Associated data: every byte before the ciphertext (magic, statement,
  signature, envelope), so changing any of them fails decryption.
- The data key is **wrapped** for each recipient (the country's registered keys, and the
  server's archive key): an ephemeral X25519 exchange, HKDF-SHA256 (salt: ephemeral and
  recipient public keys; info: a label), and ChaCha20-Poly1305 with the statement as
  associated data (a single-use key, so a zero nonce).
"""

from __future__ import annotations

import hashlib
import json
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from concord.screening.snapshot.errors import (
    BadSignatureError,
    CorruptSnapshotError,
    NotForThisKeyError,
    WrongSignerError,
)
from concord.screening.snapshot.format import MAGIC, Container, Recipient, Statement, canonical
from concord.screening.snapshot.keys import ed25519_raw, key_id, x25519_raw

SIGNATURE_DOMAIN = b"concord-mind-v1 statement\n"
WRAP_INFO = b"concord-mind-v1 wrap"
ZERO_NONCE = bytes(12)


def sign(key: Ed25519PrivateKey, statement: bytes) -> bytes:
    return key.sign(SIGNATURE_DOMAIN + statement)


def verify(key: Ed25519PublicKey, statement: bytes, signature: bytes) -> Statement:
    """The statement, once its signature by ``key`` is checked; refusals say why."""
    try:
        key.verify(signature, SIGNATURE_DOMAIN + statement)
    except InvalidSignature:
        expected = key_id(ed25519_raw(key))
        claimed = _claimed_signer(statement)
        if claimed is not None and claimed != expected:
            raise WrongSignerError(
                f"wrong signer: signed by key {claimed}, not by the expected key {expected}"
            ) from None
        raise BadSignatureError(
            "bad signature: the file was altered after it was signed, or is not from this server"
        ) from None
    parsed = Statement.from_bytes(statement)
    if parsed.signer_key_id != key_id(ed25519_raw(key)):  # pragma: no cover - signed by key
        raise WrongSignerError("wrong signer: the statement names another signing key")
    return parsed


def _claimed_signer(statement: bytes) -> str | None:
    try:
        value = json.loads(statement).get("signer_key_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    if shared == bytes(32):
        raise CorruptSnapshotError("corrupted: degenerate key exchange")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=WRAP_INFO
    ).derive(shared)


def seal(
    statement: bytes, signature: bytes, payload: bytes, recipients: tuple[Recipient, ...]
) -> Container:
    """Encrypt ``payload`` for ``recipients`` under a signed statement."""
    data_key = ChaCha20Poly1305.generate_key()
    wraps = []
    for r in sorted(set(recipients), key=lambda x: x.key_id):
        public = bytes.fromhex(r.public_key)
        eph = X25519PrivateKey.generate()
        eph_raw = x25519_raw(eph.public_key())
        kek = _kek(eph.exchange(X25519PublicKey.from_public_bytes(public)), eph_raw, public)
        wrapped = ChaCha20Poly1305(kek).encrypt(ZERO_NONCE, data_key, MAGIC + statement)
        wraps.append({"key_id": r.key_id, "ephemeral": eph_raw.hex(), "wrapped": wrapped.hex()})
    nonce = os.urandom(12)
    envelope = canonical({"nonce": nonce.hex(), "wraps": wraps})
    head = Container(statement, signature, envelope, b"")
    ciphertext = ChaCha20Poly1305(data_key).encrypt(nonce, payload, head.prefix)
    return Container(statement, signature, envelope, ciphertext)


def unseal(container: Container, statement: Statement, private: X25519PrivateKey) -> bytes:
    """The payload, decrypted with ``private``; refusals say why."""
    public = x25519_raw(private.public_key())
    mine = key_id(public)
    named = {r.key_id for r in statement.recipients} | {statement.archive.key_id}
    if mine not in named:
        raise NotForThisKeyError(
            f"not for this key: the {statement.kind} for {statement.country} is encrypted for "
            f"key(s) {', '.join(sorted(r.key_id for r in statement.recipients))}; "
            f"yours is {mine}"
        )
    try:
        envelope = json.loads(container.envelope)
        nonce = bytes.fromhex(envelope["nonce"])
        wrap = next(w for w in envelope["wraps"] if w["key_id"] == mine)
        eph_raw = bytes.fromhex(wrap["ephemeral"])
        wrapped = bytes.fromhex(wrap["wrapped"])
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph_raw))
    except (ValueError, KeyError, TypeError, StopIteration, AttributeError):
        raise CorruptSnapshotError("corrupted: unreadable envelope") from None
    try:
        data_key = ChaCha20Poly1305(_kek(shared, eph_raw, public)).decrypt(
            ZERO_NONCE, wrapped, MAGIC + container.statement
        )
        return ChaCha20Poly1305(data_key).decrypt(nonce, container.ciphertext, container.prefix)
    except (InvalidTag, ValueError):
        raise CorruptSnapshotError(
            "corrupted: decryption failed (the file was altered or damaged)"
        ) from None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
