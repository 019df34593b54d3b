"""Messages exchanged: metadata only (when, from which mailbox, to how many), never subjects,
bodies or attachments, which stay encrypted.

- **messages**: messages sent in the period (``messages.created_at``), by the sending
  mailbox's country (``IPSG`` for the General Secretariat);
- **deliveries**: copies delivered to mailboxes in the period (``deliveries.sent_at``), by the
  receiving mailbox's country: a message to five NCBs is one message and five deliveries.

Who exchanges how much with whom is not public: a member sees the global totals and series,
its own row and the others summed. Items: message ids with their time, sending country and
priority; a member gets the messages its country's mailboxes sent or received."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from concord.auth.principal import SECRETARIAT, Principal
from concord.db import paging
from concord.messaging.models import Delivery, Mailbox, Message
from concord.stats import common
from concord.stats.periods import Period
from concord.stats.schemas import Figure, Item, Items, Number

NAME = "messages"
GROUPS = (*common.TIME, "country")
COLUMNS = ["messages", "deliveries"]
SOURCE = "messages (created_at, sender mailbox) + deliveries (sent_at, recipient mailbox)"


def _country(box: Any) -> Any:
    return func.coalesce(box.country, SECRETARIAT)


def compute(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    group_by: str = "month",
    country: str | None = None,
) -> Figure:
    common.check_reader(principal)
    common.check_group(group_by, GROUPS)
    country = common.check_country(principal, country)
    counts: dict[str, dict[str, Number]] = {}
    sender = aliased(Mailbox)
    key = common.key_column(session, group_by, Message.created_at, {"country": _country(sender)})
    sent = (
        select(key, func.count())
        .select_from(Message)
        .join(sender, sender.id == Message.sender_id)
        .where(period.contains(Message.created_at))
        .where(*common.where_country(_country(sender), country))
    )
    common.merge(counts, "messages", session.execute(sent.group_by(key)))
    recipient = aliased(Mailbox)
    key = common.key_column(session, group_by, Delivery.sent_at, {"country": _country(recipient)})
    delivered = (
        select(key, func.count())
        .select_from(Delivery)
        .join(recipient, recipient.id == Delivery.mailbox_id)
        .where(period.contains(Delivery.sent_at))
        .where(*common.where_country(_country(recipient), country))
    )
    common.merge(counts, "deliveries", session.execute(delivered.group_by(key)))
    return common.figure(
        session,
        principal,
        name=NAME,
        title="Messages exchanged",
        period=period,
        source=SOURCE,
        group_by=group_by,
        columns=COLUMNS,
        counts=counts,
        country=country,
        notes=["messages by sending country; deliveries by receiving country"],
    )


def items(
    session: Session,
    principal: Principal,
    *,
    period: Period,
    country: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Items:
    common.check_reader(principal)
    country = common.check_country(principal, country) or (
        None if principal.is_secretariat else principal.country
    )
    sender = aliased(Mailbox)
    stmt = (
        select(Message.id, Message.created_at, _country(sender), Message.priority)
        .join(sender, sender.id == Message.sender_id)
        .where(period.contains(Message.created_at))
    )
    if country is not None:
        recipient = aliased(Mailbox)
        received = exists(
            select(Delivery.message_id)
            .join(recipient, recipient.id == Delivery.mailbox_id)
            .where(Delivery.message_id == Message.id, recipient.country == country)
        )
        stmt = stmt.where(or_(sender.country == country, received))
    rows, total = paging.page_rows(
        session, stmt, Message.created_at, Message.id, limit=limit, offset=offset
    )
    return common.answer_items(
        session,
        principal,
        figure=NAME,
        source=SOURCE,
        period=period,
        scope=common.scope(principal, country),
        items=[Item(id=str(r[0]), at=r[1], country=r[2], kind=r[3]) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        filters={"country": country},
    )
