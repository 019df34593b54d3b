"""Entering, reading, changing and deleting records, with the owner's rules enforced.

Every change takes the next change sequence number (the change feed), bumps the record's
version (ETag/If-Match), and is audited. Reading another country's record is an audited
consultation. Deletion is real: the row and its data go; a tombstone keeps that it happened.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.clock import now as clock_now
from concord.errors import (
    ConflictError,
    HiddenObjectError,
    NotFoundError,
    PreconditionFailedError,
    ValidationFailedError,
)
from concord.members.models import Country
from concord.records import access, sequence
from concord.records.models import Record, RecordAccess, RecordLink, RecordTombstone
from concord.records.types import RECORD_TYPES, RecordType, describe
from concord.settings import Settings

RELIABILITY = ("A", "B", "C", "X")
HANDLING = ("H0", "H1", "H2", "H3")
RESTRICTIONS = ("all", "only", "except")


@dataclass
class RecordInput:
    """What an owner gives for a record (from the API, the CLI or an import row)."""

    type: str
    data: dict[str, Any]
    owner_ref: str | None = None
    reliability: str = "B"
    handling: str = "H0"
    handling_note: str | None = None
    restriction: str = "all"
    countries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Prepared:
    """A validated record, ready to be written."""

    type: RecordType
    data: dict[str, Any]
    key: str | None
    label: str
    content_hash: str
    countries: tuple[str, ...]


def validation_errors(exc: ValidationError, prefix: str = "data") -> list[dict[str, Any]]:
    return [
        {"loc": [prefix, *err["loc"]], "msg": err["msg"], "type": err["type"]}
        for err in exc.errors(include_url=False, include_context=False)
    ]


def prepare(record: RecordInput, members: frozenset[str] | None = None) -> Prepared:
    """Validate and normalise; raise :class:`ValidationFailedError` naming every bad field."""
    try:
        record_type = RecordType(record.type)
    except ValueError:
        raise ValidationFailedError(
            f"Unknown record type '{record.type}'; use one of: "
            + ", ".join(t.value for t in RecordType)
        ) from None
    if record.reliability not in RELIABILITY:
        raise ValidationFailedError(f"Source reliability must be one of {', '.join(RELIABILITY)}")
    if record.handling not in HANDLING:
        raise ValidationFailedError(f"Handling code must be one of {', '.join(HANDLING)}")
    if record.restriction not in RESTRICTIONS:
        raise ValidationFailedError(f"Restriction must be one of {', '.join(RESTRICTIONS)}")
    countries = tuple(sorted({c.upper() for c in record.countries}))
    if record.restriction == "all" and countries:
        raise ValidationFailedError("Restriction 'all' takes no country list")
    if record.restriction != "all" and not countries:
        raise ValidationFailedError(f"Restriction '{record.restriction}' needs a country list")
    if members is not None:
        unknown = [c for c in countries if c not in members]
        if unknown:
            raise ValidationFailedError(
                f"Not INTERPOL members: {', '.join(unknown)}; a restriction names members"
            )
    try:
        model = RECORD_TYPES[record_type].model_validate(record.data)
    except ValidationError as exc:
        errors = validation_errors(exc)
        first = errors[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValidationFailedError(f"{where}: {first['msg']}", errors=errors) from None
    data = model.model_dump(mode="json", exclude_none=True)
    key, label = describe(record_type, model)
    digest = hashlib.sha256(
        json.dumps(
            {
                "type": record_type.value,
                "data": data,
                "reliability": record.reliability,
                "handling": record.handling,
                "note": record.handling_note,
                "restriction": record.restriction,
                "countries": countries,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode()
    ).hexdigest()
    return Prepared(record_type, data, key, label[:300], digest, countries)


def member_codes(session: Session) -> frozenset[str]:
    return frozenset(session.execute(select(Country.code)).scalars())


def review_deadline(settings: Settings, record_type: str, start: datetime) -> datetime:
    years = (
        settings.review_years_documents
        if record_type == RecordType.DOCUMENT
        else settings.review_years_default
    )
    return start + timedelta(days=round(365.25 * years))


def create(
    session: Session, principal: Principal, record: RecordInput, *, settings: Settings
) -> Record:
    owner = principal.country
    if owner is None:
        raise ValidationFailedError("The Secretariat does not own records; an NCB enters them")
    access.require_writer(session, principal, owner, record.type)
    ready = prepare(record, member_codes(session))
    owner_ref = record.owner_ref
    if (
        owner_ref
        and session.execute(
            select(Record.id).where(
                Record.owner == owner,
                Record.type == ready.type.value,
                Record.owner_ref == owner_ref,
            )
        ).first()
    ):
        raise ConflictError(f"{owner} already has a {ready.type.value} record '{owner_ref}'")
    now = clock_now(settings)
    row = Record(
        type=ready.type.value,
        owner=owner,
        owner_ref=owner_ref or "",
        agency_id=principal.agency_id,
        created_by=principal.account_id,
        updated_by=principal.account_id,
        reliability=record.reliability,
        handling=record.handling,
        handling_note=record.handling_note,
        restriction=record.restriction,
        key=ready.key,
        label=ready.label,
        data=ready.data,
        content_hash=ready.content_hash,
        version=1,
        change_seq=sequence.take(session),
        created_at=now,
        updated_at=now,
        review_at=review_deadline(settings, ready.type, now),
    )
    session.add(row)
    session.flush()
    if not owner_ref:
        row.owner_ref = row.id
    session.add_all(RecordAccess(record_id=row.id, country=c) for c in ready.countries)
    audit.record(
        session,
        actor=principal,
        action="record.create",
        object_type=row.type,
        object_id=row.id,
        payload={"owner_ref": row.owner_ref, "content_hash": row.content_hash},
    )
    session.flush()
    return row


def _load(session: Session, principal: Principal, record_id: str, settings: Settings) -> Record:
    row = session.get(Record, record_id)
    if row is None:
        raise NotFoundError(f"No record '{record_id}'")
    if not access.may_read(session, principal, row, clock_now(settings)):
        raise HiddenObjectError(
            f"No record '{record_id}'", object_type="record", object_id=record_id
        )
    return row


def read(
    session: Session,
    principal: Principal,
    record_id: str,
    *,
    settings: Settings,
    purpose: str | None = None,
) -> Record:
    """A record the principal may see; reading another country's is an audited consultation."""
    row = _load(session, principal, record_id, settings)
    if row.owner != principal.country:
        audit.record(
            session,
            actor=principal,
            action="record.consult",
            object_type=row.type,
            object_id=row.id,
            purpose=purpose or principal.default_purpose,
            payload={"owner": row.owner},
        )
    return row


def _writable(
    session: Session,
    principal: Principal,
    record_id: str,
    settings: Settings,
    expected_version: int,
) -> Record:
    row = _load(session, principal, record_id, settings)
    access.require_writer(session, principal, row.owner, row.type)
    if row.version != expected_version:
        raise PreconditionFailedError(
            f"Record '{record_id}' is at version {row.version}, not {expected_version}: "
            "someone changed it; read it again"
        )
    return row


def countries_of(session: Session, record_id: str) -> list[str]:
    return sorted(
        session.execute(
            select(RecordAccess.country).where(RecordAccess.record_id == record_id)
        ).scalars()
    )


def apply(
    session: Session,
    row: Record,
    ready: Prepared,
    record: RecordInput,
    principal: Principal,
    now: datetime,
) -> None:
    """Write a prepared record over an existing row (a new version and change number)."""
    row.data, row.key, row.label = ready.data, ready.key, ready.label
    row.reliability, row.handling = record.reliability, record.handling
    row.handling_note, row.restriction = record.handling_note, record.restriction
    row.content_hash = ready.content_hash
    row.version += 1
    row.change_seq = sequence.take(session)
    row.updated_at, row.updated_by = now, principal.account_id
    session.execute(delete(RecordAccess).where(RecordAccess.record_id == row.id))
    session.add_all(RecordAccess(record_id=row.id, country=c) for c in ready.countries)


def update(
    session: Session,
    principal: Principal,
    record_id: str,
    changes: dict[str, Any],
    *,
    expected_version: int,
    settings: Settings,
) -> Record:
    """Change some of a record's fields (``data`` is replaced whole when given)."""
    row = _writable(session, principal, record_id, settings, expected_version)
    current = RecordInput(
        type=row.type,
        data=row.data,
        owner_ref=row.owner_ref,
        reliability=row.reliability,
        handling=row.handling,
        handling_note=row.handling_note,
        restriction=row.restriction,
        countries=countries_of(session, row.id),
    )
    for name, value in changes.items():
        setattr(current, name, value)
    ready = prepare(current, member_codes(session))
    if ready.content_hash == row.content_hash:
        return row
    apply(session, row, ready, current, principal, clock_now(settings))
    audit.record(
        session,
        actor=principal,
        action="record.update",
        object_type=row.type,
        object_id=row.id,
        payload={"fields": sorted(changes), "content_hash": row.content_hash},
    )
    session.flush()
    return row


def remove(
    session: Session,
    principal: Principal,
    record_id: str,
    *,
    expected_version: int,
    settings: Settings,
    reason: str | None = None,
) -> None:
    """Delete for real: the data is gone; the audit trail and a tombstone keep that it was."""
    row = _writable(session, principal, record_id, settings, expected_version)
    session.add(
        RecordTombstone(
            record_id=row.id,
            type=row.type,
            owner=row.owner,
            change_seq=sequence.take(session),
            deleted_at=clock_now(settings),
        )
    )
    session.execute(
        delete(RecordLink).where((RecordLink.from_id == row.id) | (RecordLink.to_id == row.id))
    )
    session.execute(delete(RecordAccess).where(RecordAccess.record_id == row.id))
    session.delete(row)
    audit.record(
        session,
        actor=principal,
        action="record.delete",
        object_type=row.type,
        object_id=row.id,
        purpose=reason,
    )
    session.flush()


def renew(
    session: Session,
    principal: Principal,
    record_id: str,
    *,
    expected_version: int,
    settings: Settings,
) -> Record:
    """The owner reviewed the record: its deadline starts again from now."""
    row = _writable(session, principal, record_id, settings, expected_version)
    now = clock_now(settings)
    row.review_at = review_deadline(settings, row.type, now)
    row.review_warned_at = None
    row.version += 1
    row.change_seq = sequence.take(session)
    row.updated_at, row.updated_by = now, principal.account_id
    audit.record(
        session, actor=principal, action="record.renew", object_type=row.type, object_id=row.id
    )
    session.flush()
    return row


def link(
    session: Session,
    principal: Principal,
    from_id: str,
    to_id: str,
    kind: str,
    *,
    settings: Settings,
) -> RecordLink:
    """Link a record of one's own to another record one may see (a document to its holder)."""
    source = _load(session, principal, from_id, settings)
    access.require_writer(session, principal, source.owner, source.type)
    target = _load(session, principal, to_id, settings)
    if source.id == target.id:
        raise ValidationFailedError("A record cannot be linked to itself")
    if session.execute(
        select(RecordLink.id).where(
            RecordLink.from_id == source.id, RecordLink.to_id == target.id, RecordLink.kind == kind
        )
    ).first():
        raise ConflictError("These records are already linked so")
    row = RecordLink(from_id=source.id, to_id=target.id, kind=kind)
    session.add(row)
    source.version += 1
    source.change_seq = sequence.take(session)
    audit.record(
        session,
        actor=principal,
        action="record.link",
        object_type=source.type,
        object_id=source.id,
        payload={"to": target.id, "kind": kind},
    )
    session.flush()
    return row


def links_of(
    session: Session, principal: Principal, record: Record, settings: Settings
) -> list[tuple[str, str, str]]:
    """(direction, kind, other id) of the links whose other end the principal may see."""
    now = clock_now(settings)
    out = []
    rows = session.execute(
        select(RecordLink).where(
            (RecordLink.from_id == record.id) | (RecordLink.to_id == record.id)
        )
    ).scalars()
    for ln in rows:
        other_id = ln.to_id if ln.from_id == record.id else ln.from_id
        other = session.get(Record, other_id)
        if other is not None and access.may_read(session, principal, other, now):
            out.append(("to" if ln.from_id == record.id else "from", ln.kind, other_id))
    return out
