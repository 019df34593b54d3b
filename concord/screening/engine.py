"""Screening one query against the index: no database, no side effects.

A query may carry several things at once (a person, a document, a whole MRZ, a VIN, a plate,
a serial, an IMO); all are searched in one pass, every database at once: exact identifiers
through the index's bulk lookups, the person through its name candidates and full scoring.
An MRZ is parsed (its check digits were verified by :mod:`.schemas`) and both the document and
its holder are screened. Persisting hits, alerts and the audit trail is :mod:`.persist`'s job.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from concord.screening.index import ExactHit, ExactKind, PersonHit, ScreeningIndex, Viewer
from concord.screening.names import PersonProfile, analyze
from concord.screening.schemas import (
    Explanation,
    MrzOut,
    PersonQuery,
    ScreenQuery,
    parse_checked_mrz,
    screening_country,
)

#: An exact identifier found exactly, and one found only after folding OCR confusions.
EXACT_SCORE = 1.0
OCR_SCORE = 0.9
PERSON_LIMIT = 10
_SEXES: dict[str, Literal["M", "F", "X"]] = {"M": "M", "F": "F", "X": "X"}


@dataclass
class Found:
    """A hit before it is persisted: what the engine found and why."""

    record_id: str
    record_type: str
    owner: str
    matched_on: str
    score: float
    decision: str
    summary: str
    explanation: list[Explanation]
    ocr: bool = False


@dataclass
class Outcome:
    """What one query found, and who the traveller is (for clearances)."""

    hits: list[Found]
    traveller: str
    mrz: MrzOut | None = None
    searched: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class _Exact:
    kind: ExactKind
    key: str
    matched_on: str
    field: str
    shown: str


def screen(
    index: ScreeningIndex, query: ScreenQuery, viewer: Viewer, *, limit: int = PERSON_LIMIT
) -> Outcome:
    """Search every database for ``query`` as ``viewer`` may see them."""
    exact: list[_Exact] = []
    people: list[tuple[str, PersonQuery]] = []
    mrz_out: MrzOut | None = None
    if query.document is not None:
        d = query.document
        exact.append(_doc(d.country, d.number, "document"))
    if query.mrz is not None:
        mrz_out, holder = parse_mrz_query(query.mrz, viewer.now.date())
        exact.append(_doc(mrz_out.issuing_state, mrz_out.document_number, "mrz_document"))
        people.append(("mrz_holder", holder))
    if query.person is not None:
        people.append(("person", query.person))
    if query.vin:
        exact.append(_Exact(ExactKind.VIN, query.vin, "vin", "vin", query.vin))
    if query.plate is not None:
        key = f"{query.plate.country or ''}:{query.plate.number}"
        exact.append(_Exact(ExactKind.PLATE, key, "plate", "plate", query.plate.number))
    if query.serial:
        exact.append(_Exact(ExactKind.SERIAL, query.serial, "serial", "serial", query.serial))
    if query.imo:
        exact.append(_Exact(ExactKind.IMO, query.imo, "imo", "imo", query.imo))

    hits = _exact_hits(index, exact, viewer)
    for matched_on, person in people:
        hits += _person_hits(index, person, matched_on, viewer, limit)
    hits = _dedupe(hits)
    hits.sort(key=lambda h: (-h.score, h.record_type, h.record_id))
    return Outcome(hits=hits, traveller=traveller_key(query, mrz_out), mrz=mrz_out)


def _doc(country: str, number: str, matched_on: str) -> _Exact:
    return _Exact(ExactKind.DOCUMENT, f"{country}:{number}", matched_on, "document_number", number)


def parse_mrz_query(text: str, today: date) -> tuple[MrzOut, PersonQuery]:
    m = parse_checked_mrz(text)
    state = _code(m.issuing_state)
    nationality = _code(m.nationality)
    out = MrzOut(
        format=m.format,
        document_code=m.document_code,
        issuing_state=state,
        document_number=m.document_number,
        nationality=nationality,
        birth_date=m.birth_date,
        expiry_date=m.expiry_date,
        sex=m.sex,
        primary_name=m.primary_name,
        secondary_name=m.secondary_name,
        checks=m.checks,
        expired=m.expiry_date < today,
    )
    name = " ".join(p for p in (m.secondary_name, m.primary_name) if p)
    holder = PersonQuery.model_construct(
        names=[name] if name else [m.document_number],
        birth_date=m.birth_date.isoformat() if m.birth_date else None,
        nationality=nationality if len(nationality) == 2 else None,
        sex=_SEXES.get(m.sex),
    )
    return out, holder


def _code(code: str) -> str:
    """An MRZ country code as Concord writes it (``D<<`` → ``DE``); unknown codes stay."""
    try:
        return screening_country(code.replace("<", ""))
    except ValueError:
        return code.replace("<", "")


def _exact_hits(index: ScreeningIndex, wanted: list[_Exact], viewer: Viewer) -> list[Found]:
    by_kind: dict[ExactKind, list[_Exact]] = {}
    for item in wanted:
        by_kind.setdefault(item.kind, []).append(item)
    found: list[Found] = []
    for kind, items in by_kind.items():
        results = index.lookup(kind, [i.key for i in items], viewer)
        for item, hits in zip(items, results, strict=True):
            found += [_exact_found(item, hit) for hit in hits]
    return found


def _exact_found(item: _Exact, hit: ExactHit) -> Found:
    how = "ocr" if hit.ocr else "exact"
    record_value = hit.key.split(":", 1)[-1]
    what = item.field.replace("_", " ")
    summary = (
        f"{what} {item.shown} = {record_value} (exact)"
        if not hit.ocr
        else f"{what} {item.shown} ~ {record_value} (OCR confusion: 0/O, 1/I, 5/S, 8/B)"
    )
    return Found(
        record_id=hit.record_id,
        record_type=hit.record_type,
        owner=hit.owner,
        matched_on=item.matched_on,
        score=OCR_SCORE if hit.ocr else EXACT_SCORE,
        decision="possible" if hit.ocr else "match",
        summary=summary,
        explanation=[Explanation(field=item.field, query=item.shown, record=record_value, how=how)],
        ocr=hit.ocr,
    )


def profile_of(person: PersonQuery) -> PersonProfile:
    names = tuple(analyze(n) for n in person.names)
    return PersonProfile(
        names=names,
        birth_date=person.birth_date,
        nationalities=(person.nationality,) if person.nationality else (),
        sex=person.sex if person.sex in ("M", "F", "X") else None,
    )


def _person_hits(
    index: ScreeningIndex, person: PersonQuery, matched_on: str, viewer: Viewer, limit: int
) -> list[Found]:
    return [
        _person_found(hit, matched_on)
        for hit in index.search_persons(profile_of(person), viewer, limit)
    ]


def _person_found(hit: PersonHit, matched_on: str) -> Found:
    s = hit.score
    parts = [
        Explanation(field="name", query=p.query, record=p.candidate, how=p.how, score=p.score)
        for p in s.name.parts
    ]
    parts += [Explanation(field=e.field, how=e.how, record=e.detail) for e in s.evidence]
    extra = "; ".join(f"{e.field.replace('_', ' ')}: {e.how}" for e in s.evidence)
    summary = s.name.explain() + (f"; {extra}" if extra else "")
    return Found(
        record_id=hit.record_id,
        record_type="person",
        owner=hit.owner,
        matched_on=matched_on,
        score=round(float(s.score), 4),
        decision=str(s.decision),
        summary=summary,
        explanation=parts,
    )


def _dedupe(hits: list[Found]) -> list[Found]:
    """One hit per record: the best-scoring way it was found."""
    best: dict[str, Found] = {}
    for hit in hits:
        seen = best.get(hit.record_id)
        if seen is None or hit.score > seen.score:
            best[hit.record_id] = hit
    return list(best.values())


def traveller_key(query: ScreenQuery, mrz: MrzOut | None) -> str:
    """Who (or what) was screened, as a SHA-256: the document when there is one, else the
    person's name and birth date, else the object's identifier. Clearances use it."""
    if mrz is not None:
        basis = f"doc:{mrz.issuing_state}:{mrz.document_number}"
    elif query.document is not None:
        basis = f"doc:{query.document.country}:{query.document.number}"
    elif query.person is not None:
        tokens = sorted(t for n in query.person.names[:1] for t in analyze(n).tokens)
        basis = f"person:{' '.join(tokens)}|{query.person.birth_date or ''}"
    else:
        basis = "obj:" + "|".join(
            str(v)
            for v in (query.vin, query.plate and query.plate.number, query.serial, query.imo)
            if v
        )
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()
