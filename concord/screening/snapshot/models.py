"""The recipients of offline snapshots: each country's registered X25519 public keys, one per
offline post (a laptop, a ship, a remote border crossing). A snapshot for a country is encrypted
for every active key of that country; revoking a key (a lost laptop) leaves it out of every
later snapshot."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base


class SnapshotRecipient(Base):
    __tablename__ = "snapshot_recipients"

    #: the first 16 hex digits of the SHA-256 of the raw public key
    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    public_key: Mapped[str] = mapped_column(String(64))  # raw X25519, hex
    name: Mapped[str] = mapped_column(String(200))  # which post holds it
    created_at: Mapped[datetime]
    created_by: Mapped[str | None] = mapped_column(String(32))
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(32))
