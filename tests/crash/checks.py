"""What must hold after every kill and restart, as lists of problems (empty: all is well).

- every acknowledged write is stored exactly once, under the id its answer gave; nothing is
  stored that no client was told about (every unanswered write was retried to completion);
- no Idempotency-Key produced two effects;
- no half-writes: each record has its audit event, each message its deliveries, keys and audit
  event, each notice its history and as many audit events as history events, each stored hit
  its screening's audit event, each stored answer (idempotency row) the object it names;
- the audit chain verifies.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord.api.models import IdempotencyRecord
from concord.audit.chain import Signer
from concord.audit.models import AuditEvent, AuditPayload
from concord.audit.verify import verify_chain
from concord.messaging.models import Delivery, Message, MessageKey
from concord.notices.models import Notice, NoticeEvent
from concord.records.models import Record
from concord.screening.models import ScreeningHit
from tests.conftest import TEST_SECRETS
from tests.crash.workload import Ack, Ledger
from tests.factories import Actor


def _ids(acks: list[Ack], field: str = "id") -> dict[str, str]:
    return {a.op.key: str(a.answer[field]) for a in acks}


def _events(s: Session, action: str) -> Counter[str]:
    rows = s.execute(
        select(AuditEvent.object_id, func.count())
        .where(AuditEvent.action == action)
        .group_by(AuditEvent.object_id)
    ).all()
    return Counter({str(oid): int(n) for oid, n in rows})


def _exactly_once(
    what: str, acked: dict[str, str], stored: dict[str, list[str]], problems: list[str]
) -> int:
    """``acked``: key -> id answered; ``stored``: key -> ids found. Returns duplicates."""
    duplicates = {k: ids for k, ids in stored.items() if len(ids) > 1}
    problems += [f"{what} {k} stored {len(ids)} times: {ids}" for k, ids in duplicates.items()]
    problems += [
        f"{what} {k} acknowledged as {i} but stored as {stored.get(k)}"
        for k, i in acked.items()
        if stored.get(k) != [i]
    ]
    problems += [f"{what} {k} stored but never acknowledged" for k in set(stored) - set(acked)]
    return sum(len(ids) - 1 for ids in duplicates.values())


def records(s: Session, ledger: Ledger, problems: list[str]) -> int:
    """Documents (by their number's key) and notice subjects (by owner_ref), each once, each
    with its one ``record.create`` event; no event of a record that does not exist."""
    docs: dict[str, list[str]] = {}
    by_number = {a.op.body["data"]["number"]: a.op.key for a in ledger.of("record")}
    people: dict[str, list[str]] = {}
    rows = s.execute(select(Record.id, Record.type, Record.key, Record.owner_ref)).all()
    for rid, type_, key, owner_ref in rows:
        if type_ == "document":
            number = str(key).split(":", 1)[1]
            docs.setdefault(by_number.get(number, f"unknown number {number}"), []).append(rid)
        else:
            people.setdefault(owner_ref, []).append(rid)
    dups = _exactly_once("document record", _ids(ledger.of("record")), docs, problems)
    subjects = {a.op.body["owner_ref"]: str(a.answer["id"]) for a in ledger.of("subject")}
    dups += _exactly_once("person record", subjects, people, problems)
    created = _events(s, "record.create")
    ids = {str(r[0]) for r in rows}
    problems += [
        f"record {i} has {created[i]} record.create events" for i in ids if created[i] != 1
    ]
    problems += [f"record.create event of a missing record {i}" for i in set(created) - ids]
    return dups


def sent(base: str, senders: list[Actor]) -> dict[str, list[str]]:
    """Message ids by subject, as the senders list them (the content is encrypted at rest).
    Senders of one country share their NCB's mailbox: a message listed by both counts once
    (a message stored twice has two ids). Call it outside any session of the test: on SQLite
    a session holds the write lock."""
    stored: dict[str, list[str]] = {}
    seen: set[str] = set()
    for actor in senders:
        offset = 0
        while True:
            page = httpx.get(
                f"{base}/api/v1/messages",
                params={"folder": "sent", "limit": 1000, "offset": offset},
                headers=actor.headers,
                timeout=60,
            )
            assert page.status_code == 200, page.text
            items = page.json()["items"]
            if not items:
                break  # this sender's pages are done; the next sender's follow
            for m in items:
                if str(m["id"]) not in seen:
                    seen.add(str(m["id"]))
                    stored.setdefault(str(m["subject"]), []).append(str(m["id"]))
            offset += len(items)
    return stored


def messages(s: Session, stored: dict[str, list[str]], ledger: Ledger, problems: list[str]) -> int:
    """Each message once (``stored``: from :func:`sent`), with a delivery and a content key
    per recipient and its ``message.send`` event."""
    dups = _exactly_once("message", _ids(ledger.of("message")), stored, problems)
    recipients = {str(a.answer["id"]): len(a.op.body["to"]) for a in ledger.of("message")}
    delivered = Counter(str(m) for m in s.execute(select(Delivery.message_id)).scalars())
    keyed = Counter(str(m) for m in s.execute(select(MessageKey.message_id)).scalars())
    sent = _events(s, "message.send")
    ids = {str(m) for m in s.execute(select(Message.id)).scalars()}
    for mid in ids:
        want = recipients.get(mid, 1)
        if delivered[mid] < want or keyed[mid] < want or sent[mid] != 1:
            problems.append(
                f"message {mid}: {delivered[mid]} deliveries, {keyed[mid]} keys for {want} "
                f"recipients, {sent[mid]} message.send events"
            )
    problems += [f"message.send event of a missing message {i}" for i in set(sent) - ids]
    return dups


def notices(s: Session, ledger: Ledger, problems: list[str]) -> int:
    """One notice per subject, each with its ``create`` history event; one submission per
    submitted notice; as many ``notice.*`` audit events as history events, per notice."""
    by_subject: dict[str, list[str]] = {}
    status = {}
    for nid, subject_id, st in s.execute(select(Notice.id, Notice.subject_id, Notice.status)):
        by_subject.setdefault(str(subject_id), []).append(str(nid))
        status[str(nid)] = st
    acked = {str(a.op.body["subject_id"]): str(a.answer["id"]) for a in ledger.of("notice")}
    dups = _exactly_once("notice on subject", acked, by_subject, problems)
    history: dict[str, Counter[str]] = {}
    for nid, action in s.execute(select(NoticeEvent.notice_id, NoticeEvent.action)):
        history.setdefault(str(nid), Counter())[action] += 1
    audited = Counter(
        str(oid)
        for oid in s.execute(
            select(AuditEvent.object_id).where(AuditEvent.action.like("notice.%"))
        ).scalars()
    )
    for nid in status:
        events = history.get(nid, Counter())
        if events["create"] != 1 or events["submit"] > 1:
            problems.append(f"notice {nid} history: {dict(events)}")
        if audited[nid] != sum(events.values()):
            problems.append(f"notice {nid}: {audited[nid]} audit events, history {dict(events)}")
    for a in ledger.of("submit"):
        nid = str(a.answer["id"])
        if history.get(nid, Counter())["submit"] != 1 or status.get(nid) == "draft":
            problems.append(f"notice {nid} acknowledged as submitted, is {status.get(nid)}")
            dups += max(0, history.get(nid, Counter())["submit"] - 1)
    return dups


def screenings(s: Session, ledger: Ledger, problems: list[str]) -> int:
    """Each screening audited once (its key is the query's reference, kept in the payload);
    each hit answered is stored; each stored hit has its screening's event."""
    stored: dict[str, list[str]] = {}
    rows = s.execute(
        select(AuditEvent.object_id, AuditPayload.data)
        .join(AuditPayload, AuditPayload.seq == AuditEvent.seq)
        .where(AuditEvent.action == "screening.query")
    ).all()
    for oid, data in rows:
        reference = json.loads(data).get("reference")
        stored.setdefault(str(reference), []).append(str(oid))
    dups = _exactly_once("screening", _ids(ledger.of("screen"), "screening_id"), stored, problems)
    screened = {str(r[0]) for r in rows}
    hits = {
        str(h): str(sid) for h, sid in s.execute(select(ScreeningHit.id, ScreeningHit.screening_id))
    }
    problems += [
        f"hit {h} of unaudited screening {sid}" for h, sid in hits.items() if sid not in screened
    ]
    answered = {h["id"] for a in ledger.of("screen") for h in a.answer["hits"] if h.get("id")}
    problems += [f"hit {h} answered but not stored" for h in answered - set(hits)]
    return dups


def stored_answers(s: Session, problems: list[str]) -> None:
    """Every answer kept for an Idempotency-Key names an object that exists."""
    objects = {
        str(i) for table in (Record, Message, Notice) for i in s.execute(select(table.id)).scalars()
    }
    screened = set(_events(s, "screening.query"))
    for key, body in s.execute(select(IdempotencyRecord.key, IdempotencyRecord.body)):
        answer: dict[str, Any] = json.loads(body)
        if "screening_id" in answer:
            found = answer["screening_id"] in screened
        else:
            found = answer.get("id") in objects
        if not found:
            problems.append(f"stored answer of {key} names nothing: {str(answer)[:200]}")


def audit_chain(s: Session, problems: list[str]) -> None:
    result = verify_chain(s, Signer.from_seed(TEST_SECRETS["audit_signing_key"]))
    if not result.ok:
        problems.append(f"audit chain broken: {result}")
