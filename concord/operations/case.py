"""The operation's case in secure messaging: opened when the operation is created, for its
coordinators; each country that accepts its invitation joins it.

Opening goes through :func:`concord.messaging.cases.open_case` and mailboxes through
:mod:`concord.messaging.mailboxes`. Messaging has no function yet to add a participant to an
existing case (participants join a case when a message is sent to them), so
:func:`join` adds the ``case_participants`` row itself; it is the only place operations touch
a messaging table.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.messaging import cases, mailboxes
from concord.messaging.keys import KeyStore
from concord.messaging.models import CaseParticipant
from concord.operations.areas import CASE_AREA
from concord.operations.models import Operation


def open_for(
    session: Session, principal: Principal, store: KeyStore | None, op: Operation, now: datetime
) -> str | None:
    """Open the case of ``op`` (the creator's mailbox, plus the lead NCB's and the
    Secretariat's); None when no key store is at hand or the creator does not use messaging."""
    if store is None or not principal.has(Permission.MESSAGES_READ):
        return None
    area = CASE_AREA.get(op.crime_area, op.crime_area)
    case = cases.open_case(session, principal, store, f"Operation {op.code_name}", area, now)
    coordinators = [op.lead_country or mailboxes.SECRETARIAT]
    if principal.is_secretariat and op.lead_country is not None:
        coordinators.append(mailboxes.SECRETARIAT)
    join(session, store, case.id, coordinators, now)
    return case.id


def join(
    session: Session,
    store: KeyStore | None,
    case_id: str | None,
    codes: Iterable[str],
    now: datetime,
) -> None:
    """Add the NCB (or ``IPSG``) mailboxes of ``codes`` to the case, if not in it already."""
    wanted = sorted(set(codes))
    if store is None or case_id is None or not wanted:
        return
    boxes = mailboxes.ensure_ncbs(session, store, wanted, now)
    present = set(
        session.execute(
            select(CaseParticipant.mailbox_id).where(CaseParticipant.case_id == case_id)
        ).scalars()
    )
    for box in boxes.values():
        if box.id not in present:
            session.add(CaseParticipant(case_id=case_id, mailbox_id=box.id))
    session.flush()
