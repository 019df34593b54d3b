"""Registering, listing and revoking the countries' snapshot keys, and who may export.

- A country's keys are registered or revoked by that country's NCB administrator, or by the
  General Secretariat's administrators.
- A snapshot for country CC is exported by the General Secretariat (administrators and
  officers) or by CC's own NCB (administrators and operators; not its agencies).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Role
from concord.errors import ConflictError, NotFoundError, PermissionDeniedError
from concord.members.models import Country
from concord.screening.snapshot.keys import key_id
from concord.screening.snapshot.models import SnapshotRecipient

KEY_MANAGERS = frozenset({Role.NCB_ADMIN, Role.GS_ADMIN})
EXPORTERS = frozenset({Role.NCB_ADMIN, Role.NCB_OPERATOR, Role.GS_ADMIN, Role.GS_OFFICER})


def member(session: Session, country: str) -> str:
    code = country.strip().upper()
    if session.get(Country, code) is None:
        raise NotFoundError(f"No member country '{code}'")
    return code


def _allowed(principal: Principal, country: str, roles: frozenset[Role]) -> bool:
    return (
        principal.role in roles
        and principal.agency_id is None
        and (principal.is_secretariat or principal.country == country)
    )


def authorise_keys(principal: Principal, country: str) -> None:
    if not _allowed(principal, country, KEY_MANAGERS):
        raise PermissionDeniedError(
            f"Only {country}'s NCB administrators or the General Secretariat manage {country}'s "
            "snapshot keys",
            object_type="snapshot_key",
            object_id=country,
        )


def authorise_export(principal: Principal, country: str) -> None:
    if not _allowed(principal, country, EXPORTERS):
        raise PermissionDeniedError(
            f"Only {country}'s NCB or the General Secretariat export snapshots for {country}",
            object_type="snapshot",
            object_id=country,
        )


def register(
    session: Session,
    principal: Principal,
    *,
    country: str,
    public_raw: bytes,
    name: str,
    now: datetime,
) -> SnapshotRecipient:
    country = member(session, country)
    authorise_keys(principal, country)
    kid = key_id(public_raw)
    if session.get(SnapshotRecipient, kid) is not None:
        raise ConflictError(f"Key {kid} is already registered")
    row = SnapshotRecipient(
        key_id=kid,
        country=country,
        public_key=public_raw.hex(),
        name=name,
        created_at=now,
        created_by=principal.account_id,
    )
    session.add(row)
    audit.record(
        session,
        actor=principal,
        action="snapshot.key_register",
        object_type="snapshot_key",
        object_id=kid,
        payload={"country": country, "name": name},
    )
    session.flush()
    return row


def revoke(session: Session, principal: Principal, *, key: str, now: datetime) -> SnapshotRecipient:
    row = session.get(SnapshotRecipient, key)
    if row is None:
        raise NotFoundError(f"No snapshot key '{key}'")
    authorise_keys(principal, row.country)
    if row.revoked_at is not None:
        raise ConflictError(f"Key {key} was already revoked")
    row.revoked_at, row.revoked_by = now, principal.account_id
    audit.record(
        session,
        actor=principal,
        action="snapshot.key_revoke",
        object_type="snapshot_key",
        object_id=key,
        payload={"country": row.country},
    )
    session.flush()
    return row


def listed(session: Session, principal: Principal, country: str | None) -> list[SnapshotRecipient]:
    """The keys the principal may see: its own country's, or any for the Secretariat."""
    stmt = select(SnapshotRecipient).order_by(SnapshotRecipient.country, SnapshotRecipient.key_id)
    if not principal.is_secretariat:
        if country is not None and country.upper() != principal.country:
            raise PermissionDeniedError("An NCB sees only its own country's snapshot keys")
        country = principal.country
    if country is not None:
        stmt = stmt.where(SnapshotRecipient.country == country.upper())
    return list(session.execute(stmt).scalars())


def active(session: Session, country: str) -> list[SnapshotRecipient]:
    return list(
        session.execute(
            select(SnapshotRecipient)
            .where(SnapshotRecipient.country == country, SnapshotRecipient.revoked_at.is_(None))
            .order_by(SnapshotRecipient.key_id)
        ).scalars()
    )
