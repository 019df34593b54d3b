"""What the public notices API holds in memory, and how it fills it.

- An :class:`Index`: the public notices of one type, read from the database in one query and
  prepared once (records parsed, names folded) so that every search filters in memory.
- Whole :class:`Answer`\\ s by URL.

Both are tagged with the notices generation (:func:`concord.notices.service.generation`,
bumped in the same transaction as every change to any notice): the first request that reads a
newer generation drops everything, so a notice leaves the public answers the moment its state
changes, in every process. Entries also leave after ``ttl`` seconds (so changes to a subject's
record show within that time) and the moment the first notice they hold expires."""

from __future__ import annotations

import calendar
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import structlog
from pydantic import ValidationError
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from concord.notices.models import Notice
from concord.notices.query import in_circulation
from concord.notices.types import RULES, NoticeFields
from concord.records.models import Record
from concord.records.types import PersonData

log = structlog.get_logger("concord.notices.public")

_CONSENTED = [t.value for t, r in RULES.items() if r.may_be_public and not r.always_public]
_ALWAYS = [t.value for t, r in RULES.items() if r.always_public]
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "\u0131": "i"}
)
_SEPARATORS = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name or text: diacritics and Arabic
    vowel marks dropped, anything but letters and digits turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LETTERS)
    return " ".join(_SEPARATORS.split(bare.replace("\u0640", ""))).strip()  # and tatweel


def is_latin(folded: str) -> bool:
    """True if every letter of a folded text is a Latin (ASCII) letter."""
    return all(c.isascii() for c in folded if c.isalpha())


@dataclass(frozen=True)
class NameKey:
    """One name of a subject, folded. A name written only whole is both forename and name."""

    forename: str
    name: str
    latin: bool


@dataclass(frozen=True)
class Entry:
    """One public notice, ready to filter and render. ``kind`` is its URL collection."""

    kind: str  # red | yellow | un/persons | un/entities
    entity_id: str
    notice_id: str
    language: str
    requesting_country: str | None
    published_at: datetime
    fields: NoticeFields
    person: PersonData | None
    names: tuple[NameKey, ...]
    #: folded names, aliases and charges, for ``freeText``
    text: str


Stamp = tuple[int, datetime, str | None]  # notice version and update time, record content hash


@dataclass(frozen=True)
class Index:
    """The public notices of one type, newest first."""

    entries: tuple[Entry, ...]
    by_id: dict[str, Entry]
    #: the first expiry among them: the index is stale from then on
    valid_until: datetime | None
    #: by notice id, what each entry was built from (``None``: unreadable), reused next time
    built: dict[str, tuple[Stamp, Entry | None]] = field(default_factory=dict)


def is_public(now: datetime) -> ColumnElement[bool]:
    """SQL condition: the notices the public may see. Published, in circulation, and consented
    to (Red, Yellow) or always public (UN Special Notices); never any other type."""
    return and_(
        in_circulation(now),
        Notice.entity_id.is_not(None),
        or_(and_(Notice.type.in_(_CONSENTED), Notice.public.is_(True)), Notice.type.in_(_ALWAYS)),
    )


def _entry(notice: Notice, record: dict[str, Any] | None) -> Entry | None:
    try:
        fields = NoticeFields.model_validate(notice.data)
        person = PersonData.model_validate(record) if record is not None else None
    except ValidationError:
        log.warning("public_notice_unreadable", notice_id=notice.id)
        return None
    if notice.entity_id is None or (person is None and fields.entity is None):
        return None  # e.g. the subject's record is gone
    kind = notice.type
    if kind == "un":
        kind = "un/persons" if person is not None else "un/entities"
    keys: list[NameKey] = []
    words = [c.charge for c in fields.charges]
    words += [t for c in fields.charges for t in c.charge_translation.values()]
    for n in person.names if person else []:
        given, family, whole = fold(n.given or ""), fold(n.family or ""), fold(n.display())
        if not given and not family:
            given = family = whole
        keys.append(NameKey(given, family, is_latin(whole)))
        words.append(n.display())
    if person is None and fields.entity is not None:
        for text in [fields.entity.name, *fields.entity.aliases]:
            keys.append(NameKey(fold(text), fold(text), is_latin(fold(text))))
            words.append(text)
    return Entry(
        kind=kind,
        entity_id=notice.entity_id,
        notice_id=notice.id,
        language=notice.language,
        requesting_country=notice.requesting_country,
        published_at=notice.published_at or notice.updated_at,
        fields=fields,
        person=person,
        names=tuple(keys),
        text=fold(" ".join(words)),
    )


def load_index(session: Session, type_: str, now: datetime, previous: Index | None) -> Index:
    """The public notices of ``type_``. Entries of ``previous`` whose notice and record have not
    changed are reused: only new or changed notices are read in full and parsed."""
    public = (Notice.type == type_, is_public(now))
    joined = (Record, Record.id == Notice.subject_id)
    light = session.execute(
        select(Notice.id, Notice.version, Notice.updated_at, Notice.expires_at, Record.content_hash)
        .outerjoin(*joined)
        .where(*public)
    ).all()
    stamps: dict[str, Stamp] = {r[0]: (r[1], r[2], r[4]) for r in light}
    built = {
        nid: kept
        for nid, kept in (previous.built.items() if previous else ())
        if stamps.get(nid) == kept[0]
    }
    missing = [nid for nid in stamps if nid not in built]
    if missing:
        full = select(Notice, Record.data).outerjoin(*joined).where(*public)
        if len(missing) <= 500:
            full = full.where(Notice.id.in_(missing))
        for notice, data in session.execute(full).all():
            if notice.id in stamps and notice.id not in built:
                built[notice.id] = (stamps[notice.id], _entry(notice, data))
    entries = sorted(
        (e for nid, (_, e) in built.items() if e is not None and nid in stamps),
        key=lambda e: (e.published_at, e.entity_id),
        reverse=True,
    )
    expiry = min((r[3] for r in light if r[3] is not None), default=None)
    return Index(tuple(entries), {e.entity_id: e for e in entries}, expiry, built)


@dataclass(frozen=True)
class Filters:
    """A search, folded. ``given`` keeps the parameters as given (echoed, kept in links)."""

    page: int
    per_page: int
    name: str = ""
    free_text: str = ""
    forename: str = ""
    nationality: str = ""
    age_min: int | None = None
    age_max: int | None = None
    sex: str = ""
    warrant_country: str = ""
    given: dict[str, str | int] = field(default_factory=dict)

    @property
    def about_persons(self) -> bool:
        ages = self.age_min is not None or self.age_max is not None
        return bool(self.forename or self.nationality or self.sex or ages)


def sex_id(person: PersonData) -> str:
    """The service's F, M or U (Concord's X, another sex, is U there)."""
    return person.sex.value if person.sex.value in ("F", "M") else "U"


def ages(born: str, today: date) -> tuple[int, int]:
    """Youngest and oldest age a birth date (``YYYY[-MM[-DD]]``) allows ``today``."""
    parts = [int(p) for p in born.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 0
    first = date(year, month or 1, parts[2] if len(parts) > 2 else 1)
    last = first
    if len(parts) < 3:
        last = date(year, month or 12, calendar.monthrange(year, month or 12)[1])

    def age(d: date) -> int:
        return today.year - d.year - ((today.month, today.day) < (d.month, d.day))

    return age(last), age(first)


def matches(e: Entry, f: Filters, today: date) -> bool:
    """Does a public notice answer a search? Names: any of the subject's names, part of a
    name, case and accents ignored; a Latin-script search looks at Latin-script names."""
    p = e.person
    if f.about_persons and p is None:
        return False
    if f.free_text and not all(w in e.text for w in f.free_text.split()):
        return False
    if f.forename or f.name:
        latin = is_latin(f.forename + f.name)
        names = [k for k in e.names if k.latin or not latin]
        if not any(f.forename in k.forename and f.name in k.name for k in names):
            return False
    if f.warrant_country:
        issuers = {c.issuing_country or e.requesting_country for c in e.fields.charges}
        if f.warrant_country not in (issuers or {e.requesting_country}):
            return False
    if p is None or not f.about_persons:
        return True
    if (f.nationality and f.nationality not in p.nationalities) or f.sex not in ("", sex_id(p)):
        return False
    if f.age_min is None and f.age_max is None:
        return True
    if not p.birth_date:
        return False
    youngest, oldest = ages(p.birth_date, today)
    high = f.age_max if f.age_max is not None else 999
    return oldest >= (f.age_min or 0) and youngest <= high


@dataclass(frozen=True)
class Answer:
    body: bytes
    etag: str
    valid_until: datetime | None


T = TypeVar("T", Index, Answer)


@dataclass
class _Kept(Generic[T]):
    value: T
    stamp: float


class PublicCache:
    """In-process, thread-safe. ``ttl`` 0 turns it off; at most ``max_answers`` answers are
    kept (least recently used go first), so arbitrary query strings cannot exhaust memory."""

    def __init__(self, ttl: float, max_answers: int = 4096) -> None:
        self.ttl = ttl
        self.max_answers = max_answers
        self.generation = -1
        self._indexes: dict[str, _Kept[Index]] = {}
        self._last: dict[str, Index] = {}  # survives generations: reused by the next build
        self._answers: OrderedDict[str, _Kept[Answer]] = OrderedDict()
        self._lock = threading.Lock()

    def _current(self, generation: int) -> bool:
        """Move to ``generation`` if newer (dropping everything); False if it is older."""
        if generation > self.generation:
            self._indexes.clear()
            self._answers.clear()
            self.generation = generation
        return generation == self.generation and self.ttl > 0

    def _fresh(self, kept: _Kept[Index] | _Kept[Answer], now: datetime) -> bool:
        until = kept.value.valid_until
        return time.monotonic() - kept.stamp < self.ttl and (until is None or now < until)

    def index(self, type_: str, generation: int, now: datetime) -> Index | None:
        with self._lock:
            kept = self._indexes.get(type_) if self._current(generation) else None
            return kept.value if kept is not None and self._fresh(kept, now) else None

    def last_index(self, type_: str) -> Index | None:
        """The last index built, fresh or not: a basis for the next one."""
        with self._lock:
            return self._last.get(type_)

    def keep_index(self, type_: str, generation: int, index: Index) -> None:
        with self._lock:
            self._last[type_] = index
            if self._current(generation):
                self._indexes[type_] = _Kept(index, time.monotonic())

    def answer(self, key: str, generation: int, now: datetime) -> Answer | None:
        with self._lock:
            kept = self._answers.get(key) if self._current(generation) else None
            if kept is None or not self._fresh(kept, now):
                return None
            self._answers.move_to_end(key)
            return kept.value

    def keep_answer(self, key: str, generation: int, answer: Answer) -> None:
        with self._lock:
            if not self._current(generation):
                return
            self._answers[key] = _Kept(answer, time.monotonic())
            self._answers.move_to_end(key)
            while len(self._answers) > self.max_answers:
                self._answers.popitem(last=False)
