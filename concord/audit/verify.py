"""Verifying the audit chain, signed heads, and retention behind signed checkpoints."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from concord.audit.chain import (
    GENESIS_HASH,
    Signer,
    event_hash,
    fields_of,
    format_time,
    payload_hash,
)
from concord.audit.models import AuditCheckpoint, AuditEvent, AuditHead, AuditPayload
from concord.audit.service import record
from concord.auth.principal import Principal
from concord.db.base import utcnow

BATCH = 2000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    reason: str | None = None
    checkpoint_seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "first_bad_seq": self.first_bad_seq,
            "reason": self.reason,
            "checkpoint_seq": self.checkpoint_seq,
        }


def _checkpoint_statement(cp: AuditCheckpoint) -> dict[str, Any]:
    return {
        "type": "checkpoint",
        "upto_seq": cp.upto_seq,
        "upto_hash": cp.upto_hash,
        "pruned": cp.pruned,
        "created_at": format_time(cp.created_at),
    }


def _load_batch(session: Session, after: int) -> list[AuditEvent | int]:
    """Events after ``after``; an event whose stored columns cannot be decoded is returned as
    its bare seq, so that verification can name it instead of crashing."""
    stmt = select(AuditEvent).where(AuditEvent.seq > after).order_by(AuditEvent.seq).limit(BATCH)
    try:
        return list(session.execute(stmt).scalars())
    except (ValueError, TypeError, OverflowError):
        seqs = session.execute(
            select(AuditEvent.seq)
            .where(AuditEvent.seq > after)
            .order_by(AuditEvent.seq)
            .limit(BATCH)
        ).scalars()
        out: list[AuditEvent | int] = []
        for seq in seqs:
            try:
                out.append(
                    session.execute(select(AuditEvent).where(AuditEvent.seq == seq)).scalar_one()
                )
            except (ValueError, TypeError, OverflowError):
                out.append(seq)
        return out


_ROW = re.compile(r"row (\d+) missing from index")


def _sqlite_copies_disagree(session: Session) -> int | None:
    """On SQLite an event's values are stored twice (table row and indexes). An edit made to
    the file by hand can change one copy only; ``PRAGMA integrity_check`` finds the row, which
    is mapped back to its event. Returns the first such seq, 0 if the file is damaged in a way
    that names no row, None if all is well (or the engine is not SQLite)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    first: int | None = None
    for table in ("audit_events", "audit_payloads"):
        messages = session.execute(text(f"PRAGMA integrity_check('{table}')")).scalars().all()
        for message in messages:
            match = _ROW.search(str(message))
            if match is None:
                if message != "ok":
                    return 0
                continue
            seq = session.execute(
                text(f"SELECT seq FROM {table} WHERE rowid = :r"), {"r": int(match.group(1))}
            ).scalar()
            if seq is not None and (first is None or int(seq) < first):
                first = int(seq)
    return first


def verify_chain(
    session: Session, signer: Signer, progress: Progress | None = None
) -> VerifyResult:
    """Check every event against its hash, its predecessor and its payload, from the latest
    signed checkpoint (or the genesis) to the head, and (on SQLite) that the file's copies of
    each event agree. Reports the first bad event."""
    result = _verify_links(session, signer, progress)
    disagree = _sqlite_copies_disagree(session)
    if disagree is None:
        return result
    if result.first_bad_seq is not None and disagree and result.first_bad_seq <= disagree:
        return result
    reason = (
        "the database file's copies of this event disagree (edited in the file)"
        if disagree
        else "the database file failed its integrity check"
    )
    return VerifyResult(
        False,
        result.checked,
        result.head_seq,
        result.head_hash,
        disagree or result.first_bad_seq,
        reason,
        result.checkpoint_seq,
    )


def _verify_links(session: Session, signer: Signer, progress: Progress | None) -> VerifyResult:
    head = session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    total = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    cp = session.execute(
        select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev, expected = GENESIS_HASH, 1
    cp_seq = None
    if cp is not None:
        cp_seq = cp.upto_seq
        if not signer.verify(_checkpoint_statement(cp), cp.signature):
            return VerifyResult(
                False,
                0,
                head_seq,
                head_hash,
                cp.upto_seq,
                "retention checkpoint signature is invalid",
                cp_seq,
            )
        prev, expected = cp.upto_hash, cp.upto_seq + 1

    def bad(seq: int, reason: str, checked: int) -> VerifyResult:
        return VerifyResult(False, checked, head_seq, head_hash, seq, reason, cp_seq)

    checked, after = 0, expected - 1
    if session.execute(select(func.min(AuditEvent.seq))).scalar_one_or_none() not in (
        None,
        expected,
    ):
        after = -1  # something precedes the expected start: walk from the very first row
    while True:
        batch = _load_batch(session, after)
        if not batch:
            break
        payloads = _payloads(session, [b if isinstance(b, int) else b.seq for b in batch])
        for ev in batch:
            if isinstance(ev, int):
                return bad(ev, "event is unreadable (stored values were altered)", checked)
            if ev.seq != expected:
                if ev.seq > expected:
                    return bad(ev.seq, f"events {expected}..{ev.seq - 1} are missing", checked)
                return bad(
                    ev.seq, "event precedes the chain start (inserted or reordered)", checked
                )
            if ev.prev_hash != prev:
                return bad(
                    ev.seq, "previous-hash link is broken (inserted, deleted or reordered)", checked
                )
            if event_hash(fields_of(ev)) != ev.hash:
                return bad(ev.seq, "event content does not match its hash (edited)", checked)
            text = payloads.get(ev.seq)
            if text is not None and (
                ev.payload_hash is None or payload_hash(text) != ev.payload_hash
            ):
                return bad(ev.seq, "payload does not match the hash in its event (edited)", checked)
            prev, expected, after = ev.hash, expected + 1, ev.seq
            checked += 1
            if progress is not None:
                progress(checked, total)
    last = expected - 1
    if last != head_seq or prev != head_hash:
        if last < head_seq:
            return bad(last + 1, f"events {last + 1}..{head_seq} are missing from the end", checked)
        return bad(head_seq, "chain head does not match the last event", checked)
    return VerifyResult(True, checked, head_seq, head_hash, checkpoint_seq=cp_seq)


def _payloads(session: Session, seqs: list[int]) -> dict[int, str]:
    rows = session.execute(
        select(AuditPayload.seq, AuditPayload.data).where(AuditPayload.seq.in_(seqs))
    ).all()
    return dict(rows)


def signed_head(session: Session, signer: Signer) -> dict[str, Any]:
    """The chain head signed now: publish it elsewhere to detect a truncated tail later."""
    head = session.get(AuditHead, 1)
    statement = {
        "type": "head",
        "seq": head.seq if head else 0,
        "hash": head.hash if head else GENESIS_HASH,
        "signed_at": format_time(utcnow()),
    }
    return {
        **statement,
        "key_id": signer.key_id,
        "public_key": signer.public_key_hex,
        "signature": signer.sign(statement),
    }


def prune(
    session: Session, *, actor: Principal | None, signer: Signer, retention_days: int
) -> AuditCheckpoint | None:
    """Delete events older than the retention period behind a signed checkpoint."""
    cutoff = utcnow() - timedelta(days=retention_days)
    upto = session.execute(select(func.max(AuditEvent.seq)).where(AuditEvent.at < cutoff)).scalar()
    if upto is None:
        return None
    last = session.get(AuditEvent, upto)
    assert last is not None
    count = session.execute(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.seq <= upto)
    ).scalar_one()
    previous = session.execute(
        select(func.coalesce(func.sum(AuditCheckpoint.pruned), 0))
    ).scalar_one()
    cp = AuditCheckpoint(
        upto_seq=upto,
        upto_hash=last.hash,
        pruned=int(previous) + count,
        created_at=utcnow(),
        key_id=signer.key_id,
        signature="",
    )
    cp.signature = signer.sign(_checkpoint_statement(cp))
    session.execute(delete(AuditPayload).where(AuditPayload.seq <= upto))
    session.execute(delete(AuditEvent).where(AuditEvent.seq <= upto))
    session.add(cp)
    record(
        session,
        actor=actor,
        action="audit.prune",
        object_type="audit_checkpoint",
        object_id=str(upto),
        payload={"pruned": count, "cutoff": format_time(cutoff)},
    )
    session.flush()
    return cp
