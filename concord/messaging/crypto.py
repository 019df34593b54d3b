"""The cryptography of messaging, from ``cryptography``'s standard primitives only.

- **Envelope encryption.** Each mailbox has a 32-byte data key (DEK) and an Ed25519 signing
  key, both stored wrapped (ChaCha20-Poly1305) by the key-encryption key (KEK) derived from
  ``CONCORD_MESSAGING_KEK``. Each message has its own content key (CEK), which encrypts its
  content; the CEK is wrapped by the DEK of every mailbox that holds a copy. Rotating the KEK
  re-wraps DEKs only; destroying a mailbox's DEK makes its copies unreadable (crypto-shredding).
- **Signatures.** The sending mailbox signs a canonical statement (metadata and SHA-256 of the
  content) with Ed25519; anyone with the mailbox's public key verifies it.
- **End-to-end.** A mailbox that registers an X25519 public key receives content sealed to it
  (ephemeral X25519, HKDF-SHA256, ChaCha20-Poly1305): the server relays ciphertext only.

Every function that opens something raises :class:`TamperedError` when authentication fails.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

NONCE = 12
ZERO_NONCE = bytes(NONCE)
SIGN_DOMAIN = b"concord-message-v1\n"
SEAL_INFO = b"concord-e2e-v1"


class TamperedError(Exception):
    """Authentication failed: the data was altered, or the key is not the right one."""


def derive_kek(secret: str) -> tuple[str, bytes]:
    """The KEK derived from a configured secret, and its id (to know what wrapped a key)."""
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"concord-messaging-kek", info=b"kek"
    ).derive(secret.encode("utf-8"))
    return hashlib.sha256(b"kek-id" + key).hexdigest()[:16], key


def new_key() -> bytes:
    return ChaCha20Poly1305.generate_key()


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < NONCE + 16:
        raise TamperedError("ciphertext too short")
    try:
        return ChaCha20Poly1305(key).decrypt(blob[:NONCE], blob[NONCE:], aad)
    except InvalidTag:
        raise TamperedError("the ciphertext or its context was altered") from None


def new_signing_key() -> tuple[bytes, bytes]:
    """(private seed, public key), raw 32 bytes each."""
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return seed, private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def signing_public(seed: bytes) -> bytes:
    key = Ed25519PrivateKey.from_private_bytes(seed)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def canonical(statement: dict[str, Any]) -> bytes:
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@lru_cache(maxsize=1024)
def _signing_key(seed: bytes) -> Ed25519PrivateKey:
    # Loading a key costs about as much as a signature: keep the mailboxes' recent ones (the
    # key store already holds their seeds in memory).
    return Ed25519PrivateKey.from_private_bytes(seed)


def forget_signing_keys() -> None:
    """Drop every loaded signing key (a mailbox's keys were erased or rotated)."""
    _signing_key.cache_clear()


@lru_cache(maxsize=4096)
def _verifying_key(public: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(public)


def sign(seed: bytes, statement: bytes) -> bytes:
    return _signing_key(seed).sign(SIGN_DOMAIN + statement)


def verify(public: bytes, statement: bytes, signature: bytes) -> bool:
    try:
        _verifying_key(public).verify(signature, SIGN_DOMAIN + statement)
    except (InvalidSignature, ValueError):
        return False
    return True


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_e2e_key() -> tuple[bytes, bytes]:
    """(private, public) X25519 raw keys, for a mailbox's client."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return raw, private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _seal_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    if shared == bytes(32):
        raise TamperedError("degenerate key exchange")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=SEAL_INFO
    ).derive(shared)


def seal(public: bytes, plaintext: bytes) -> bytes:
    """Encrypt for the holder of the X25519 private key of ``public``: ephemeral || ciphertext."""
    eph = X25519PrivateKey.generate()
    eph_raw = eph.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = _seal_key(eph.exchange(X25519PublicKey.from_public_bytes(public)), eph_raw, public)
    return eph_raw + ChaCha20Poly1305(key).encrypt(ZERO_NONCE, plaintext, eph_raw + public)


def unseal(private: bytes, blob: bytes) -> bytes:
    if len(blob) < 32 + 16:
        raise TamperedError("sealed content too short")
    key = X25519PrivateKey.from_private_bytes(private)
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    eph_raw = blob[:32]
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(eph_raw))
        return ChaCha20Poly1305(_seal_key(shared, eph_raw, public)).decrypt(
            ZERO_NONCE, blob[32:], eph_raw + public
        )
    except (InvalidTag, ValueError):
        raise TamperedError("not sealed for this key, or altered") from None
