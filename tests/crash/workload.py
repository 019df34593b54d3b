"""The writes of the crash test and what the clients know about them.

Each writer thread has its own actor and sends one kind of write, each with its own
Idempotency-Key, until the server dies under it:

- ``record``: a stolen-document record (its number, unique, is in the record's ``key``);
- ``message``: a message to two NCBs (its subject is the key);
- ``notice``: a chain of three writes: the person record (``owner_ref`` is the key), the Red
  Notice request on it, and its submission (a transition);
- ``screen``: a border screening of a document, usually one recorded before (a hit, stored
  and notified to the owner), with the key as the query's ``reference`` (kept in the audit).

The :class:`Ledger` keeps every answer received (2xx: acknowledged) and the one write per
thread the kill left unanswered; after the restart :func:`finish` retries each with its key
and completes the chains.
"""

from __future__ import annotations

import itertools
import random
import string
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.factories import Actor
from tests.notices.helpers import RED_FIELDS

KINDS = ("record", "message", "notice", "screen")
_numbers = itertools.count(1)
_letters = string.ascii_uppercase


@dataclass
class Op:
    """One write: where it goes, what it says, its key; ``then`` makes the chain's next."""

    kind: str  # record | message | subject | notice | submit | screen
    key: str
    path: str
    body: dict[str, Any]
    actor: Actor
    then: Callable[[dict[str, Any]], Op | None] | None = None


@dataclass
class Ack:
    op: Op
    status: int
    answer: dict[str, Any]
    retried: bool


@dataclass
class Ledger:
    """What the clients know: acknowledged writes by key, writes left unanswered by a kill,
    and anything the server answered that it should not have (a failure of the test)."""

    acked: dict[str, Ack] = field(default_factory=dict)
    unanswered: list[Op] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (number, record id)
    lock: threading.Lock = field(default_factory=threading.Lock)
    retried: int = 0
    replayed: int = 0

    def ack(self, op: Op, r: httpx.Response, *, retried: bool = False) -> dict[str, Any]:
        answer: dict[str, Any] = r.json()
        with self.lock:
            if op.key in self.acked:
                self.failures.append(f"{op.key}: acknowledged twice")
            self.acked[op.key] = Ack(op, r.status_code, answer, retried)
            if op.kind == "record":
                self.documents.append((op.body["data"]["number"], answer["id"]))
        return answer

    def fail(self, op: Op, r: httpx.Response, when: str) -> None:
        with self.lock:
            self.failures.append(f"{when} {op.kind} {op.key}: {r.status_code} {r.text[:600]}")

    def of(self, *kinds: str) -> list[Ack]:
        return [a for a in self.acked.values() if a.op.kind in kinds]


def post(http: httpx.Client, op: Op) -> httpx.Response:
    headers = op.actor.headers | {"Idempotency-Key": op.key}
    return http.post(op.path, json=op.body, headers=headers)


def _number() -> str:
    """A document number no other write of the run uses."""
    return f"K{next(_numbers):08d}"


def _name(n: int) -> str:
    """Letters only (names refuse digits), distinct for each ``n``."""
    out = ""
    n += 26 * 27  # at least three letters
    while n:
        n, r = divmod(n, 26)
        out = _letters[r] + out
    return out.capitalize()


def record_op(actor: Actor, key: str, rnd: random.Random) -> Op:
    body = {
        "type": "document",
        "data": {
            "number": _number(),
            "country": "FR",
            "document_type": rnd.choice(["passport", "identity_card"]),
            "status": "stolen",
            "issued_on": "2019-03-02",
            "expires_on": "2029-03-01",
        },
    }
    return Op("record", key, "/api/v1/records", body, actor)


def message_op(actor: Actor, key: str, rnd: random.Random) -> Op:
    to = rnd.sample(["FR", "IT", "ES", "GB"], 2)
    body = {"to": to, "subject": key, "body": f"crash test message {key}"}
    return Op("message", key, "/api/v1/messages", body, actor)


def notice_chain(actor: Actor, key: str, rnd: random.Random) -> Op:
    """Person record -> Red Notice request on it -> submission, each with its own key."""
    n = next(_numbers)
    person = {
        "names": [{"given": "Viktor", "family": _name(n), "kind": "primary"}],
        "birth_date": f"19{rnd.randint(50, 99)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
        "sex": "M",
        "nationalities": ["UA"],
    }

    def submit(notice: dict[str, Any]) -> Op:
        path = f"/api/v1/notices/{notice['id']}/transitions"
        return Op("submit", f"{key}-submit", path, {"action": "submit"}, actor)

    def request(subject: dict[str, Any]) -> Op:
        body = {"type": "red", "subject_id": subject["id"], "public": False, "fields": RED_FIELDS}
        return Op("notice", f"{key}-notice", "/api/v1/notices", body, actor, then=submit)

    body = {"type": "person", "data": person, "owner_ref": key}
    return Op("subject", f"{key}-subject", "/api/v1/records", body, actor, then=request)


def screen_op(actor: Actor, key: str, rnd: random.Random, ledger: Ledger) -> Op:
    with ledger.lock:
        known = list(ledger.documents)
    # mostly a recorded document (a hit), else a number nobody recorded
    number = rnd.choice(known)[0] if known and rnd.random() < 0.8 else _number()
    body = {"document": {"number": number, "country": "FRA"}, "reference": key}
    return Op("screen", key, "/api/v1/screen", body, actor)


def script(
    kind: str, actor: Actor, prefix: str, rnd: random.Random, ledger: Ledger
) -> Iterator[Op]:
    """The endless stream of first writes of one writer (chains continue through ``then``)."""
    for i in itertools.count():
        key = f"{prefix}-{i}"
        if kind == "record":
            yield record_op(actor, key, rnd)
        elif kind == "message":
            yield message_op(actor, key, rnd)
        elif kind == "notice":
            yield notice_chain(actor, key, rnd)
        else:
            yield screen_op(actor, key, rnd, ledger)


def writer(base: str, ops: Iterator[Op], ledger: Ledger) -> None:
    """Send writes (and their chains) until one gets no answer: the server died."""
    with httpx.Client(base_url=base, timeout=60) as http:
        for first in ops:
            op: Op | None = first
            while op is not None:
                try:
                    r = post(http, op)
                except httpx.HTTPError:  # killed with the request in flight
                    with ledger.lock:
                        ledger.unanswered.append(op)
                    return
                if not 200 <= r.status_code < 300:
                    ledger.fail(op, r, "under load")
                    return
                answer = ledger.ack(op, r)
                op = op.then(answer) if op.then else None


def finish(base: str, ledger: Ledger) -> None:
    """After a restart: retry every unanswered write with its key, then complete its chain."""
    with ledger.lock:
        pending, ledger.unanswered = ledger.unanswered, []
    with httpx.Client(base_url=base, timeout=60) as http:
        for first in pending:
            op: Op | None = first
            retried = True
            while op is not None:
                r = post(http, op)
                if not 200 <= r.status_code < 300:
                    ledger.fail(op, r, "after restart")
                    break
                ledger.retried += retried
                answer = ledger.ack(op, r, retried=retried)
                retried = False
                op = op.then(answer) if op.then else None


def replay_some(base: str, ledger: Ledger, rnd: random.Random, count: int) -> None:
    """Send acknowledged writes again with their keys, as a client that missed the answer
    would: each must be answered with the first answer, changing nothing."""
    with ledger.lock:
        sample = rnd.sample(list(ledger.acked.values()), min(count, len(ledger.acked)))
    with httpx.Client(base_url=base, timeout=60) as http:
        for ack in sample:
            r = post(http, ack.op)
            ledger.replayed += 1
            if r.status_code != ack.status or r.json() != ack.answer:
                ledger.fail(ack.op, r, "replayed (expected the first answer)")
