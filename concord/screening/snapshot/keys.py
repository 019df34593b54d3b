"""Keys: the server's two snapshot keys, derived from one configured seed, and the recipients'
X25519 key files.

- **Signing** (Ed25519): signs every snapshot and delta statement. Its public key is what border
  posts pin with ``--pubkey`` (``concord snapshot pubkey``).
- **Archive** (X25519): a second recipient of every snapshot, so that the server, and only it
  besides the country, can read back what it exported and compute deltas.

Both come from ``CONCORD_SNAPSHOT_SIGNING_KEY`` through HKDF-SHA256 with distinct labels; the
development default is refused outside development.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from concord.screening.snapshot.errors import (
    KeyFileError,
    PassphraseNeededError,
    SigningKeyNotConfiguredError,
)
from concord.settings import Settings

RAW = serialization.Encoding.Raw
RAW_PUBLIC = serialization.PublicFormat.Raw
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")


def key_id(public_raw: bytes) -> str:
    """A short, stable name of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def x25519_raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes(RAW, RAW_PUBLIC)


def ed25519_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(RAW, RAW_PUBLIC)


def _derive(seed: str, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(
        seed.encode("utf-8")
    )


@dataclass(frozen=True)
class ServerKeys:
    signing: Ed25519PrivateKey
    archive: X25519PrivateKey

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerKeys:
        seed = settings.snapshot_signing_key.get_secret_value()
        default = Settings.model_fields["snapshot_signing_key"].get_default()
        if settings.environment != "development" and seed == default.get_secret_value():
            raise SigningKeyNotConfiguredError(
                "CONCORD_SNAPSHOT_SIGNING_KEY must be set outside development to sign snapshots"
            )
        return cls.from_seed(seed)

    @classmethod
    def from_seed(cls, seed: str) -> ServerKeys:
        return cls(
            signing=Ed25519PrivateKey.from_private_bytes(
                _derive(seed, b"concord-mind-v1 signing ed25519")
            ),
            archive=X25519PrivateKey.from_private_bytes(
                _derive(seed, b"concord-mind-v1 archive x25519")
            ),
        )

    @property
    def verify_key(self) -> Ed25519PublicKey:
        return self.signing.public_key()

    @property
    def signer_key_id(self) -> str:
        return key_id(ed25519_raw(self.verify_key))

    def verify_key_hex(self) -> str:
        return ed25519_raw(self.verify_key).hex()

    def verify_key_pem(self) -> str:
        return (
            self.verify_key.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
            .strip()
        )


def load_verify_key(value: str) -> Ed25519PublicKey:
    """The server's signing public key from ``--pubkey``: 64 hex digits, or a file holding
    them or a PEM public key."""
    text = value.strip()
    if not _HEX64.match(text):
        path = Path(text)
        try:
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyFileError(
                f"--pubkey: not 64 hex digits and not a readable key file ({exc})"
            ) from None
    try:
        if _HEX64.match(text):
            return Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
        key = serialization.load_pem_public_key(text.encode("ascii"))
    except ValueError as exc:
        raise KeyFileError(f"--pubkey: unreadable public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError("--pubkey: not an Ed25519 public key")
    return key


def new_recipient_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def private_key_pem(key: X25519PrivateKey, passphrase: bytes | None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def create_key_file(path: Path) -> int:
    """Create ``path`` for a private key: mode 0600, refusing to overwrite. Returns the fd."""
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"{path} exists: a key file is never overwritten") from None
    except OSError as exc:
        raise KeyFileError(f"{path}: {exc.strerror}") from None


def load_private_key(path: Path, passphrase: bytes | None) -> X25519PrivateKey:
    """A recipient's X25519 private key from its PEM file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{path}: {exc.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=passphrase or None)
    except TypeError:
        if passphrase:
            raise KeyFileError(f"{path} is not passphrase-protected; give no passphrase") from None
        raise PassphraseNeededError(
            f"{path} is passphrase-protected: give its passphrase"
        ) from None
    except ValueError:
        if passphrase:
            raise KeyFileError(f"{path}: wrong passphrase, or not a private key") from None
        raise KeyFileError(f"{path}: not a PEM private key") from None
    if not isinstance(key, X25519PrivateKey):
        raise KeyFileError(f"{path}: not an X25519 private key (made by `snapshot keygen`)")
    return key
