"""Exporting a snapshot for one country: what that country's NCB may see right now (travel
documents and persons), read from the database in chunks, serialised, compressed, encrypted for
the country's active keys and the server's archive key, signed, and audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import uuid4

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Role
from concord.errors import ConflictError
from concord.records.access import visible
from concord.records.models import Record
from concord.screening.snapshot import content, crypto, recipients
from concord.screening.snapshot.format import SNAPSHOT, Container, Recipient, Statement, format_time
from concord.screening.snapshot.keys import ServerKeys, key_id, x25519_raw
from concord.settings import Settings

TYPES = ("document", "person")
CHUNK = 5000

#: Called with (records written so far, total) while exporting.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Exported:
    data: bytes
    statement: Statement

    @property
    def records(self) -> int:
        return sum(self.statement.counts.values())


def ncb_view(country: str) -> Principal:
    """The country's NCB as the access rules see it: what an operator of CC may read."""
    return Principal(
        account_id="",
        username=f"snapshot-{country.lower()}",
        kind="service",
        role=Role.NCB_OPERATOR,
        country=country,
    )


def export_snapshot(
    session: Session,
    principal: Principal,
    *,
    country: str,
    settings: Settings,
    now: datetime,
    days: int | None = None,
    progress: Progress | None = None,
) -> Exported:
    country = recipients.member(session, country)
    recipients.authorise_export(principal, country)
    keys = ServerKeys.from_settings(settings)
    targets = tuple(Recipient(r.key_id, r.public_key) for r in recipients.active(session, country))
    if not targets:
        raise ConflictError(
            f"{country} has no snapshot key: register one with "
            f"`concord snapshot keygen --for {country}`"
        )
    expires_at = now + timedelta(days=days or settings.snapshot_days_valid)
    payload, counts = _content(session, country, now, expires_at, progress)
    archive_raw = x25519_raw(keys.archive.public_key())
    statement = Statement(
        kind=SNAPSHOT,
        id=uuid4().hex,
        country=country,
        created_at=now,
        expires_at=expires_at,
        signer_key_id=keys.signer_key_id,
        recipients=targets,
        archive=Recipient(key_id(archive_raw), archive_raw.hex()),
        counts=counts,
        content_sha256=crypto.sha256(payload),
        content_bytes=len(payload),
        compression=content.COMPRESSION,
    )
    data = seal(keys, statement, payload)
    audit.record(
        session,
        actor=principal,
        action="snapshot.export",
        object_type="snapshot",
        object_id=statement.id,
        payload={
            "country": country,
            "counts": counts,
            "content_sha256": statement.content_sha256,
            "expires_at": format_time(expires_at),
            "recipients": [r.key_id for r in targets],
        },
    )
    return Exported(data, statement)


def seal(keys: ServerKeys, statement: Statement, payload: bytes) -> bytes:
    """Sign the statement and encrypt the payload for its recipients and the archive key."""
    raw = statement.to_bytes()
    signature = crypto.sign(keys.signing, raw)
    box = content.compress(payload, statement.compression)
    sealed: Container = crypto.seal(raw, signature, box, (*statement.recipients, statement.archive))
    return sealed.to_bytes()


def _content(
    session: Session,
    country: str,
    now: datetime,
    expires_at: datetime,
    progress: Progress | None,
) -> tuple[bytes, dict[str, int]]:
    where = (visible(ncb_view(country), now), Record.type.in_(TYPES))
    total = session.execute(select(func.count()).select_from(Record).where(*where)).scalar_one()
    stmt = (
        select(Record.id, Record.type, Record.owner, Record.label, Record.key, Record.data)
        .add_columns(Record.review_at)
        .where(*where)
        .execution_options(yield_per=CHUNK)
    )
    counts = dict.fromkeys(TYPES, 0)
    out: list[tuple[str, bytes]] = []
    for rid, rtype, owner, label, key, data, review_at in session.execute(stmt):
        until = format_time(review_at) if owner != country and review_at < expires_at else None
        item = content.entry(
            record_id=rid,
            record_type=rtype,
            owner=owner,
            label=label,
            key=key,
            data=data,
            until=until,
        )
        out.append((rid, content.line(item)))
        counts[rtype] += 1
        if progress is not None and len(out) % CHUNK == 0:
            progress(len(out), total)
    if progress is not None:
        progress(len(out), total)
    out.sort()  # by id in Python's order, whatever the database's collation
    return b"".join(line for _, line in out), counts
