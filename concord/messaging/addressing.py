"""Who a message is from, who it goes to, and which case it belongs to.

Mailboxes are resolved to :class:`~.keys.Box` snapshots, from the key store's short-lived cache
when it has them (then no database is needed at all, see :func:`.journal.prepare_quick`), else
from the database, made on first use."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db.base import new_id
from concord.errors import (
    HiddenObjectError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from concord.members.models import Country
from concord.messaging import mailboxes
from concord.messaging.keys import QUICK_KEY, Box, KeyStore
from concord.messaging.models import Case, CaseParticipant, Mailbox
from concord.messaging.outgoing import CRIME_AREAS, Outgoing


def own_box(session: Session, store: KeyStore, principal: Principal, now: datetime) -> Box:
    if not principal.has(Permission.MESSAGES_READ):
        raise PermissionDeniedError("Your role does not use messaging")
    if principal.agency_id is not None:
        address = f"{principal.country}/{principal.agency_id}"
    else:
        address = mailboxes.SECRETARIAT if principal.is_secretariat else str(principal.country)
    hit = store.box(address, stale_ok=QUICK_KEY in session.info)
    if hit is not None:
        return hit
    return store.remember(session, mailboxes.own_mailbox(session, store, principal, now))


def resolve_recipients(
    session: Session, store: KeyStore, sender: str, out: Outgoing, now: datetime
) -> list[Box]:
    """The mailboxes ``out`` goes to (made on first use), without ``sender``'s, by address."""
    chosen = sum([bool(out.to), out.to_all, out.to_region is not None])
    if chosen != 1:
        raise ValidationFailedError("Give the recipients one way: to, to_all or to_region")
    wanted = {a if "/" in a else a.upper() for a in out.to}
    cached = [store.box(a, stale_ok=QUICK_KEY in session.info) for a in sorted(wanted)]
    if out.to and all(b is not None for b in cached):
        boxes = {b.address: b for b in cached if b is not None}
    else:
        boxes = {b.address: store.remember(session, b) for b in _resolve(session, store, out, now)}
    boxes.pop(sender, None)
    if not boxes:
        raise ValidationFailedError("A message needs at least one recipient other than yourself")
    return sorted(boxes.values(), key=lambda b: b.address)


def _resolve(session: Session, store: KeyStore, out: Outgoing, now: datetime) -> list[Mailbox]:
    if out.to_all:
        codes = list(session.execute(select(Country.code)).scalars())
    elif out.to_region is not None:
        codes = list(
            session.execute(select(Country.code).where(Country.region == out.to_region)).scalars()
        )
        if not codes:
            raise ValidationFailedError(f"to_region: no INTERPOL region '{out.to_region}'")
    else:
        codes = []
    ncb_like = [a.upper() for a in out.to if "/" not in a] + codes
    boxes = list(mailboxes.ensure_ncbs(session, store, ncb_like, now).values())
    boxes += [mailboxes.by_address(session, a) for a in out.to if "/" in a]
    return boxes


def case_for(
    session: Session, sender: Box, out: Outgoing, holders: list[Box], now: datetime
) -> tuple[str, str, dict[str, Any] | None, list[dict[str, Any]]]:
    """(case id, reference, the new case's row or None, participant rows to add)."""
    if out.case_id is not None:
        found = session.execute(
            select(Case.id, Case.reference)
            .join(CaseParticipant, CaseParticipant.case_id == Case.id)
            .where(Case.id == out.case_id, CaseParticipant.mailbox_id == sender.id)
        ).first()
        if found is None:
            if session.get(Case, out.case_id) is not None:  # another mailbox's case: audited
                raise HiddenObjectError(
                    f"No case '{out.case_id}' of your mailbox",
                    object_type="case",
                    object_id=out.case_id,
                )
            raise NotFoundError(f"No case '{out.case_id}' of your mailbox")
        have = set(
            session.execute(
                select(CaseParticipant.mailbox_id).where(CaseParticipant.case_id == out.case_id)
            ).scalars()
        )
        new_ids = [b.id for b in holders if b.id not in have]
        return (
            str(found[0]),
            str(found[1]),
            None,
            [{"case_id": found[0], "mailbox_id": i} for i in new_ids],
        )
    if out.crime_area not in CRIME_AREAS:
        raise ValidationFailedError(f"crime_area: use one of {', '.join(CRIME_AREAS)}")
    prefix = sender.address.split("/")[0]
    reference = f"{prefix}-{now:%Y}-{secrets.token_hex(4).upper()}"
    row = {
        "id": new_id(),
        "reference": reference,
        # a case's title is metadata in the clear: never the (encrypted) subject
        "title": (out.case_title or f"Case {reference}")[:300],
        "crime_area": out.crime_area,
        "created_by": sender.id,
        "created_at": now,
        "updated_at": now,
    }
    return (
        str(row["id"]),
        reference,
        row,
        [{"case_id": row["id"], "mailbox_id": b.id} for b in holders],
    )
