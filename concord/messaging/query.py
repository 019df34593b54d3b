"""Finding messages and cases: what the caller's mailbox sent or received, filtered by case,
correspondent, priority, handling code, date, unread, overdue reply, or the records (persons
found by name through the screening matcher) it references. Bodies are never indexed: only
the metadata and record ids are in the clear."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from concord.db import paging
from concord.errors import HiddenObjectError, NotFoundError
from concord.messaging.models import (
    Case,
    CaseParticipant,
    Delivery,
    Mailbox,
    Message,
    MessageRecord,
)


@dataclass
class MessageFilter:
    case_id: str | None = None
    correspondent: str | None = None  # a mailbox address
    priority: str | None = None
    handling: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    unread: bool = False
    overdue: bool = False
    folder: str = "all"  # all | inbox | sent
    record_ids: list[str] | None = None


def _mine(box: Mailbox) -> object:
    received = exists().where(Delivery.message_id == Message.id, Delivery.mailbox_id == box.id)
    return or_(Message.sender_id == box.id, received)


def search(
    session: Session, box: Mailbox, f: MessageFilter, now: datetime, *, limit: int, offset: int
) -> tuple[list[tuple[Message, Delivery | None]], int]:
    mine = aliased(Delivery)
    stmt: Select[Message, Delivery] = select(Message, mine).outerjoin(
        mine, and_(mine.message_id == Message.id, mine.mailbox_id == box.id)
    )
    if f.folder == "inbox":
        stmt = stmt.where(mine.mailbox_id.is_not(None))
    elif f.folder == "sent":
        stmt = stmt.where(Message.sender_id == box.id)
    else:
        stmt = stmt.where(or_(Message.sender_id == box.id, mine.mailbox_id.is_not(None)))
    if f.case_id:
        stmt = stmt.where(Message.case_id == f.case_id)
    if f.priority:
        stmt = stmt.where(Message.priority == f.priority)
    if f.handling:
        stmt = stmt.where(Message.handling == f.handling)
    if f.since:
        stmt = stmt.where(Message.created_at >= f.since)
    if f.until:
        stmt = stmt.where(Message.created_at < f.until)
    if f.unread:
        stmt = stmt.where(mine.read_at.is_(None), mine.mailbox_id.is_not(None))
    if f.correspondent:
        other = select(Mailbox.id).where(Mailbox.address == f.correspondent).scalar_subquery()
        to_other = exists().where(Delivery.message_id == Message.id, Delivery.mailbox_id == other)
        stmt = stmt.where(or_(Message.sender_id == other, to_other))
    if f.overdue:
        answered = aliased(Message)
        replied = exists().where(answered.in_reply_to == Message.id, answered.sender_id == box.id)
        stmt = stmt.where(mine.mailbox_id.is_not(None), Message.reply_by < now, ~replied)
    if f.record_ids is not None:
        if not f.record_ids:
            return [], 0
        stmt = stmt.where(
            exists().where(
                MessageRecord.message_id == Message.id,
                MessageRecord.record_id.in_(f.record_ids[:500]),
            )
        )
    total = paging.count(session, stmt)
    rows = session.execute(
        stmt.order_by(Message.created_at.desc(), Message.id).offset(offset).limit(limit)
    ).all()
    return [(row[0], row[1]) for row in rows], total


def cases(
    session: Session, box: Mailbox, *, limit: int, offset: int
) -> tuple[list[tuple[Case, int]], int]:
    count = select(func.count()).where(Message.case_id == Case.id).correlate(Case).scalar_subquery()
    stmt = (
        select(Case, count)
        .join(CaseParticipant, CaseParticipant.case_id == Case.id)
        .where(CaseParticipant.mailbox_id == box.id)
    )
    total = paging.count(session, stmt)
    rows = session.execute(
        stmt.order_by(Case.updated_at.desc(), Case.id).offset(offset).limit(limit)
    ).all()
    return [(c, int(n)) for c, n in rows], total


def case_of(session: Session, box: Mailbox, case_id: str) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"No case '{case_id}'")
    member = session.execute(
        select(CaseParticipant).where(
            CaseParticipant.case_id == case_id, CaseParticipant.mailbox_id == box.id
        )
    ).first()
    if member is None:
        raise HiddenObjectError(f"No case '{case_id}'", object_type="case", object_id=case_id)
    return case


def participants(session: Session, case_id: str) -> list[str]:
    return list(
        session.execute(
            select(Mailbox.address)
            .join(CaseParticipant, CaseParticipant.mailbox_id == Mailbox.id)
            .where(CaseParticipant.case_id == case_id)
            .order_by(Mailbox.address)
        ).scalars()
    )


def recipients(session: Session, message_id: str) -> list[tuple[str, Delivery]]:
    rows = session.execute(
        select(Mailbox.address, Delivery)
        .join(Delivery, Delivery.mailbox_id == Mailbox.id)
        .where(Delivery.message_id == message_id)
        .order_by(Mailbox.address)
    ).all()
    return [(str(a), d) for a, d in rows]
