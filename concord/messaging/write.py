"""Writing prepared messages: a handful of Core ``executemany`` statements for any number.

:func:`write` inserts the rows of many :class:`~.prepare.Prepared` messages in the caller's
transaction: new cases, participants, messages, wrapped content keys, referenced records,
deliveries, notifications, webhook pushes, attachment bindings, and one audit event per
message (chained when the transaction commits). Statement count does not grow with the batch;
that, not the cryptography, was what capped sending at ~60 messages a second when every message
went through the ORM with its own statements and autoflushes.

:func:`send` is the one-message form for the CLI, replies, forwards and diffusions: prepare and
write in the caller's session. The API sends through :mod:`.journal` (group commit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from concord.audit.service import queue
from concord.auth.principal import Principal
from concord.db.bulk import insert_rows
from concord.messaging import attachments, webhooks
from concord.messaging.keys import KeyStore
from concord.messaging.models import (
    Case,
    CaseParticipant,
    Delivery,
    Message,
    MessageKey,
    MessageRecord,
)
from concord.messaging.outgoing import Outgoing
from concord.messaging.prepare import Prepared, prepare
from concord.notify.models import Notification


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


_CASES = _table(Case)
_PARTICIPANTS = _table(CaseParticipant)
_MESSAGES = _table(Message)
_KEYS = _table(MessageKey)
_RECORDS = _table(MessageRecord)
_DELIVERIES = _table(Delivery)
_NOTIFICATIONS = _table(Notification)
_TOUCH_CASE = (
    _CASES.update().where(_CASES.c.id == bindparam("b_id")).values(updated_at=bindparam("b_at"))
)


def _add_participants(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert participants, leaving out those already there (a concurrent message in the same
    case may have added them since this one was prepared). A participant added by another
    process between the read and the insert fails the batch with a duplicate key; the journal
    then commits each message alone, and the read sees it."""
    unique = sorted({(r["case_id"], r["mailbox_id"]) for r in rows})
    if not unique:
        return
    cases = sorted({c for c, _ in unique})
    there: set[tuple[str, str]] = set()
    for start in range(0, len(cases), 500):
        stmt = select(_PARTICIPANTS.c.case_id, _PARTICIPANTS.c.mailbox_id).where(
            _PARTICIPANTS.c.case_id.in_(cases[start : start + 500])
        )
        there.update((c, m) for c, m in session.execute(stmt))
    insert_rows(
        session,
        _PARTICIPANTS,
        [{"case_id": c, "mailbox_id": m} for c, m in unique if (c, m) not in there],
    )


def write(session: Session, batch: Sequence[Prepared]) -> None:
    """Insert ``batch`` in ``session``'s transaction; its audit events are written at commit."""
    if not batch:
        return
    session.flush()  # mailboxes made while preparing come first

    def run(table: Table, rows: list[dict[str, Any]]) -> None:
        insert_rows(session, table, rows)

    run(_CASES, [p.new_case for p in batch if p.new_case is not None])
    touched: dict[str, datetime] = {}
    for p in batch:
        if p.new_case is None:
            touched[p.case_id] = max(p.at, touched.get(p.case_id, p.at))
    if touched:
        session.execute(_TOUCH_CASE, [{"b_id": c, "b_at": at} for c, at in touched.items()])
    _add_participants(session, [r for p in batch for r in p.participants])
    run(_MESSAGES, [p.message for p in batch])
    run(_KEYS, [r for p in batch for r in p.keys])
    run(_RECORDS, [r for p in batch for r in p.records])
    run(_DELIVERIES, [r for p in batch for r in p.deliveries])
    run(_NOTIFICATIONS, [r for p in batch for r in p.notifications])
    attachments.apply_binding(session, [u for p in batch for u in p.attachment_updates])
    webhooks.enqueue(session, batch)
    queue(session, [p.event for p in batch])


def send(
    session: Session, principal: Principal, store: KeyStore, out: Outgoing, now: datetime
) -> Message:
    """Send one message in ``session``'s transaction; returns its stored row."""
    prepared = prepare(session, principal, store, out, now)
    write(session, [prepared])
    message = session.get(Message, prepared.id)
    assert message is not None
    return message
