"""The second stage of an import: write one batch in one transaction.

Per batch: ONE query finds which of its records exist (by owner, type and ``owner_ref``); new
records go in with one bulk insert, changed ones (another content hash) with one bulk update
(new version and change number), unchanged ones are left alone. Change numbers come from ONE
``sequence.take``; restrictions are written to ``record_access``; links are resolved by
``owner_ref`` once the batch's records exist (:mod:`.links`); the batch is audited with ONE
event. A record the run met before (in an earlier batch) is a duplicate line
(:class:`~.scratch.RunMemory`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Table, delete, insert
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.records import sequence
from concord.records.importing import links
from concord.records.importing.batches import Batch
from concord.records.importing.bulk import Bulk, bulk_for
from concord.records.importing.rows import LinkRef
from concord.records.importing.scratch import Pending, RunMemory
from concord.records.models import RecordAccess
from concord.records.service import review_deadline
from concord.settings import Settings

ACCESS = cast(Table, RecordAccess.__table__)
T = TypeVar("T")


@dataclass
class Written:
    """What one transaction did (applied to the summary once it has committed)."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    links: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    #: change numbers of the records written from lines (not of link bumps)
    record_seqs: tuple[int, int] | None = None
    pending: list[Pending] = field(default_factory=list)
    #: (type, owner_ref) of records met but not written (to recognise later duplicates)
    met: list[tuple[str, str]] = field(default_factory=list)
    #: (line, owner_ref, reason) of lines rejected (duplicates)
    rejected: list[tuple[int, str | None, str]] = field(default_factory=list)
    #: (line, owner_ref, reason) of links that cannot be made (their records went in)
    link_errors: list[tuple[int, str | None, str]] = field(default_factory=list)


def new_ids(count: int) -> list[str]:
    """``count`` random ids, as :func:`concord.db.base.new_id` makes them (UUID4, hex)."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    return [text[i : i + 32] for i in range(0, 32 * count, 32)]


def _picker(indexes: list[int], size: int) -> Callable[[Sequence[T]], Sequence[T]]:
    """Selects ``indexes`` of a column (the whole column when they are all of it)."""
    if len(indexes) == size:
        return lambda column: column
    return lambda column: [column[i] for i in indexes]


def _to(link: LinkRef) -> tuple[str, str | None, str]:
    return link.to_ref, link.to_type, link.kind


@dataclass
class BatchWriter:
    principal: Principal
    owner: str
    settings: Settings
    file_sha256: str | None = None
    _bulk: Bulk | None = None
    _deadlines: dict[tuple[str, datetime], Any] = field(default_factory=dict)

    def bulk(self, conn: Connection) -> Bulk:
        if self._bulk is None:
            self._bulk = bulk_for(conn)
        return self._bulk

    def write(self, session: Session, batch: Batch, now: datetime, memory: RunMemory) -> Written:
        conn = session.connection()
        bulk = self.bulk(conn)
        out = Written()
        found = self._existing(session, batch)
        keys = list(zip(batch.type, batch.owner_ref, strict=True))
        met = memory.met([k for k in keys if k in found and not memory.written(found[k][2])])
        new: list[int] = []
        changed: list[int] = []
        duplicates = 0
        ids: dict[tuple[str, str], str] = {}
        for i, key in enumerate(keys):
            hit = found.get(key)
            if hit is None:
                new.append(i)
            elif key in met or memory.written(hit[2]):
                reason = "duplicate owner_ref: an earlier line of the file has it already"
                out.rejected.append((batch.line[i], batch.owner_ref[i], reason))
                duplicates += 1
            else:
                ids[key] = hit[0]
                if hit[1] != batch.content_hash[i]:
                    changed.append(i)
                else:
                    out.met.append(key)
        fresh = new_ids(len(new))
        ids.update((keys[i], fresh[n]) for n, i in enumerate(new))
        row_ids = [ids.get(key, "") for key in keys]
        requests = [
            Pending(batch.line[i], batch.owner_ref[i], row_ids[i], None, None, *_to(link))
            for i, link in batch.links
            if row_ids[i]
        ]
        requests += [
            Pending(line, item.from_ref, None, item.from_ref, item.from_type, *_to(item.link))
            for line, item in batch.links_only
        ]
        written = {row_ids[i] for i in new + changed}
        linked = links.resolve(session, self.owner, requests, ids, written, final=False)
        out.pending, out.link_errors = linked.pending, linked.rejected
        bumps = linked.bumps
        count = len(new) + len(changed) + len(bumps)
        seq = sequence.take(session, count) if count else 0
        if count:
            out.first_seq, out.last_seq = seq, seq + count - 1
        if new or changed:
            out.record_seqs = (seq, seq + len(new) + len(changed) - 1)
        stamp = bulk.timestamp(now)
        actor, agency = self.principal.account_id, self.principal.agency_id
        if new:  # tuples made by zip, column by column: no Python work per value
            take = _picker(new, len(batch))
            types = take(batch.type)
            bulk.insert(
                conn,
                list(
                    zip(
                        take(row_ids),
                        types,
                        repeat(self.owner),
                        take(batch.owner_ref),
                        repeat(agency),
                        repeat(actor),
                        repeat(actor),
                        take(batch.reliability),
                        take(batch.handling),
                        take(batch.note),
                        take(batch.restriction),
                        take(batch.key),
                        take(batch.label),
                        take(batch.data_json),
                        take(batch.content_hash),
                        repeat(1),
                        range(seq, seq + len(new)),
                        repeat(stamp),
                        repeat(stamp),
                        [self._deadline(bulk, t, now) for t in types],
                    )
                ),
            )
        seq += len(new)
        if changed:
            take = _picker(changed, len(batch))
            bulk.update(
                conn,
                list(
                    zip(
                        take(batch.data_json),
                        take(batch.key),
                        take(batch.label),
                        take(batch.reliability),
                        take(batch.handling),
                        take(batch.note),
                        take(batch.restriction),
                        take(batch.content_hash),
                        range(seq, seq + len(changed)),
                        repeat(stamp),
                        repeat(actor),
                        take(row_ids),
                    )
                ),
            )
        seq += len(changed)
        if changed:
            gone = [row_ids[i] for i in changed]
            session.execute(delete(RecordAccess).where(RecordAccess.record_id.in_(gone)))
        access = [
            {"record_id": row_ids[i], "country": c}
            for i in new + changed
            for c in batch.countries[i]
        ]
        if access:
            session.execute(insert(ACCESS), access)
        out.met += links.make(session, linked, seq, memory)
        out.links = len(linked.links)
        out.inserted, out.updated = len(new), len(changed)
        out.unchanged = len(batch) - len(new) - len(changed) - duplicates
        self._audit(session, out, batch.line[:1] + batch.line[-1:])
        return out

    def resolve(self, session: Session, waiting: list[Pending], memory: RunMemory) -> Written:
        """Links that waited for the end of the import: resolved now or rejected."""
        linked = links.resolve(session, self.owner, waiting, {}, set(), final=True)
        out = Written(links=len(linked.links), link_errors=linked.rejected)
        seq = sequence.take(session, len(linked.bumps)) if linked.bumps else 0
        if linked.bumps:
            out.first_seq, out.last_seq = seq, seq + len(linked.bumps) - 1
        links.make(session, linked, seq, memory)
        self._audit(session, out, [])
        return out

    def _deadline(self, bulk: Bulk, record_type: str, now: datetime) -> Any:
        found = self._deadlines.get((record_type, now))
        if found is None:
            if len(self._deadlines) > 64:
                self._deadlines.clear()
            found = bulk.timestamp(review_deadline(self.settings, record_type, now))
            self._deadlines[(record_type, now)] = found
        return found

    def _existing(
        self, session: Session, batch: Batch
    ) -> dict[tuple[str, str], tuple[str, str, int]]:
        """(type, owner_ref) → (id, content hash, change number) of the batch's records."""
        if not len(batch):
            return {}
        conn = session.connection()
        found = self.bulk(conn).existing(conn, self.owner, batch.type, batch.owner_ref)
        return {(t, ref): (i, h, seq) for t, ref, i, h, seq in found}

    def _audit(self, session: Session, out: Written, lines: list[int]) -> None:
        if not (out.inserted or out.updated or out.links):
            return
        audit.record(
            session,
            actor=self.principal,
            action="records.import",
            object_type="record",
            payload={
                "owner": self.owner,
                "inserted": out.inserted,
                "updated": out.updated,
                "links": out.links,
                "first_seq": out.first_seq,
                "last_seq": out.last_seq,
                "lines": lines,
                "file_sha256": self.file_sha256,
            },
        )
