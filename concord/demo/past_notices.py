"""The demo's notices of the five past years, with their whole history dated in their year.

Each is what the notices service would have written: its fields validated by the service's
own parser, the compliance checks run as at its submission, a public number (``YYYY/NNNNN``)
from the year's counter, the record it is about, and one history row per step (request,
submission, review, decision; some were sent back for information first, some were cancelled
later when their subject was arrested). They are written in bulk, like the past operations:
the audit trail begins when the demo is loaded and is never backdated, and a workflow replayed
through the services would also stamp today's date on every notification it sent. The
``demo.load`` audit event says how many were loaded.

None has a public extract (the public site shows the load year's notices), and neither the
demo travellers' wanted person nor the stolen passport's holder is a subject, so that the
demo's screening hits stay as they are."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from concord.auth.models import Account
from concord.demo.notices import LANG, POLITICAL, red_fields
from concord.demo.people import COUNTRIES
from concord.demo.screening import passport_and_holder
from concord.notices import compliance, findings
from concord.notices.models import Notice, NoticeCounter, NoticeEvent, NoticeRecord
from concord.notices.service import _title, bump_generation, parse_fields
from concord.notices.types import NoticeType
from concord.records.models import Record
from concord.settings import Settings

#: Red Notices issued in 2024 (anchors) and the demo's scale.
RED_2024, SCALE, GROWTH = 15_548, 2_000, 1.08
#: Refused or cancelled in 2024 (anchors).
REFUSED_2024 = 2_462
#: Other types per Red Notice (notices valid at the end of 2023: Yellow 16,394, Blue 18,179,
#: Black 2,237 for 74,224 Red; Green, Purple and Orange: the demo's guess).
SHARE = {"yellow": 0.22, "blue": 0.24, "black": 0.03, "green": 0.12, "purple": 0.05, "orange": 0.03}
PERSON_TYPES = ("red", "yellow", "blue", "green")
REVIEWER = "gs.reviewer"


@dataclass
class PastNotices:
    notices: int = 0
    published: int = 0
    refused: int = 0
    cancelled: int = 0


def planned(first: int, last: int) -> dict[int, dict[str, int]]:
    """How many notices of each type were published each year, and how many refused: the
    scaled totals rounded year by year (so they grow as the real ones), Red rounded on its
    own, and the other types taking the rest in turn by what each is owed (a type too rare
    for one a year appears every few years)."""
    out: dict[int, dict[str, int]] = {}
    owed = dict.fromkeys(SHARE, 0.0)
    for year in range(first, last + 1):
        red = RED_2024 * GROWTH ** (year - 2024) / SCALE
        counts = dict.fromkeys(("red", *SHARE), 0)
        counts["red"] = round(red)
        for kind, share in SHARE.items():
            owed[kind] += red * share
        for _ in range(round(red * (1 + sum(SHARE.values()))) - counts["red"]):
            kind = max(owed, key=lambda k: owed[k])
            owed[kind] -= 1
            counts[kind] += 1
        counts["refused"] = max(1, round(REFUSED_2024 * GROWTH ** (year - 2024) / SCALE))
        out[year] = counts
    return out


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _fields(kind: str, lang: str, pick: int, year: int, day: date) -> dict[str, Any]:
    if kind == "red":
        return red_fields(lang, pick, warrant=f"W-{year}-{pick + 201:04d}", issued_by="Court")
    if kind == "yellow":
        return {
            "date_of_event": (day - timedelta(days=9)).isoformat(),
            "place_of_event": "Bus station",
            "circumstances": "Missing since leaving home; believed to have travelled abroad.",
        }
    if kind == "blue":
        return {"circumstances": "Locate a witness to a fraud investigation; moves often."}
    if kind == "green":
        return {"circumstances": "Convicted smuggler of migrants, active again in the region."}
    if kind == "black":
        return {
            "body": {
                "found_on": (day - timedelta(days=12)).isoformat(),
                "found_place": "Harbour",
                "sex": "M",
                "estimated_age": "40-50",
                "description": "Scar on the right hand",
            },
            "circumstances": "Body recovered from the sea without documents.",
        }
    if kind == "purple":
        return {
            "modus_operandi": "Fraudsters pose as bank security staff on the telephone and "
            "persuade elderly customers to move their savings to 'safe' accounts.",
            "circumstances": f"Series of cases reported in {year}.",
        }
    return {"circumstances": "Explosive devices hidden in parcels sent to public offices."}


class _Writer:
    """Builds the rows of the past notices (history, numbers, records) and writes them."""

    def __init__(self, session: Session, settings: Settings, rnd: random.Random) -> None:
        self.session, self.settings, self.rnd = session, settings, rnd
        accounts = session.execute(select(Account.username, Account.id))
        self.account = {str(u): str(i) for u, i in accounts}
        self.notices: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.numbers: dict[int, int] = {}
        self.valid_days = round(365.25 * settings.notices_valid_years)

    def number(self, year: int) -> str:
        if year not in self.numbers:
            row = self.session.get(NoticeCounter, year)
            self.numbers[year] = row.seq if row else 0
        self.numbers[year] += 1
        return f"{year}/{self.numbers[year]:05d}"

    def add(
        self,
        kind: str,
        country: str,
        subject: Record | None,
        fields: dict[str, Any],
        lang: str,
        start: datetime,
        outcome: str,
        cancel_at: datetime | None = None,
    ) -> None:
        data = parse_fields(fields)
        ntype = NoticeType(kind)
        checked = findings.as_dicts(
            compliance.check(
                findings.check_input(
                    type=kind,
                    requesting_country=country,
                    fields=data,
                    subject=dict(subject.data) if subject else None,
                    today=start.date(),
                )
            )
        )
        requester = self.account[f"{country.lower()}.operator"]
        notice_id = uuid.UUID(int=self.rnd.getrandbits(128), version=4).hex
        steps: list[tuple[datetime, str, str, str, str | None, str | None]] = []
        at = start
        steps.append((at, requester, "create", "draft", None, None))
        at += timedelta(minutes=self.rnd.randint(10, 90))
        steps.append((at, requester, "submit", "submitted", None, None))
        submitted = at
        at += timedelta(hours=self.rnd.randint(2, 20))
        steps.append((at, REVIEWER, "start_review", "under_review", None, None))
        if outcome == "info":
            at += timedelta(hours=self.rnd.randint(1, 6))
            why = "Give the date and the court of the arrest warrant"
            steps.append((at, REVIEWER, "request_info", "info_requested", why, None))
            at += timedelta(days=self.rnd.randint(2, 6))
            steps.append((at, requester, "resubmit", "submitted", None, None))
            submitted = at
            at += timedelta(hours=self.rnd.randint(2, 20))
            steps.append((at, REVIEWER, "start_review", "under_review", None, None))
        at += timedelta(hours=self.rnd.randint(1, 8))
        published: datetime | None = None
        ground: str | None = None
        if outcome == "refused":
            why = "Predominantly political character (Art. 3)"
            ground = "art3"
            steps.append((at, REVIEWER, "refuse", "refused", why, ground))
        else:
            published = at
            steps.append((at, REVIEWER, "approve", "published", None, None))
            if cancel_at is not None:
                why = "Subject arrested and extradited; the notice is no longer needed"
                steps.append((cancel_at, requester, "cancel", "cancelled", why, None))
        previous: str | None = None
        for when, who, action, status, reason, grnd in steps:
            actor = self.account.get(who, who)
            self.events.append(
                {
                    "notice_id": notice_id,
                    "at": when,
                    "actor_id": actor,
                    "actor_country": "IPSG" if who == REVIEWER else country,
                    "action": action,
                    "from_status": previous,
                    "to_status": status,
                    "reason": reason,
                    "ground": grnd,
                    "findings": checked if action in ("submit", "resubmit") else None,
                }
            )
            previous = status
        self.notices.append(
            {
                "id": notice_id,
                "type": kind,
                "status": previous,
                "requesting_country": country,
                "created_by": requester,
                "language": lang,
                "subject_id": subject.id if subject else None,
                "title": _title(ntype, subject, data),
                "data": data,
                "public": False,
                "entity_id": self.number(published.year) if published else None,
                "findings": checked,
                "pending": None,
                "version": len(steps),
                "created_at": start,
                "updated_at": steps[-1][0],
                "submitted_at": submitted,
                "published_at": published,
                "expires_at": published + timedelta(days=self.valid_days) if published else None,
                "refusal_ground": ground,
            }
        )
        if subject is not None:
            self.links.append({"notice_id": notice_id, "record_id": subject.id})

    def write(self) -> None:
        self.session.execute(insert(Notice), self.notices)
        self.session.execute(insert(NoticeRecord), self.links)
        self.session.execute(insert(NoticeEvent), self.events)
        for year, seq in self.numbers.items():
            row = self.session.get(NoticeCounter, year)
            if row is None:
                self.session.add(NoticeCounter(year=year, seq=seq))
            else:
                row.seq = seq
        bump_generation(self.session)


def _subjects(session: Session) -> dict[str, list[Record]]:
    """Each country's person records the past notices may be about."""
    keep_clear = set()
    pair = passport_and_holder(session)
    if pair is not None:
        keep_clear.add(pair[1].id)
    rows = session.execute(
        select(Record)
        .where(Record.type == "person", Record.restriction == "all")
        .order_by(Record.owner, Record.owner_ref)
    ).scalars()
    out: dict[str, list[Record]] = {}
    for r in rows:
        out.setdefault(r.owner, []).append(r)
    if "DE" in out:  # the demo travellers' wanted person
        keep_clear.add(out["DE"][0].id)
    return {c: [r for r in rs if r.id not in keep_clear] for c, rs in out.items()}


def load_past_notices(
    session: Session, settings: Settings, seed: int, first: int, last: int
) -> PastNotices:
    """The notices of the years ``first`` to ``last``."""
    rnd = random.Random(f"concord-demo-past-notices:{seed}")  # noqa: S311 - reproducible demo
    writer = _Writer(session, settings, rnd)
    subjects = _subjects(session)
    codes = [c.code for c in COUNTRIES if subjects.get(c.code)]
    used = dict.fromkeys(codes, 0)
    out = PastNotices()
    now = datetime.combine(date(last + 1, 1, 1), time(), tzinfo=UTC)
    turn = 0
    for year, plan in planned(first, last).items():
        kinds = [k for k in ("red", *SHARE) for _ in range(plan[k])]
        kinds += ["refused"] * plan["refused"]
        rnd.shuffle(kinds)
        for i, kind in enumerate(kinds):
            country = codes[turn % len(codes)]
            turn += 1
            lang = LANG.get(country, "en")
            day = date(year, 1, 1) + timedelta(days=rnd.randint(0, 350))
            start = _at(day, rnd.randint(7, 16), rnd.randint(0, 59))
            outcome = "refused" if kind == "refused" else ("info" if i % 6 == 5 else "ok")
            ntype = "red" if kind == "refused" else kind
            subject = None
            if ntype in PERSON_TYPES:
                pool = subjects[country]
                subject = pool[used[country] % len(pool)]
                used[country] += 1
            if outcome == "refused":
                fields: dict[str, Any] = {
                    "charges": [{"charge": POLITICAL, "penalty_years": 3}],
                    "warrant": {"reference": f"W-{year}-0999", "issued_by": "Court"},
                }
                lang = "en"
            else:
                fields = _fields(ntype, lang, rnd.randint(0, 99), year, day)
            cancel_at = None
            if ntype == "red" and outcome != "refused" and rnd.random() < 0.2:
                later = start + timedelta(days=rnd.randint(120, 700))
                cancel_at = later if later < now - timedelta(days=1) else None
            writer.add(ntype, country, subject, fields, lang, start, outcome, cancel_at)
            out.notices += 1
            out.refused += outcome == "refused"
            out.published += outcome != "refused"
            out.cancelled += cancel_at is not None
    writer.write()
    return out
