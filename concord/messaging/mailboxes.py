"""Mailboxes and who holds them.

- Every member's NCB has a mailbox (address: its ISO code, e.g. ``FR``); the NCB's own people
  with messaging permissions hold it.
- An agency the NCB authorised has its own (``FR/<agency id>``); only the agency's accounts
  hold it.
- The General Secretariat has one (``IPSG``), held by Secretariat staff.

Mailboxes (and their keys) are made on first use, so that a message can be sent to any member.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import NotFoundError, PermissionDeniedError, ValidationFailedError
from concord.members.models import Agency, Country
from concord.messaging.keys import MADE_KEY, KeyStore
from concord.messaging.models import Mailbox

SECRETARIAT = "IPSG"


def _new(
    session: Session,
    store: KeyStore,
    now: datetime,
    *,
    address: str,
    kind: str,
    country: str | None,
    agency_id: str | None,
    name: str,
) -> Mailbox:
    box = Mailbox(
        address=address,
        kind=kind,
        country=country,
        agency_id=agency_id,
        name=name,
        signing_public="",
        key_version=1,
        created_at=now,
    )
    session.add(box)
    session.flush()
    store.create(session, box, 1, now)
    store.addresses[address] = box.id
    session.info.setdefault(MADE_KEY, set()).add(address)
    return box


def ensure_ncbs(
    session: Session, store: KeyStore, codes: Iterable[str], now: datetime
) -> dict[str, Mailbox]:
    """The NCB mailboxes of these members, made if missing."""
    wanted = sorted({c.upper() for c in codes})
    found: dict[str, Mailbox] = {}
    for code in wanted:  # known mailboxes come from the session's identity map, no query
        known = store.addresses.get(code)
        box = session.get(Mailbox, known) if known is not None else None
        if box is not None:
            found[code] = box
    lookup = [c for c in wanted if c not in found]
    if lookup:
        boxes = session.execute(select(Mailbox).where(Mailbox.address.in_(lookup))).scalars()
        for b in boxes:
            found[b.address] = b
            store.addresses[b.address] = b.id
    missing = [c for c in wanted if c not in found]
    if missing:
        rows = session.execute(select(Country.code, Country.name).where(Country.code.in_(missing)))
        names = {str(r[0]): str(r[1]) for r in rows}
        unknown = [c for c in missing if c not in names and c != SECRETARIAT]
        if unknown:
            raise ValidationFailedError(f"Not INTERPOL members: {', '.join(unknown)}")
        for code in missing:
            if code == SECRETARIAT:
                found[code] = ensure_secretariat(session, store, now)
                continue
            found[code] = _new(
                session,
                store,
                now,
                address=code,
                kind="ncb",
                country=code,
                agency_id=None,
                name=f"NCB {names[code]}",
            )
    return found


def ensure_secretariat(session: Session, store: KeyStore, now: datetime) -> Mailbox:
    known = store.addresses.get(SECRETARIAT)
    box = session.get(Mailbox, known) if known else None
    if box is not None:
        return box
    box = session.execute(select(Mailbox).where(Mailbox.address == SECRETARIAT)).scalar()
    if box is None:
        box = _new(
            session,
            store,
            now,
            address=SECRETARIAT,
            kind="secretariat",
            country=None,
            agency_id=None,
            name="INTERPOL General Secretariat",
        )
    return box


def ensure_agency(session: Session, store: KeyStore, agency: Agency, now: datetime) -> Mailbox:
    address = f"{agency.country_code}/{agency.id}"
    box = session.execute(select(Mailbox).where(Mailbox.address == address)).scalar()
    if box is None:
        box = _new(
            session,
            store,
            now,
            address=address,
            kind="agency",
            country=agency.country_code,
            agency_id=agency.id,
            name=agency.name,
        )
    return box


def own_mailbox(session: Session, store: KeyStore, principal: Principal, now: datetime) -> Mailbox:
    """The mailbox ``principal`` holds (its agency's, its NCB's, or the Secretariat's)."""
    if not principal.has(Permission.MESSAGES_READ):
        raise PermissionDeniedError("Your role does not use messaging")
    return _of(session, store, principal, now)


def administered_mailbox(
    session: Session, store: KeyStore, principal: Principal, now: datetime
) -> Mailbox:
    """The mailbox ``principal`` administers: the one it would hold. An administrator need not
    read messages (gs_admin runs the Secretariat's webhooks and keys without reading its mail)."""
    if not principal.has(Permission.MESSAGES_ADMIN):
        raise PermissionDeniedError("Administering a mailbox needs 'messages:admin'")
    return _of(session, store, principal, now)


def _of(session: Session, store: KeyStore, principal: Principal, now: datetime) -> Mailbox:
    if principal.agency_id is not None:
        agency = session.get(Agency, principal.agency_id)
        if agency is None:
            raise PermissionDeniedError("Your agency no longer exists")
        return ensure_agency(session, store, agency, now)
    if principal.is_secretariat:
        return ensure_secretariat(session, store, now)
    assert principal.country is not None
    return ensure_ncbs(session, store, [principal.country], now)[principal.country]


def holds(principal: Principal, box: Mailbox) -> bool:
    if not principal.has(Permission.MESSAGES_READ):
        return False
    if box.kind == "agency":
        return principal.agency_id is not None and principal.agency_id == box.agency_id
    if box.kind == "secretariat":
        return principal.is_secretariat
    return principal.agency_id is None and principal.country == box.country


def by_address(session: Session, address: str) -> Mailbox:
    box = session.execute(select(Mailbox).where(Mailbox.address == address)).scalar()
    if box is None:
        raise NotFoundError(f"No mailbox '{address}'")
    return box
