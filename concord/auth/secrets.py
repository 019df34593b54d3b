"""Password hashing (argon2id), TOTP second factor, and bearer-token generation.

Token secrets are 256 random bits; only their SHA-256 is stored. TOTP secrets are stored
encrypted (Fernet) with a key derived from the platform's secret key.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import secrets
import time
from functools import cache

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken

TOKEN_PREFIX = "cnc_"  # noqa: S105 (a public prefix)
ISSUER = "Concord"

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check so that unknown accounts are not revealed.
        _burn(password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _burn(password: str) -> None:
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_dummy_hash(), password)


@cache
def _dummy_hash() -> str:
    return _hasher.hash("concord-dummy-password")


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _fernet(secret_key: str) -> Fernet:
    key = hashlib.sha256(b"concord-totp\n" + secret_key.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def new_totp_secret() -> str:
    return pyotp.random_base32()


def seal_totp(secret: str, secret_key: str) -> str:
    return _fernet(secret_key).encrypt(secret.encode()).decode()


def open_totp(sealed: str, secret_key: str) -> str:
    try:
        return _fernet(secret_key).decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("TOTP secret cannot be decrypted with the configured secret key") from exc


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def totp_now(secret: str) -> str:
    return str(pyotp.TOTP(secret).now())


def check_totp(
    secret: str, code: str, last_step: int | None, now: float | None = None
) -> int | None:
    """Return the time step the code belongs to (current +-1), or None. A step already used
    (``last_step``) is refused so that a code cannot be replayed."""
    totp = pyotp.TOTP(secret)
    t = time.time() if now is None else now
    step = int(t // totp.interval)
    code = code.strip()
    for candidate in (step, step - 1, step + 1):
        if last_step is not None and candidate <= last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None
