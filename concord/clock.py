"""The platform's notion of now. ``CONCORD_NOW`` moves it, in development and tests only (the
settings refuse it in production), so that review deadlines can be exercised."""

from __future__ import annotations

from datetime import UTC, datetime

from concord.db.base import utcnow
from concord.settings import Settings


def now(settings: Settings) -> datetime:
    if settings.now is not None and settings.environment != "production":
        return settings.now.astimezone(UTC)
    return utcnow()
