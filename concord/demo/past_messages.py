"""The demo's messages of the five past years: cases between the demo NCBs, each opened by one
NCB and answered by the other, sent through the messaging service (encrypted under their own
content key, wrapped for every mailbox, signed by the sending mailbox) with the time of their
year, and written in bulk by the service's group-commit path (:func:`concord.messaging.write`).

They were read long ago: their deliveries are written as delivered and read a little after
they were sent, and no in-app notification is recreated for them (it would be dated today and
unread). Each message's audit event is dated the day the demo is loaded, as the trail is:
it is never backdated. Urgent requests were all answered in time, so none is overdue."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.service import principal_for
from concord.demo.people import COUNTRIES
from concord.messaging.keys import KeyStore
from concord.messaging.service import Outgoing, Prepared, prepare, write
from concord.settings import Settings

#: Messages Europol's SIENA carried in 2023 (anchors), the demo's scale and yearly growth.
SIENA_2023, SCALE, GROWTH = 1_790_000, 100_000, 1.08

#: (crime area, case title, opening subject and body, answer) in English: the demo's past
#: exchanges (the load year's, in the countries' languages, are in ``messages.py``).
TOPICS = (
    (
        "drugs",
        "Cocaine shipment via container port",
        "Request for information on a consignee",
        "Please check the consignee of container seized with 120 kg of cocaine.",
        "The consignee is a shell company; its director is known to our services.",
    ),
    (
        "fugitives",
        "Fugitive believed in your country",
        "Location of a Red Notice subject",
        "The subject of our Red Notice may be staying with relatives in your capital.",
        "Subject located and arrested this morning; extradition proceedings started.",
    ),
    (
        "financial_crime",
        "Business e-mail compromise",
        "Freeze of fraudulent transfer",
        "A company here was defrauded of USD 800,000 sent to an account in your country.",
        "The bank froze USD 640,000 on the account; the holder is under investigation.",
    ),
    (
        "vehicle_crime",
        "Stolen vehicles shipped abroad",
        "Stolen cars in a shipment",
        "Three cars reported stolen here are on a vessel bound for your port.",
        "The three cars were found at the port and are held for return.",
    ),
    (
        "human_trafficking",
        "Trafficking of workers",
        "Victims recruited with false job offers",
        "Workers recruited here were taken to farms in your country; please check.",
        "Eleven victims were rescued; two recruiters are in custody.",
    ),
    (
        "cybercrime",
        "Ransomware infrastructure",
        "Servers used by a ransomware group",
        "Two servers hosted in your country control a ransomware campaign.",
        "The servers were seized; images are available on request.",
    ),
    (
        "environmental_crime",
        "Ivory trafficking",
        "Ivory seized at the airport",
        "Forty kilograms of ivory were seized from a passenger arriving from your country.",
        "The sender has been identified and his warehouse searched.",
    ),
    (
        "cultural_property",
        "Stolen icons offered for sale",
        "Icons on an auction site",
        "Two icons stolen from a church here are offered by a dealer in your country.",
        "The dealer handed over both icons; they will be returned.",
    ),
)


def planned(year: int) -> int:
    """Messages exchanged in ``year`` at the demo's scale."""
    return round(SIENA_2023 * GROWTH ** (year - 2023) / SCALE)


def _as(session: Session, code: str) -> Principal:
    username = f"{code.lower()}.operator"
    account = session.execute(select(Account).where(Account.username == username)).scalar_one()
    return principal_for(account)


def _read(p: Prepared, rnd: random.Random) -> Prepared:
    """Delivered and read a little after it was sent; no notification today."""
    for d in p.deliveries:
        d["state"] = "read"
        d["delivered_at"] = p.at + timedelta(minutes=rnd.randint(1, 5))
        d["read_at"] = p.at + timedelta(minutes=rnd.randint(20, 600))
    p.notifications = []
    return p


def load_past_messages(
    session: Session, settings: Settings, seed: int, first: int, last: int
) -> int:
    """The cases and messages of the years ``first`` to ``last``; returns how many messages."""
    rnd = random.Random(f"concord-demo-past-messages:{seed}")  # noqa: S311 - reproducible demo
    store = KeyStore.from_settings(settings)
    codes = [c.code for c in COUNTRIES]
    who = {code: _as(session, code) for code in codes}
    # each case: (opening time, sender, recipient, topic, messages in the case)
    cases: list[tuple[datetime, str, str, int, int]] = []
    for year in range(first, last + 1):
        left = planned(year)
        while left > 0:
            size = min(left, rnd.choice((1, 2, 2, 3)))
            left -= size
            day = date(year, 1, 1) + timedelta(days=rnd.randint(0, 355))
            at = datetime.combine(day, time(rnd.randint(7, 17), rnd.randint(0, 59)), tzinfo=UTC)
            a, b = rnd.sample(codes, 2)
            cases.append((at, a, b, rnd.randrange(len(TOPICS)), size))
    openers: list[Prepared] = []
    for at, a, b, topic, size in cases:
        area, title, subject, body, _ = TOPICS[topic]
        urgent = size > 1 and rnd.random() < 0.3
        out = Outgoing(
            to=[b],
            case_title=f"{title} ({a}-{b})",
            crime_area=area,
            subject=subject,
            body=body,
            priority="urgent" if urgent else "routine",
            handling=rnd.choice(("H0", "H1", "H1", "H2")),
            reliability=rnd.choice(("A", "B", "B", "C")),
            accuracy=rnd.choice((1, 2, 2, 3)),
        )
        openers.append(_read(prepare(session, who[a], store, out, at), rnd))
    write(session, openers)
    count = len(openers)
    previous = openers
    for turn in (1, 2):  # the answer, then the opener's thanks
        batch: list[Prepared] = []
        for case, p in zip(cases, previous, strict=True):
            at, a, b, topic, size = case
            if size <= turn:
                continue
            sender, to = (b, a) if turn == 1 else (a, b)
            _, _, subject, _, answer = TOPICS[topic]
            text = answer if turn == 1 else "Thank you for your quick help; case closed here."
            out = Outgoing(
                to=[to],
                case_id=p.case_id,
                subject=f"Re: {subject}",
                body=text,
                in_reply_to=p.id,
                handling=p.message["handling"],
                reliability=rnd.choice(("A", "B")),
                accuracy=rnd.choice((1, 2)),
            )
            # answered within the reply time of an urgent request (12 hours)
            when = p.at + timedelta(hours=rnd.randint(1, 10))
            batch.append(_read(prepare(session, who[sender], store, out, when), rnd))
        write(session, batch)
        count += len(batch)
        # keep the chain aligned with the cases that go on
        previous = [*_aligned(cases, previous, batch, turn)]
    return count


def _aligned(
    cases: list[tuple[datetime, str, str, int, int]],
    previous: list[Prepared],
    batch: list[Prepared],
    turn: int,
) -> list[Prepared]:
    """For every case, its latest message after ``turn`` (the previous one if none)."""
    it = iter(batch)
    return [next(it) if case[4] > turn else p for case, p in zip(cases, previous, strict=True)]
