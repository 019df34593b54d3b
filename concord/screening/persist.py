"""Writing what screenings found: hit rows, owner notifications and the audit trail.

Every query is audited (who, for what purpose, the data searched, the records returned), as
the law asks of border checks. Each hit is stored for follow-up and, unless a clearance for
this traveller and record is in force, notifies the owner NCB. :func:`persist` writes a batch
of screenings in the caller's transaction; the API's :mod:`.journal` commits many concurrent
screenings at once (group commit), the CLI one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.db.base import new_id
from concord.notices.hits import alert_requesters, notices_for
from concord.notify.service import notify
from concord.operations.hits import ScreenedHit
from concord.operations.hits import flag as flag_operation_hits
from concord.records.models import Record
from concord.screening.engine import Found, Outcome
from concord.screening.models import HitClearance, ScreeningHit
from concord.screening.schemas import Hit, MrzOut, ScreenResult


@dataclass
class Screening:
    """One screened query, ready to persist."""

    principal: Principal
    purpose: str
    searched: dict[str, object]
    outcome: Outcome
    at: datetime
    reference: str | None = None
    id: str = field(default_factory=new_id)


def persist(session: Session, screenings: Sequence[Screening]) -> list[ScreenResult]:
    """Store hits, notify owners and audit every screening, in ``session``'s transaction."""
    pairs = {(s.outcome.traveller, h.record_id) for s in screenings for h in s.outcome.hits}
    records = {h.record_id for s in screenings for h in s.outcome.hits}
    cleared = _clearances(session, pairs, min((s.at for s in screenings), default=None))
    labels = _labels(session, records)
    on_notice = notices_for(session, records, min(s.at for s in screenings)) if records else {}
    results = []
    on_targets: list[ScreenedHit] = []
    for s in screenings:
        hits = [_store(session, s, h, cleared, labels) for h in s.outcome.hits]
        for hit in hits:
            hit.notices = on_notice.get(hit.record_id, [])
            if hit.notices and hit.alert:
                alert_requesters(
                    session,
                    hit_id=hit.id,
                    record_label=hit.label or hit.record_id,
                    notices=hit.notices,
                    screener=s.principal.org,
                    purpose=s.purpose,
                    created_by=s.principal.account_id,
                )
        on_targets.extend(_screened(s, h) for h in hits if h.alert and h.id is not None)
        _notify_owners(session, s, hits)
        audit.record(
            session,
            actor=s.principal,
            action="screening.query",
            object_type="screening",
            object_id=s.id,
            purpose=s.purpose,
            payload={
                "searched": s.searched,
                "reference": s.reference,
                "returned": [
                    {
                        "hit": h.id,
                        "record": h.record_id,
                        "type": h.record_type,
                        "owner": h.owner,
                        "score": h.score,
                        "decision": h.decision,
                        "alert": h.alert,
                        "notices": [n["id"] for n in h.notices],
                    }
                    for h in hits
                ],
            },
        )
        results.append(result_of(s, hits, s.outcome.mrz))
    if on_targets:  # targets of active operations: one query per batch, only with hits
        flag_operation_hits(session, on_targets)
    return results


def _screened(s: Screening, hit: Hit) -> ScreenedHit:
    assert hit.id is not None  # stored hits have their id
    return ScreenedHit(
        hit_id=hit.id,
        record_id=hit.record_id,
        notice_ids=tuple(n["id"] for n in hit.notices),
        screener_country=s.principal.org,
        decision=hit.decision,
        label=hit.label,
        account_id=s.principal.account_id,
        at=s.at,
    )


def result_of(s: Screening, hits: list[Hit], mrz: MrzOut | None) -> ScreenResult:
    return ScreenResult(
        screening_id=s.id,
        purpose=s.purpose,
        reference=s.reference,
        screened_at=s.at,
        mrz=mrz,
        hits=hits,
    )


class Cleared(NamedTuple):
    """A clearance in force for one traveller and record."""

    id: str
    expires_at: datetime


# Built once, executed on the connection: these run for every batch with hits, and building
# ORM statements (and the ORM's execution) cost more than the queries themselves.
_CLEARANCES = select(
    HitClearance.id, HitClearance.traveller, HitClearance.record_id, HitClearance.expires_at
).where(
    tuple_(HitClearance.traveller, HitClearance.record_id).in_(bindparam("pairs", expanding=True)),
    HitClearance.revoked_at.is_(None),
    HitClearance.expires_at > bindparam("now"),
)
_LABELS = select(Record.id, Record.label).where(Record.id.in_(bindparam("ids", expanding=True)))


def _clearances(
    session: Session, pairs: set[tuple[str, str]], now: datetime | None
) -> dict[tuple[str, str], Cleared]:
    if not pairs or now is None:
        return {}
    rows = session.connection().execute(_CLEARANCES, {"pairs": sorted(pairs), "now": now})
    return {(t, r): Cleared(str(cid), expires) for cid, t, r, expires in rows}


def _labels(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.connection().execute(_LABELS, {"ids": sorted(ids)})
    return {str(rid): str(label) for rid, label in rows}


def _store(
    session: Session,
    s: Screening,
    found: Found,
    cleared: dict[tuple[str, str], Cleared],
    labels: dict[str, str],
) -> Hit:
    clearance = cleared.get((s.outcome.traveller, found.record_id))
    row = ScreeningHit(
        id=new_id(),
        screening_id=s.id,
        created_at=s.at,
        account_id=s.principal.account_id,
        screener_country=s.principal.org,
        purpose=s.purpose,
        record_id=found.record_id,
        record_type=found.record_type,
        owner=found.owner,
        score=found.score,
        decision=found.decision,
        traveller=s.outcome.traveller,
        explanation={
            "matched_on": found.matched_on,
            "summary": found.summary,
            "parts": [e.model_dump(exclude_none=True) for e in found.explanation],
            "ocr": found.ocr,
        },
        alert=clearance is None,
        clearance_id=clearance.id if clearance else None,
        status="open",
    )
    session.add(row)
    return Hit(
        id=row.id,
        record_id=found.record_id,
        record_type=found.record_type,
        owner=found.owner,
        label=labels.get(found.record_id),
        matched_on=found.matched_on,
        score=found.score,
        decision=found.decision,
        summary=found.summary,
        explanation=found.explanation,
        ocr=found.ocr,
        alert=clearance is None,
        cleared_until=clearance.expires_at if clearance else None,
    )


def _notify_owners(session: Session, s: Screening, hits: list[Hit]) -> None:
    """One notification per owner country with alerting hits, as data owners are told."""
    by_owner: dict[str, list[Hit]] = {}
    for hit in hits:
        if hit.alert:
            by_owner.setdefault(hit.owner, []).append(hit)
    for owner, owned in by_owner.items():
        first = owned[0]
        more = f" and {len(owned) - 1} more" if len(owned) > 1 else ""
        notify(
            session,
            kind="screening.hit",
            title=f"Hit on your {first.record_type} record {first.label or first.record_id}"
            f"{more} ({first.decision}, {first.score:.2f}) in a screening by {s.principal.org}",
            body=f"Purpose: {s.purpose}. {first.summary}",
            country=owner,
            object_type="screening_hit",
            object_id=first.id,
            created_by=s.principal.account_id,
        )
