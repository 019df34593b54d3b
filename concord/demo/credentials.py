"""The demo's credentials: one shared password and secrets derived from the demo seed.

**Development only.** Everything here is public (it is in the source and printed by
``make run``); :func:`concord.demo.load_demo` refuses to run outside the ``development`` and
``test`` environments so that these credentials never exist in production.

The TOTP secrets and the service token are HMAC-SHA256 of the seed and the username, so the
same seed always gives the same secrets and the token can be printed again on every start.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from concord.auth import secrets

#: The password of every demo person. DEVELOPMENT ONLY: never use it anywhere real.
DEMO_PASSWORD = "concord-demo-2026"  # noqa: S105 - a documented, development-only password


def _derive(seed: int, purpose: str, username: str) -> bytes:
    key = f"concord-demo\n{seed}".encode()
    return hmac.new(key, f"{purpose}\n{username}".encode(), hashlib.sha256).digest()


def totp_secret(seed: int, username: str) -> str:
    """A 32-character base32 TOTP secret (160 bits, as authenticator apps expect)."""
    return base64.b32encode(_derive(seed, "totp", username)[:20]).decode("ascii")


def service_token(seed: int, username: str) -> str:
    """A bearer token in the platform's format: ``cnc_`` and 43 URL-safe characters."""
    raw = base64.urlsafe_b64encode(_derive(seed, "token", username)).rstrip(b"=")
    return secrets.TOKEN_PREFIX + raw.decode("ascii")


_patch_lock = threading.Lock()


@contextmanager
def shared_password_hash() -> Iterator[None]:
    """Hash the demo password once for every demo person.

    ``create_account`` hashes each initial password with argon2id (about 0.2 s apiece), which
    would make loading the demo take seconds. Inside this block, hashing the demo password
    returns one hash computed up front; it is a genuine argon2id hash of that same password
    (only the salt is shared), so the replacement is equivalent for every caller, and any
    other password is hashed as usual.
    """
    with _patch_lock:
        original = secrets.hash_password
        shared = original(DEMO_PASSWORD)

        def hash_password(password: str) -> str:
            return shared if password == DEMO_PASSWORD else original(password)

        secrets.hash_password = hash_password
        try:
            yield
        finally:
            secrets.hash_password = original
