"""Push to national systems: a mailbox's administrators register webhooks; every message
delivered to the mailbox queues a notice of it (never its content) in the outbox, in the
sending transaction; :mod:`concord.messaging.outbox` delivers it, HMAC-signed, retried with
backoff, and dead after the last attempt (shown, and retried, from the dead-letter view).

A webhook's secret is random, returned once when it is registered, and stored wrapped by the
mailbox's data key: erasing the mailbox's keys also erases its webhooks' secrets."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.db import paging
from concord.db.base import new_id
from concord.errors import (
    ConflictError,
    HiddenObjectError,
    ValidationFailedError,
)
from concord.messaging import crypto, mailboxes
from concord.messaging.keys import KeyStore
from concord.messaging.models import Mailbox, Message, OutboxItem, Webhook
from concord.settings import Settings

if TYPE_CHECKING:
    from concord.messaging.prepare import Prepared

#: active webhooks a mailbox may have at once
MAX_ACTIVE = 10
EVENT = "message.created"
LOOPBACK_NAMES = ("localhost", "localhost.localdomain")


def _host_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_url(url: str, settings: Settings) -> str:
    """``url`` if a webhook may point there: https (plain http only to the loopback interface,
    and never in production), a host, no credentials, no fragment."""
    url = url.strip()
    if len(url) > 500:
        raise ValidationFailedError("url: at most 500 characters")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 (raises on a malformed port)
    except ValueError:
        raise ValidationFailedError("url: not a valid URL") from None
    if parts.scheme not in ("https", "http") or not host:
        raise ValidationFailedError("url: an https:// URL with a host is needed")
    if parts.username is not None or parts.password is not None:
        raise ValidationFailedError("url: no credentials in the URL; verify the signature")
    if parts.fragment:
        raise ValidationFailedError("url: no #fragment")
    ip = _host_ip(host)
    loopback = host in LOOPBACK_NAMES or (ip is not None and ip.is_loopback)
    if ip is not None and (ip.is_link_local or ip.is_unspecified or ip.is_multicast):
        raise ValidationFailedError("url: link-local, multicast and unspecified addresses refused")
    if parts.scheme == "http" and (settings.environment == "production" or not loopback):
        raise ValidationFailedError(
            "url: https is required (plain http only to localhost, outside production)"
        )
    if loopback and settings.environment == "production":
        raise ValidationFailedError("url: loopback addresses are refused in production")
    return url


def _secret_aad(webhook_id: str, mailbox_id: str) -> bytes:
    return f"concord-webhook-secret:{webhook_id}:{mailbox_id}".encode()


def register(
    session: Session,
    principal: Principal,
    store: KeyStore,
    url: str,
    settings: Settings,
    now: datetime,
) -> tuple[Webhook, bytes]:
    """A new webhook of the caller's mailbox, and its secret (given out this once only)."""
    url = check_url(url, settings)
    box = mailboxes.administered_mailbox(session, store, principal, now)
    active = session.execute(
        select(func.count()).where(Webhook.mailbox_id == box.id, Webhook.active.is_(True))
    ).scalar_one()
    if active >= MAX_ACTIVE:
        raise ConflictError(f"A mailbox has at most {MAX_ACTIVE} active webhooks")
    secret = os.urandom(32)
    dek, _ = store.keys(session, box.id, box.key_version)
    hook_id = new_id()
    hook = Webhook(
        id=hook_id,
        mailbox_id=box.id,
        url=url,
        secret=crypto.encrypt(dek, secret, _secret_aad(hook_id, box.id)),
        key_version=box.key_version,
        active=True,
        created_at=now,
    )
    session.add(hook)
    session.flush()
    audit.record(
        session,
        actor=principal,
        action="webhook.create",
        object_type="webhook",
        object_id=hook.id,
        payload={"mailbox": box.address, "url": url},
    )
    return hook, secret


def secret_of(session: Session, store: KeyStore, hook: Webhook) -> bytes:
    """The webhook's secret, unwrapped (raises GoneError if the mailbox's keys were erased)."""
    dek, _ = store.keys(session, hook.mailbox_id, hook.key_version)
    return crypto.decrypt(dek, hook.secret, _secret_aad(hook.id, hook.mailbox_id))


def of_mailbox(session: Session, box: Mailbox) -> list[Webhook]:
    stmt = select(Webhook).where(Webhook.mailbox_id == box.id)
    return list(session.execute(stmt.order_by(Webhook.created_at, Webhook.id)).scalars())


def _own_hook(session: Session, box: Mailbox, webhook_id: str) -> Webhook:
    hook = session.get(Webhook, webhook_id)
    if hook is None or hook.mailbox_id != box.id:
        raise HiddenObjectError(
            f"No webhook '{webhook_id}'", object_type="webhook", object_id=webhook_id
        )
    return hook


def deactivate(
    session: Session, principal: Principal, store: KeyStore, webhook_id: str, now: datetime
) -> Webhook:
    """Stop pushing to a webhook; its pushes still waiting are given up (dead)."""
    box = mailboxes.administered_mailbox(session, store, principal, now)
    hook = _own_hook(session, box, webhook_id)
    hook.active = False
    session.execute(
        update(OutboxItem)
        .where(OutboxItem.webhook_id == hook.id, OutboxItem.status == "pending")
        .values(status="dead", last_error="webhook deactivated")
    )
    audit.record(
        session,
        actor=principal,
        action="webhook.deactivate",
        object_type="webhook",
        object_id=hook.id,
        payload={"mailbox": box.address, "url": hook.url},
    )
    return hook


def outbox(
    session: Session, box: Mailbox, status: str | None, *, limit: int, offset: int
) -> tuple[list[tuple[Any, ...]], int]:
    """(push, its webhook's URL) of a mailbox's webhooks, newest first."""
    stmt = (
        select(OutboxItem, Webhook.url)
        .join(Webhook, Webhook.id == OutboxItem.webhook_id)
        .where(Webhook.mailbox_id == box.id)
    )
    if status is not None:
        stmt = stmt.where(OutboxItem.status == status)
    order = (OutboxItem.created_at.desc(), OutboxItem.id.desc())
    return paging.page_rows(session, stmt, *order, limit=limit, offset=offset)


def retry(
    session: Session, principal: Principal, store: KeyStore, item_id: int, now: datetime
) -> tuple[OutboxItem, str]:
    """Queue a dead push again, with a fresh count of attempts."""
    box = mailboxes.administered_mailbox(session, store, principal, now)
    item = session.get(OutboxItem, item_id)
    hook = None if item is None else session.get(Webhook, item.webhook_id)
    if item is None or hook is None or hook.mailbox_id != box.id:
        raise HiddenObjectError(
            f"No webhook push '{item_id}'", object_type="webhook_push", object_id=str(item_id)
        )
    if item.status != "dead":
        raise ConflictError(f"Push {item_id} is {item.status}: only dead pushes are retried")
    if not hook.active:
        raise ConflictError("Its webhook was deactivated: register the endpoint again")
    item.status, item.attempts, item.next_at = "pending", 0, now
    audit.record(
        session,
        actor=principal,
        action="webhook.retry",
        object_type="webhook_push",
        object_id=str(item.id),
        payload={"mailbox": box.address, "webhook": hook.id, "message": item.message_id},
    )
    return item, hook.url


def notice(
    message: Message | Mapping[str, Any], case_reference: str, sender: str, mailbox: str
) -> dict[str, Any]:
    """What a national system is told of a new message: metadata to fetch it by, never its
    content (subject, body, references or attachments). ``message``: a stored message or the
    row of one being written."""
    m = (
        message
        if isinstance(message, Mapping)
        else {
            k: getattr(message, k) for k in ("id", "priority", "reply_by", "handling", "created_at")
        }
    )
    reply_by: datetime | None = m["reply_by"]
    created_at: datetime = m["created_at"]
    return {
        "event": EVENT,
        "message_id": m["id"],
        "mailbox": mailbox,
        "case_reference": case_reference,
        "sender": sender,
        "priority": m["priority"],
        "reply_by": reply_by.isoformat() if reply_by else None,
        "handling": m["handling"],
        "created_at": created_at.isoformat(),
        "url": f"/api/v1/messages/{m['id']}",
    }


def enqueue(session: Session, sent: Sequence[Prepared]) -> int:
    """Queue a push of each message's notice (never its content) to its recipient mailboxes'
    active webhooks, in the sending transaction (one query for a whole group commit); returns
    how many."""
    wanted = sorted({b.id for p in sent for b in p.recipients})
    if not wanted:
        return 0
    hooks: dict[str, list[str]] = {}
    for hook_id, box_id in session.execute(
        select(Webhook.id, Webhook.mailbox_id).where(
            Webhook.mailbox_id.in_(wanted), Webhook.active.is_(True)
        )
    ):
        hooks.setdefault(str(box_id), []).append(str(hook_id))
    if not hooks:
        return 0
    rows = [
        {
            "webhook_id": hook_id,
            "message_id": p.id,
            "payload": notice(p.message, p.case_reference, p.sender.address, box.address),
            "status": "pending",
            "attempts": 0,
            "next_at": p.at,
            "last_error": None,
            "created_at": p.at,
            "done_at": None,
        }
        for p in sent
        for box in p.recipients
        for hook_id in hooks.get(box.id, [])
    ]
    session.execute(insert(OutboxItem), rows)
    return len(rows)
