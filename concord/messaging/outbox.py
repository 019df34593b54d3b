"""Delivering the webhook outbox: claim due pushes, POST them signed, record the outcome.

One run (:func:`deliver_due`) works in three steps, so that no database lock is held while a
national system answers:

1. **Claim**, in a short transaction: the due pending pushes (``FOR UPDATE SKIP LOCKED`` on
   PostgreSQL, so several workers never take the same ones; SQLite serialises writers anyway)
   get their ``next_at`` moved past a lease, so no other worker picks them up meanwhile.
2. **Send**, outside any transaction, a few at a time, each with a short timeout.
3. **Record**, in a second transaction: 2xx -> ``done``; anything else -> one more attempt,
   retried after an exponential backoff with jitter, ``dead`` after the last attempt.

A worker that dies between 1 and 3 leaves its pushes to be sent again once the lease runs out:
delivery is at least once, and ``X-Concord-Delivery`` lets the receiver drop duplicates.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from concord import __version__
from concord.clock import now as clock_now
from concord.db.database import Database
from concord.errors import ConcordError
from concord.messaging import crypto, webhooks
from concord.messaging.attachments import purge_unbound
from concord.messaging.keys import KeyStore
from concord.messaging.models import OutboxItem, Webhook
from concord.settings import Settings

log = structlog.get_logger("concord.messaging.outbox")
PARALLEL = 8
_RNG = random.Random()  # noqa: S311 (jitter, not a secret)
SIGNATURE = "X-Concord-Signature"
TIMESTAMP = "X-Concord-Timestamp"
DELIVERY = "X-Concord-Delivery"


def signature(secret: bytes, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256, under the webhook's secret, of
    ``timestamp + "." + body``."""
    mac = hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def backoff(attempts: int, settings: Settings, rng: random.Random) -> timedelta:
    """Wait after the ``attempts``-th failure: base * 2^(attempts-1), capped, of which a
    random half is taken off (so that retries of many pushes spread out)."""
    cap = settings.messaging_webhook_backoff_max_seconds
    delay = min(cap, settings.messaging_webhook_backoff_seconds * 2.0 ** min(attempts - 1, 60))
    return timedelta(seconds=delay / 2 + rng.uniform(0, delay / 2))


@dataclass(frozen=True)
class _Job:
    item_id: int
    url: str
    secret: bytes | None  # None: cannot be sent (why: ``error``)
    payload: dict[str, Any]
    error: str | None = None


@dataclass
class Report:
    """What one run did."""

    claimed: int = 0
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def _claim(session: Session, store: KeyStore, settings: Settings, now: datetime) -> list[_Job]:
    stmt = (
        select(OutboxItem)
        .where(OutboxItem.status == "pending", OutboxItem.next_at <= now)
        .order_by(OutboxItem.next_at, OutboxItem.id)
        .limit(settings.messaging_webhook_batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    items = list(session.execute(stmt).scalars())
    rounds = -(-len(items) // PARALLEL)
    lease = now + timedelta(seconds=settings.messaging_webhook_timeout_seconds * rounds + 60)
    jobs = []
    for item in items:
        item.next_at = lease
        hook = session.get(Webhook, item.webhook_id)
        assert hook is not None
        if not hook.active:
            jobs.append(_Job(item.id, hook.url, None, item.payload, "webhook deactivated"))
            continue
        try:
            secret = webhooks.secret_of(session, store, hook)
        except (ConcordError, crypto.TamperedError) as exc:
            jobs.append(_Job(item.id, hook.url, None, item.payload, f"secret unusable: {exc}"))
            continue
        jobs.append(_Job(item.id, hook.url, secret, item.payload))
    return jobs


def _send(client: httpx.Client, job: _Job, now: datetime) -> str | None:
    """POST one push; None if the receiver took it, else why not."""
    if job.secret is None:
        return job.error or "cannot be sent"
    body = body_of(job.payload)
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"Concord-Webhooks/{__version__}",
        "X-Concord-Event": str(job.payload.get("event", webhooks.EVENT)),
        SIGNATURE: signature(job.secret, timestamp, body),
        TIMESTAMP: timestamp,
        DELIVERY: str(job.item_id),
    }
    try:
        response = client.post(job.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return None
    hint = " (redirects are not followed)" if response.is_redirect else ""
    return f"HTTP {response.status_code}{hint}"


def _record(
    session: Session,
    settings: Settings,
    outcomes: list[tuple[_Job, str | None]],
    now: datetime,
    rng: random.Random,
    report: Report,
) -> None:
    for job, error in outcomes:
        item = session.get(OutboxItem, job.item_id)
        if item is None or item.status != "pending":  # deactivated meanwhile
            continue
        item.attempts += 1
        if error is None:
            item.status, item.done_at, item.last_error = "done", now, None
            report.delivered += 1
            continue
        item.last_error = error[:500]
        final = job.secret is None or item.attempts >= settings.messaging_webhook_max_attempts
        if final:
            item.status = "dead"
            report.dead += 1
        else:
            item.next_at = now + backoff(item.attempts, settings, rng)
            report.retried += 1
        report.errors.append(f"push {item.id}: {error}")


def deliver_due(
    db: Database,
    store: KeyStore,
    settings: Settings,
    now: datetime,
    *,
    client: httpx.Client | None = None,
    rng: random.Random | None = None,
) -> Report:
    """Send the pushes due at ``now`` (one batch); ``client`` (e.g. with an
    ``httpx.MockTransport``) is used instead of a new one."""
    report = Report()
    with db.transaction() as session:
        jobs = _claim(session, store, settings, now)
    report.claimed = len(jobs)
    if not jobs:
        return report
    own = client is None
    http = client or httpx.Client(
        timeout=settings.messaging_webhook_timeout_seconds, follow_redirects=False
    )
    try:
        with ThreadPoolExecutor(max_workers=min(PARALLEL, len(jobs))) as pool:
            errors = list(pool.map(lambda j: _send(http, j, now), jobs))
    finally:
        if own:
            http.close()
    with db.transaction() as session:
        _record(session, settings, list(zip(jobs, errors, strict=True)), now, rng or _RNG, report)
    return report


class OutboxWorker:
    """The server's background messaging thread: runs :func:`deliver_due` every
    ``messaging_webhook_interval_seconds`` (and again at once while batches come back full),
    and :func:`~concord.messaging.attachments.purge_unbound` every
    ``messaging_attachment_purge_interval_seconds``. ``transport`` replaces the network (tests).
    """

    def __init__(
        self,
        db: Database,
        store: KeyStore,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.db = db
        self.store = store
        self.settings = settings
        self.interval = settings.messaging_webhook_interval_seconds
        self.transport = transport
        self.runs = 0
        self.purged = 0
        self._purge_every = settings.messaging_attachment_purge_interval_seconds
        self._purged_at = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.interval <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="concord-webhooks", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        timeout = self.settings.messaging_webhook_timeout_seconds
        with httpx.Client(
            timeout=timeout, follow_redirects=False, transport=self.transport
        ) as client:
            while not self._stop.wait(self.interval):
                try:
                    self._drain(client)
                except Exception:
                    log.exception("webhooks.run_failed")
                try:
                    self._purge_when_due()
                except Exception:
                    log.exception("attachments.purge_failed")
                self.runs += 1

    def _purge_when_due(self) -> None:
        if self._purge_every <= 0 or time.monotonic() - self._purged_at < self._purge_every:
            return
        self._purged_at = time.monotonic()
        with self.db.transaction() as session:
            removed = purge_unbound(session, self.settings, clock_now(self.settings))
        self.purged += removed
        if removed:
            log.info("attachments.purged", removed=removed)

    def _drain(self, client: httpx.Client) -> None:
        while not self._stop.is_set():
            now = clock_now(self.settings)
            report = deliver_due(self.db, self.store, self.settings, now, client=client)
            if report.claimed:
                log.info(
                    "webhooks.run",
                    claimed=report.claimed,
                    delivered=report.delivered,
                    retried=report.retried,
                    dead=report.dead,
                )
            if report.claimed < self.settings.messaging_webhook_batch:
                return

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=self.settings.messaging_webhook_timeout_seconds + 30)
            self._thread = None
