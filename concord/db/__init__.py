"""Database layer: engine and sessions (:mod:`.database`), the declarative base (:mod:`.base`) and
Alembic migrations (:mod:`.migrate`, ``migrations/``)."""

from concord.db.base import Base, utcnow
from concord.db.database import Database

__all__ = ["Base", "Database", "utcnow"]
