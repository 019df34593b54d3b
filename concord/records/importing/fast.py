"""Validating records for import: :func:`concord.records.service.prepare`, with a fast path for
travel documents, the bulk of what is imported.

The fast path calls the same field checks as :class:`~concord.records.types.DocumentData`
(``checks.document_number``, ``checks.country``, ``checks.document_dates``,
``checks.document_check_digit``) without Pydantic's machinery, and builds the content hash from
pre-encoded pieces. It only ever *accepts*: on anything unusual (a type it does not expect,
whitespace Pydantic would strip, a field that fails a check) it steps aside and the record goes
through ``prepare()``, which gives the exact error. So a record the fast path accepts is one
``prepare()`` accepts, with the same result; a Hypothesis test holds it to that.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from json.encoder import encode_basestring
from typing import Any, NamedTuple

from concord.records import checks
from concord.records.service import (
    HANDLING,
    RELIABILITY,
    RESTRICTIONS,
    Prepared,
    RecordInput,
    prepare,
)
from concord.records.types import DocumentData, DocumentStatus, DocumentType, RecordType

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TYPES = frozenset(t.value for t in DocumentType)
_STATUSES = frozenset(s.value for s in DocumentStatus)
_FIELDS = frozenset(DocumentData.model_fields)
_DIGITS = frozenset("0123456789")
_LABELS = {t.value: t.value.replace("_", " ") for t in DocumentType}
_CACHE_LIMIT = 4096
DOCUMENT = RecordType.DOCUMENT.value


class Ready(NamedTuple):
    """A validated record as the importer writes it (``Prepared``, data encoded)."""

    type: str
    key: str | None
    label: str
    content_hash: str
    countries: tuple[str, ...]
    data_json: str

    @classmethod
    def of(cls, prepared: Prepared) -> Ready:
        return cls(
            prepared.type.value,
            prepared.key,
            prepared.label,
            prepared.content_hash,
            prepared.countries,
            canonical(prepared.data),
        )


def canonical(value: Any) -> str:
    """The JSON encoding ``prepare()`` hashes (sorted keys, no spaces, UTF-8 as is)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class DocumentFastPath:
    """Prepares travel documents, or returns None to leave a record to ``prepare()``."""

    def __init__(self, members: frozenset[str] | None, today: date | None = None) -> None:
        self.members = members
        # An earlier 'today' only makes the fast path stricter (a date it calls future goes to
        # prepare(), which decides), so one value per import is safe.
        self.today = today or datetime.now(UTC).date()
        self._countries: dict[str, str | None] = {}
        self._frames: dict[tuple[object, ...], tuple[str, str, tuple[str, ...]] | None] = {}

    def _country(self, value: str) -> str | None:
        """``checks.country``, remembered (for text Pydantic would take unchanged)."""
        try:
            return self._countries[value]
        except KeyError:
            pass
        found = None
        if 0 < len(value) <= 3 and value == value.strip():
            try:
                found = checks.country(value)
            except ValueError:
                found = None
        if len(self._countries) > _CACHE_LIMIT:
            self._countries.clear()
        self._countries[value] = found
        return found

    def _frame(self, record: RecordInput) -> tuple[str, str, tuple[str, ...]] | None:
        """The checks ``prepare()`` makes before the data, and the hashed JSON around the data,
        done once per combination of handling, restriction and countries."""
        raw = record.countries
        key = (tuple(raw) if raw else (), record.handling, record.handling_note,
               record.reliability, record.restriction)  # fmt: skip
        try:
            return self._frames[key]
        except KeyError:
            pass
        except TypeError:  # something unhashable: not for the fast path
            return None
        frame = None
        note = record.handling_note
        if (
            record.reliability in RELIABILITY
            and record.handling in HANDLING
            and record.restriction in RESTRICTIONS
            and (note is None or type(note) is str)
            and all(type(c) is str for c in raw)
        ):
            countries = tuple(sorted({c.upper() for c in raw}))
            listed = (record.restriction == "all") != bool(countries)
            if listed and (self.members is None or self.members.issuperset(countries)):
                head = '{"countries":' + canonical(list(countries)) + ',"data":'
                tail = (
                    f',"handling":{canonical(record.handling)},"note":{canonical(note)},'
                    f'"reliability":{canonical(record.reliability)},'
                    f'"restriction":{canonical(record.restriction)},"type":"document"}}'
                )
                frame = (head, tail, countries)
        if len(self._frames) > _CACHE_LIMIT:
            self._frames.clear()
        self._frames[key] = frame
        return frame

    def __call__(self, record: RecordInput) -> Ready | None:
        if record.type != DOCUMENT:
            return None
        frame = self._frame(record)
        data = record.data
        if frame is None or type(data) is not dict or not _FIELDS.issuperset(data):
            return None
        number, country = data.get("number"), data.get("country")
        kind, status = data.get("document_type"), data.get("status")
        if type(number) is not str or type(country) is not str:
            return None
        if type(kind) is not str or type(status) is not str:
            return None
        if not 0 < len(number) <= 30 or number != number.strip():
            return None
        if kind not in _TYPES or status not in _STATUSES:
            return None
        country = self._country(country)
        if country is None:
            return None
        # Optional fields: None is what Pydantic makes of a missing one.
        issued, expires, reported = (
            data.get("issued_on"),
            data.get("expires_on"),
            data.get("reported_on"),
        )
        digit, holder = data.get("check_digit"), data.get("holder_name")
        try:
            number = checks.document_number(number)
            if issued is not None or expires is not None or reported is not None:
                checks.document_dates(
                    _date(issued), _date(expires), _date(reported), today=self.today
                )
            if digit is not None:
                if type(digit) is not str or len(digit) != 1 or digit not in _DIGITS:
                    return None
                checks.document_check_digit(number, digit)
        except ValueError:
            return None
        if holder is not None:
            if type(holder) is not str or not 0 < len(holder) <= 300 or holder != holder.strip():
                return None
            holder = encode_basestring(holder)
        # The canonical JSON of the data (what canonical(model_dump) gives), spelt out: every
        # value but the holder's name is made of characters JSON writes as they are.
        data_json = (
            "{"
            + (f'"check_digit":"{digit}",' if digit is not None else "")
            + f'"country":"{country}","document_type":"{kind}",'
            + (f'"expires_on":"{expires}",' if expires is not None else "")
            + (f'"holder_name":{holder},' if holder is not None else "")
            + (f'"issued_on":"{issued}",' if issued is not None else "")
            + f'"number":"{number}",'
            + (f'"reported_on":"{reported}",' if reported is not None else "")
            + f'"status":"{status}"}}'
        )
        head, tail, countries = frame
        digest = hashlib.sha256((head + data_json + tail).encode()).hexdigest()
        label = f"{_LABELS[kind]} {country} {number}"
        return tuple.__new__(
            Ready, (DOCUMENT, f"{country}:{number}", label, digest, countries, data_json)
        )


def _date(value: object) -> date | None:
    """A date as Pydantic reads it from ``YYYY-MM-DD`` text; ValueError for anything else."""
    if value is None:
        return None
    if type(value) is not str or not _DATE.fullmatch(value):
        raise ValueError("not for the fast path")
    return date.fromisoformat(value)


def preparer(members: frozenset[str] | None) -> Callable[[RecordInput], Ready]:
    """A function that validates a record like ``prepare()`` (raising its errors) and gives the
    prepared record with its data encoded as stored."""
    fast = DocumentFastPath(members)

    def run(record: RecordInput) -> Ready:
        done = fast(record)
        if done is not None:
            return done
        return Ready.of(prepare(record, members))

    return run
