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
from functools import cache

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


@cache
def shared_password_hash() -> str:
    """One argon2id hash of the demo password, shared by every demo person: hashing it for
    each person (about 0.2 s apiece) would make loading the demo take seconds."""
    return secrets.hash_password(DEMO_PASSWORD)
