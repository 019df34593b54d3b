"""Opening a case before its first message, and counting a case's messages."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.errors import ValidationFailedError
from concord.messaging import mailboxes
from concord.messaging.keys import KeyStore
from concord.messaging.models import Case, CaseParticipant, Message
from concord.messaging.service import CRIME_AREAS


def open_case(
    session: Session,
    principal: Principal,
    store: KeyStore,
    title: str,
    crime_area: str,
    now: datetime,
) -> Case:
    if crime_area not in CRIME_AREAS:
        raise ValidationFailedError(f"crime_area: use one of {', '.join(CRIME_AREAS)}")
    box = mailboxes.own_mailbox(session, store, principal, now)
    case = Case(
        reference=f"{box.address.split('/')[0]}-{now:%Y}-{secrets.token_hex(4).upper()}",
        title=title,
        crime_area=crime_area,
        created_by=box.id,
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    session.add(CaseParticipant(case_id=case.id, mailbox_id=box.id))
    audit.record(
        session,
        actor=principal,
        action="case.open",
        object_type="case",
        object_id=case.id,
        payload={"reference": case.reference, "crime_area": crime_area},
    )
    return case


def message_count(session: Session, case_id: str) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(Message).where(Message.case_id == case_id)
        ).scalar_one()
    )
