"""What the screening service asks of an index, and what the index is fed.

:class:`ScreeningIndex` is the seam: :class:`~.memory.InMemoryIndex` implements it in one
process; another implementation (shared memory, a search server) can replace it without the
service noticing. Access filtering is the index's job and mirrors
:mod:`concord.records.access` exactly: a record a viewer may not read is never returned, nor
counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from concord.records.models import Record
from concord.screening.names import PersonProfile as PersonProfile
from concord.screening.names import PersonScore


class ExactKind(StrEnum):
    DOCUMENT = "document"
    VIN = "vin"
    PLATE = "plate"
    SERIAL = "serial"
    IMO = "imo"


#: The record type each kind of key belongs to.
RECORD_TYPE_OF: dict[ExactKind, str] = {
    ExactKind.DOCUMENT: "document",
    ExactKind.VIN: "vehicle",
    ExactKind.PLATE: "vehicle",
    ExactKind.SERIAL: "firearm",
    ExactKind.IMO: "vessel",
}


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who screens: a member country, or the General Secretariat (``country=None``)."""

    country: str | None
    now: datetime


@dataclass(frozen=True, slots=True)
class ExactHit:
    record_id: str
    record_type: str
    owner: str
    kind: ExactKind
    key: str  # the record's normalised key (after folding, when ``ocr``, the query's differs)
    ocr: bool  # found only after folding OCR confusions (0/O, 1/I, 5/S, 8/B)
    status: str | None = None  # a document's status (stolen, lost, revoked, ...)


@dataclass(frozen=True, slots=True)
class PersonHit:
    record_id: str
    owner: str
    score: PersonScore


@dataclass(frozen=True)
class IndexState:
    status: str  # "empty" | "building" | "ready" | "failed"
    records: int = 0
    seq: int = 0
    progress: float = 0.0
    error: str | None = None
    built_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class IndexedRecord:
    """What the index keeps of one record: its access fields, its keys and, for persons, what
    name screening compares."""

    id: str
    type: str
    owner: str
    restriction: str  # all | only | except
    review_at: datetime
    countries: tuple[str, ...] = ()
    key: str | None = None
    version: int = 1
    status: str | None = None  # documents
    plate: str | None = None  # vehicles: "CC:PLATE" besides the VIN in ``key``
    names: tuple[str, ...] = ()  # persons
    birth_date: str | None = None
    nationalities: tuple[str, ...] = ()
    sex: str | None = None
    seq: int = field(default=0, compare=False)

    @classmethod
    def from_record(cls, record: Record, countries: Iterable[str]) -> IndexedRecord:
        return cls.from_values(
            id=record.id,
            type=record.type,
            owner=record.owner,
            restriction=record.restriction,
            review_at=record.review_at,
            countries=countries,
            key=record.key,
            version=record.version,
            data=record.data,
            seq=record.change_seq,
        )

    @classmethod
    def from_values(
        cls,
        *,
        id: str,
        type: str,
        owner: str,
        restriction: str,
        review_at: datetime,
        countries: Iterable[str],
        key: str | None,
        version: int,
        data: dict[str, Any],
        seq: int = 0,
    ) -> IndexedRecord:
        extra: dict[str, Any] = {}
        if type == "document":
            extra["status"] = data.get("status")
        elif type == "vehicle" and data.get("plate"):
            extra["plate"] = f"{data.get('plate_country') or ''}:{data['plate']}"
            if not data.get("vin"):
                key = None  # the key is the plate, indexed as such
        elif type == "vessel" and not (key or "").startswith("IMO"):
            key = None  # an MMSI: not an exact kind of the index
        elif type == "person":
            names = []
            for n in data.get("names", []):
                text = n.get("full") or " ".join(p for p in (n.get("given"), n.get("family")) if p)
                if text:
                    names.append(text)
            sex = data.get("sex")
            extra = {
                "names": tuple(names),
                "birth_date": data.get("birth_date"),
                "nationalities": tuple(data.get("nationalities") or ()),
                "sex": sex if sex in ("M", "F", "X") else None,
            }
        return cls(
            id=id,
            type=type,
            owner=owner,
            restriction=restriction,
            review_at=review_at,
            countries=tuple(sorted(countries)),
            key=key,
            version=version,
            seq=seq,
            **extra,
        )


class ScreeningIndex(Protocol):
    def state(self) -> IndexState: ...

    def lookup(
        self, kind: ExactKind, keys: Sequence[str], viewer: Viewer
    ) -> Sequence[list[ExactHit]]: ...

    def search_persons(
        self, query: PersonProfile, viewer: Viewer, limit: int = 10
    ) -> list[PersonHit]: ...

    def apply(self, records: Iterable[IndexedRecord], deleted: Iterable[str], seq: int) -> None: ...
