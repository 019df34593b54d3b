"""Screening against a snapshot with no server and no network.

:func:`open_snapshot` checks the file (signature first; see :mod:`.reader`), decrypts it in
memory only (no plaintext is ever written) and returns an :class:`OfflineScreener` that answers
document lookups (exact, then with OCR confusions folded: 0/O, 1/I, 5/S, 8/B) and person
searches (every person of the snapshot scored by :func:`concord.screening.names.score_person`).
Records whose review falls due while the snapshot is in use drop out at their deadline, as they
would on the server.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from concord.errors import ValidationFailedError
from concord.records import checks
from concord.screening.engine import OCR_SCORE, parse_mrz_query, profile_of
from concord.screening.index.keys import OCR_FOLD
from concord.screening.names import Decision, PersonProfile, analyze, score_person
from concord.screening.schemas import ScreenQuery
from concord.screening.snapshot.content import records
from concord.screening.snapshot.format import SNAPSHOT, Statement, parse_time
from concord.screening.snapshot.keys import load_private_key, load_verify_key
from concord.screening.snapshot.reader import open_file, read_file

#: Characters an OCR reader confuses, folded to one form for the second, looser lookup.


@dataclass(frozen=True)
class OfflineHit:
    record_id: str
    record_type: str
    owner: str
    label: str
    score: float
    decision: str
    explanation: str
    ocr: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Person:
    entry: dict[str, Any]
    profile: PersonProfile


@dataclass
class OfflineScreener:
    """Answers queries from one opened snapshot, as of ``now``."""

    statement: Statement
    now: datetime
    _documents: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _folded: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _people: list[dict[str, Any]] = field(default_factory=list)
    _profiles: list[_Person] | None = None

    @classmethod
    def from_bytes(
        cls, data: bytes, verify_key: Ed25519PublicKey, private: X25519PrivateKey, now: datetime
    ) -> OfflineScreener:
        opened = open_file(data, verify_key, private, kind=SNAPSHOT, now=now)
        screener = cls(opened.statement, now)
        for item in records(opened.plaintext):
            if "until" in item and parse_time(item["until"]) <= now:
                continue  # past its review deadline: hidden, as on the server
            if item["type"] == "document":
                screener._documents.setdefault(item["key"], []).append(item)
                screener._folded.setdefault(item["key"].translate(OCR_FOLD), []).append(item)
            elif item["type"] == "person":
                screener._people.append(item)
        return screener

    @property
    def country(self) -> str:
        return self.statement.country

    def documents(self, number: str, country: str) -> list[OfflineHit]:
        """Travel documents with this number and issuing country: exact hits (match), else hits
        found only by folding OCR confusions (possible, flagged)."""
        try:
            key = f"{checks.country(country)}:{checks.document_number(number)}"
        except ValueError as exc:
            raise ValidationFailedError(str(exc)) from None
        exact = self._documents.get(key, [])
        if exact:
            return [_doc_hit(item, key, ocr=False) for item in exact]
        found = self._folded.get(key.translate(OCR_FOLD), [])
        return sorted((_doc_hit(item, key, ocr=True) for item in found), key=lambda h: h.record_id)

    def persons(self, profile: PersonProfile, limit: int = 10) -> list[OfflineHit]:
        """The persons scoring at least ``possible`` against ``profile``, best first."""
        hits: list[OfflineHit] = []
        for person in self._person_profiles():
            result = score_person(profile, person.profile)
            if result.decision == Decision.NO:
                continue
            evidence = "; ".join(f"{e.field} {e.how} ({e.detail})" for e in result.evidence)
            item = person.entry
            hits.append(
                OfflineHit(
                    record_id=item["id"],
                    record_type="person",
                    owner=item["owner"],
                    label=item["label"],
                    score=round(result.score, 4),
                    decision=str(result.decision),
                    explanation="; ".join(p for p in (result.name.explain(), evidence) if p),
                )
            )
        hits.sort(key=lambda h: (-h.score, h.record_id))
        return hits[:limit]

    def _person_profiles(self) -> list[_Person]:
        if self._profiles is None:
            self._profiles = [
                _Person(
                    item,
                    PersonProfile(
                        names=tuple(analyze(n) for n in item["names"]),
                        birth_date=item.get("birth_date"),
                        nationalities=tuple(item.get("nationalities", ())),
                        sex=item.get("sex"),
                    ),
                )
                for item in self._people
            ]
        return self._profiles


def _doc_hit(item: dict[str, Any], query_key: str, *, ocr: bool) -> OfflineHit:
    shown, held = query_key.split(":", 1)[1], item["key"].split(":", 1)[1]
    how = (
        f"document number {shown} ~ {held} (OCR confusion: 0/O, 1/I, 5/S, 8/B)"
        if ocr
        else f"document number {shown} = {held} (exact)"
    )
    return OfflineHit(
        record_id=item["id"],
        record_type="document",
        owner=item["owner"],
        label=item["label"],
        score=OCR_SCORE if ocr else 1.0,
        decision=str(Decision.POSSIBLE if ocr else Decision.MATCH),
        explanation=f"{how}; {item['document_type'].replace('_', ' ')} {item['status']}",
        ocr=ocr,
    )


def open_snapshot(
    path: Path,
    pubkey: str | Ed25519PublicKey,
    private_key_path: Path,
    now: datetime,
    *,
    passphrase: bytes | None = None,
) -> OfflineScreener:
    """Check and open a snapshot file with the post's private key; see the module's doc."""
    verify_key = load_verify_key(pubkey) if isinstance(pubkey, str) else pubkey
    private = load_private_key(private_key_path, passphrase)
    return OfflineScreener.from_bytes(read_file(path), verify_key, private, now)


def screen_query(
    screener: OfflineScreener, query: ScreenQuery, limit: int = 10
) -> list[OfflineHit]:
    """Answer a :class:`~concord.screening.schemas.ScreenQuery` from a snapshot: its document,
    its person, and a whole MRZ (the document and its holder; other identifiers are not in
    snapshots). One hit per record, the best way it was found; best hits first."""
    documents: list[tuple[str, str]] = []
    people = []
    if query.document is not None:
        documents.append((query.document.number, query.document.country))
    if query.mrz is not None:
        mrz, holder = parse_mrz_query(query.mrz, screener.now.date())
        documents.append((mrz.document_number, mrz.issuing_state))
        people.append(holder)
    if query.person is not None:
        people.append(query.person)
    hits: list[OfflineHit] = []
    for number, country in documents:
        hits += screener.documents(number, country)
    for person in people:
        hits += screener.persons(profile_of(person), limit)
    best: dict[str, OfflineHit] = {}
    for h in hits:
        if h.record_id not in best or h.score > best[h.record_id].score:
            best[h.record_id] = h
    return sorted(best.values(), key=lambda h: (-h.score, h.record_type, h.record_id))
