"""Following up a hit: the screening officer's country and the record's owner NCB each confirm
or discard it with an outcome; a false match confirmed by either side can be cleared for a set
time so that the same traveller stops alerting on the same record. Everything is audited;
a clearance is revocable.

Who sees a hit: the country that screened (``screener``) and the country that owns the record
(``owner``), and the General Secretariat. Anyone else gets 404, audited as a denied attempt.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.db import paging
from concord.errors import (
    ConflictError,
    HiddenObjectError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from concord.notify.service import notify
from concord.screening.models import HitClearance, HitFollowUp, ScreeningHit
from concord.settings import Settings


class Action(StrEnum):
    CONFIRM = "confirm"
    DISCARD = "discard"


class Outcome(StrEnum):
    PERSON_DETAINED = "person_detained"
    PERSON_LOCATED = "person_located"
    ENTRY_REFUSED = "entry_refused"
    DOCUMENT_SEIZED = "document_seized"
    VEHICLE_SEIZED = "vehicle_seized"
    OBJECT_SEIZED = "object_seized"
    INFORMATION_EXCHANGED = "information_exchanged"
    FALSE_MATCH = "false_match"
    DUPLICATE = "duplicate"
    OTHER = "other"


CONFIRM_OUTCOMES = frozenset(Outcome) - {Outcome.FALSE_MATCH, Outcome.DUPLICATE}
DISCARD_OUTCOMES = frozenset({Outcome.FALSE_MATCH, Outcome.DUPLICATE, Outcome.OTHER})


def sides_of(principal: Principal, hit: ScreeningHit) -> list[str]:
    """The sides ``principal`` may speak for on ``hit``: the owner NCB (``records:write`` in
    the owner country) and the screening country (``screen`` in that country)."""
    sides = []
    if principal.country == hit.owner and principal.has(Permission.RECORDS_WRITE):
        sides.append("owner")
    if principal.org == hit.screener_country and principal.has(Permission.SCREEN):
        sides.append("screener")
    return sides


def _require_reader(principal: Principal) -> None:
    """Hits are police data: screening officers and readers of records see them."""
    if not (principal.has(Permission.SCREEN) or principal.has(Permission.RECORDS_READ)):
        raise PermissionDeniedError("Your role does not allow reading screening hits")


def get_hit(session: Session, principal: Principal, hit_id: str) -> ScreeningHit:
    _require_reader(principal)
    hit = session.get(ScreeningHit, hit_id)
    if hit is None:
        raise NotFoundError(f"No hit '{hit_id}'")
    if not (principal.is_secretariat or principal.org in (hit.owner, hit.screener_country)):
        raise HiddenObjectError(f"No hit '{hit_id}'", object_type="hit", object_id=hit_id)
    return hit


def list_hits(
    session: Session,
    principal: Principal,
    *,
    side: str,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[ScreeningHit], int]:
    """Hits on the caller's country's records (``owner``) or made by its screenings
    (``screener``); the Secretariat sees all."""
    _require_reader(principal)
    stmt: Select[ScreeningHit] = select(ScreeningHit)
    if not principal.is_secretariat:
        column = ScreeningHit.owner if side == "owner" else ScreeningHit.screener_country
        stmt = stmt.where(column == principal.org)
    if status is not None:
        stmt = stmt.where(ScreeningHit.status == status)
    return paging.page(
        session, stmt, ScreeningHit.created_at.desc(), ScreeningHit.id, limit=limit, offset=offset
    )


def follow_ups(session: Session, hit_id: str) -> list[HitFollowUp]:
    stmt = select(HitFollowUp).where(HitFollowUp.hit_id == hit_id).order_by(HitFollowUp.id)
    return list(session.execute(stmt).scalars())


def clearances(session: Session, hit: ScreeningHit) -> list[HitClearance]:
    stmt = (
        select(HitClearance)
        .where(HitClearance.traveller == hit.traveller, HitClearance.record_id == hit.record_id)
        .order_by(HitClearance.created_at)
    )
    return list(session.execute(stmt).scalars())


def follow_up(
    session: Session,
    principal: Principal,
    hit_id: str,
    *,
    action: Action,
    outcome: Outcome,
    note: str | None,
    settings: Settings,
    side: str | None = None,
) -> HitFollowUp:
    hit = get_hit(session, principal, hit_id)
    allowed = sides_of(principal, hit)
    if not allowed:
        raise PermissionDeniedError(
            "Only the screening country's officers or the owner NCB follow up this hit"
        )
    if side is not None and side not in allowed:
        raise PermissionDeniedError(f"You may not speak for the {side} side of this hit")
    chosen = side or allowed[0]
    valid = CONFIRM_OUTCOMES if action == Action.CONFIRM else DISCARD_OUTCOMES
    if outcome not in valid:
        raise ValidationFailedError(
            f"outcome '{outcome}' does not go with '{action}': use one of "
            f"{', '.join(sorted(valid))}"
        )
    row = HitFollowUp(
        hit_id=hit.id,
        side=chosen,
        action=str(action),
        outcome=str(outcome),
        note=note,
        account_id=principal.account_id,
        country=principal.org,
        created_at=clock_now(settings),
    )
    session.add(row)
    hit.status = "confirmed" if action == Action.CONFIRM else "discarded"
    session.flush()
    audit.record(
        session,
        actor=principal,
        action=f"screening.hit.{action}",
        object_type="hit",
        object_id=hit.id,
        payload={"side": chosen, "outcome": str(outcome), "record": hit.record_id},
    )
    other = hit.screener_country if chosen == "owner" else hit.owner
    if other != principal.org and other != "IPSG":
        notify(
            session,
            kind="screening.follow_up",
            title=f"{principal.org} {action}ed the hit on {hit.record_type} record "
            f"{hit.record_id}: {outcome}",
            body=note,
            country=other,
            object_type="hit",
            object_id=hit.id,
            created_by=principal.account_id,
        )
    return row


def clear(
    session: Session,
    principal: Principal,
    hit_id: str,
    *,
    days: int,
    reason: str,
    settings: Settings,
) -> HitClearance:
    """Stop alerts for this traveller on this record for ``days`` (a confirmed false match)."""
    hit = get_hit(session, principal, hit_id)
    if not sides_of(principal, hit):
        raise PermissionDeniedError(
            "Only the screening country's officers or the owner NCB clear a false match"
        )
    if days < 1 or days > settings.screening_clearance_max_days:
        raise ValidationFailedError(
            f"days must be 1 to {settings.screening_clearance_max_days}, not {days}"
        )
    confirmed = any(
        f.action == Action.DISCARD and f.outcome == Outcome.FALSE_MATCH
        for f in follow_ups(session, hit.id)
    )
    if not confirmed:
        raise ConflictError(
            "Only a confirmed false match can be cleared: discard the hit with outcome "
            "'false_match' first"
        )
    now = clock_now(settings)
    row = HitClearance(
        hit_id=hit.id,
        record_id=hit.record_id,
        traveller=hit.traveller,
        reason=reason,
        created_by=principal.account_id,
        country=principal.org,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=principal,
        action="screening.clearance.create",
        object_type="clearance",
        object_id=row.id,
        payload={"hit": hit.id, "record": hit.record_id, "days": days, "reason": reason},
    )
    return row


def revoke(
    session: Session, principal: Principal, clearance_id: str, *, settings: Settings
) -> HitClearance:
    row = session.get(HitClearance, clearance_id)
    if row is None:
        raise NotFoundError(f"No clearance '{clearance_id}'")
    hit = get_hit(session, principal, row.hit_id)
    if not sides_of(principal, hit):
        raise PermissionDeniedError(
            "Only the screening country's officers or the owner NCB revoke a clearance"
        )
    if row.revoked_at is not None:
        raise ConflictError(f"Clearance '{clearance_id}' was already revoked")
    row.revoked_at = clock_now(settings)
    row.revoked_by = principal.account_id
    audit.record(
        session,
        actor=principal,
        action="screening.clearance.revoke",
        object_type="clearance",
        object_id=row.id,
        payload={"hit": hit.id, "record": hit.record_id},
    )
    return row
