"""Links named by an import: resolved by ``owner_ref`` among the owner's records, made, and the
records they start from given a new version and change number (as ``service.link`` does).

A link names its target (and, for an FtM ``Ownership``, its source) by ``owner_ref``, with
the record type when the source says it. A name no record has yet may come later in the file:
the link waits (:class:`~.scratch.Pending`) until the end of the import, when a name still
unknown is reported. A name several records share (one per type) without a type to choose is
reported at once. Links already there are left alone, so a re-run makes none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from concord.records.importing.scratch import Pending, RunMemory
from concord.records.models import Record, RecordLink
from concord.records.types import RecordType

RECORDS = cast(Table, Record.__table__)
LINKS = cast(Table, RecordLink.__table__)
ALL_TYPES = [t.value for t in RecordType]


@dataclass
class Resolved:
    #: (from id, to id, kind) of the links to make
    links: list[tuple[str, str, str]] = field(default_factory=list)
    #: ids of the records the new links start from that were not written in this transaction
    bumps: list[str] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    #: (line, owner_ref, reason)
    rejected: list[tuple[int, str | None, str]] = field(default_factory=list)


def _refs(session: Session, owner: str, refs: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """(type, id) of the owner's records with each of ``refs``."""
    wanted = sorted(set(refs))
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if wanted:
        rows = session.execute(
            select(Record.owner_ref, Record.type, Record.id).where(
                Record.owner == owner,
                Record.type.in_(ALL_TYPES),  # so that the (owner, type, owner_ref) index serves
                Record.owner_ref.in_(wanted),
            )
        )
        for ref, kind, record_id in rows:
            found[ref].append((kind, record_id))
    return found


def resolve(
    session: Session,
    owner: str,
    requests: list[Pending],
    ids: dict[tuple[str, str], str],
    written: set[str],
    *,
    final: bool,
) -> Resolved:
    """Resolve ``requests`` against ``ids`` ((type, owner_ref) → id of the batch's records)
    and the database. ``written``: ids written in this transaction (no bump needed). A request
    naming a record not known yet waits, unless ``final``."""
    out = Resolved()
    if not requests:
        return out
    in_batch: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (record_type, owner_ref), record_id in ids.items():
        in_batch[owner_ref].append((record_type, record_id))
    asked = {r.to_ref for r in requests} | {r.from_ref for r in requests if r.from_ref}
    known = _refs(session, owner, asked - in_batch.keys())
    wanted: dict[tuple[str, str, str], Pending] = {}
    for r in requests:
        ends: list[str] = []
        named: list[tuple[str | None, str | None]] = [(r.from_ref, r.from_type)]
        for ref, kind in [*named, (r.to_ref, r.to_type)]:
            if ref is None:
                continue
            matches = sorted(set(in_batch.get(ref, []) + known.get(ref, [])))
            matches = [m for m in matches if kind in (None, m[0])]
            if len(matches) != 1:
                reason = _unresolved(owner, r, ref, kind, matches, final)
                if reason is None:
                    out.pending.append(r)
                else:
                    out.rejected.append((r.line, r.owner_ref, reason))
                break
            ends.append(matches[0][1])
        else:
            source, target = r.from_id or ends[0], ends[-1]
            if source == target:
                reason = f"{r.kind} link: a record cannot be linked to itself"
                out.rejected.append((r.line, r.owner_ref, reason))
            else:
                wanted.setdefault((source, target, r.kind), r)
    there: set[tuple[str, str, str]] = set()
    if wanted:
        sources = sorted({s for s, _, _ in wanted})
        query = select(RecordLink.from_id, RecordLink.to_id, RecordLink.kind)
        found = session.execute(query.where(RecordLink.from_id.in_(sources)))
        there = {(f, t, k) for f, t, k in found}
    out.links = [k for k in wanted if k not in there]
    out.bumps = sorted({s for s, _, _ in out.links} - written)
    return out


def _unresolved(
    owner: str, r: Pending, ref: str, kind: str | None, matches: list[tuple[str, str]], final: bool
) -> str | None:
    """Why a link cannot be made (None: its record may still come)."""
    if matches:
        types = ", ".join(m[0] for m in matches)
        return f"{r.kind} link: '{ref}' names records of several types ({types})"
    if not final:
        return None
    what = f"{kind} record" if kind else "record"
    side = "its source" if ref == r.from_ref and r.from_id is None else "its target"
    return f"{r.kind} link: no {what} '{ref}' of {owner} ({side}); the link was not made"


def make(
    session: Session, resolved: Resolved, seq: int, memory: RunMemory
) -> list[tuple[str, str]]:
    """Make the links; the records they start from take change numbers from ``seq`` on and a
    new version. Returns the (type, owner_ref) of bumped records the run had written from a
    line, which the run must remember to know a later duplicate (their change number is no
    longer one it wrote a line with)."""
    met: list[tuple[str, str]] = []
    if resolved.links:
        rows = [{"from_id": f, "to_id": t, "kind": k} for f, t, k in resolved.links]
        session.execute(insert(LINKS), rows)
    if resolved.bumps:
        query = select(Record.type, Record.owner_ref, Record.change_seq)
        for record_type, ref, was in session.execute(query.where(Record.id.in_(resolved.bumps))):
            if memory.written(was):
                met.append((record_type, ref))
        session.execute(
            update(RECORDS)
            .where(RECORDS.c.id == bindparam("b_id"))
            .values(version=RECORDS.c.version + 1, change_seq=bindparam("b_seq")),
            [{"b_id": record_id, "b_seq": seq + n} for n, record_id in enumerate(resolved.bumps)],
        )
    return met
