""":class:`InMemoryIndex`: the screening index of one process.

Exact keys live in one :class:`~.exact.ExactTable` per kind, persons in
:class:`~.persons.PersonColumns` plus an overlay of changed persons. ``apply`` takes the change
feed; past ``merge_threshold`` changed records, the overlays are merged into new arrays.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from concord.screening.index.arrays import Columns
from concord.screening.index.columns import Countries, record_visible
from concord.screening.index.exact import ExactTable
from concord.screening.index.persons import (
    Analyze,
    PersonColumns,
    RankScore,
    Score,
    Tuning,
    key_hashes,
    name_parts,
    profile_of,
    rank,
    rank_score_of,
)
from concord.screening.index.protocol import (
    ExactHit,
    ExactKind,
    IndexedRecord,
    IndexState,
    PersonHit,
    PersonProfile,
    Viewer,
)
from concord.screening.names import analyze, score_person

PERSON_OVERLAY_BYTES = 3000
BUILD_CHUNK = 200_000


def exact_keys(record: IndexedRecord) -> list[tuple[ExactKind, str | None]]:
    """The (kind, key) pairs a record is found by; a None key removes it from that kind."""
    match record.type:
        case "document":
            return [(ExactKind.DOCUMENT, record.key)]
        case "vehicle":
            return [(ExactKind.VIN, record.key), (ExactKind.PLATE, record.plate)]
        case "firearm":
            return [(ExactKind.SERIAL, record.key)]
        case "vessel":
            return [(ExactKind.IMO, record.key)]
    return []


@dataclass
class _Person:
    record: IndexedRecord
    profile: PersonProfile
    keys: frozenset[str]


@dataclass
class InMemoryIndex:
    analyzer: Analyze = field(default=analyze)
    scorer: Score = field(default=score_person)
    #: ``scorer``'s score alone, to rank candidates (only the hits returned are explained);
    #: derived from ``scorer`` when not given.
    rank_scorer: RankScore | None = None
    tuning: Tuning = field(default_factory=Tuning)
    merge_threshold: int = 50_000

    def __post_init__(self) -> None:
        if self.rank_scorer is None:
            self.rank_scorer = rank_score_of(self.scorer)
        self.countries = Countries()
        self.tables = {kind: ExactTable(kind, self.countries) for kind in ExactKind}
        self.persons = PersonColumns.build([], [], self.countries)
        self.person_overlay: dict[str, _Person] = {}
        self._state = IndexState(status="empty")
        self._lock = threading.Lock()
        self._apply_lock = threading.Lock()

    # building --------------------------------------------------------------------------------

    @classmethod
    def from_records(
        cls, records: Iterable[IndexedRecord], seq: int = 0, **kw: object
    ) -> InMemoryIndex:
        index = cls(**kw)  # type: ignore[arg-type]
        index.load(records, seq)
        return index

    def load(self, records: Iterable[IndexedRecord], seq: int = 0) -> None:
        """Build the arrays from scratch (replacing everything); ``seq`` is the change number
        the records are current to."""
        started = time.perf_counter()
        parts: dict[ExactKind, list[Columns]] = {k: [] for k in ExactKind}
        people: list[IndexedRecord] = []
        profiles: list[PersonProfile] = []
        items: dict[ExactKind, list[tuple[str, IndexedRecord]]] = {k: [] for k in ExactKind}
        for n, record in enumerate(records, 1):
            if record.type == "person":
                people.append(record)
                profiles.append(profile_of(record, self.analyzer))
            for kind, key in exact_keys(record):
                if key is not None:
                    items[kind].append((key, record))
            if n % BUILD_CHUNK == 0:
                for kind, chunk in items.items():
                    if chunk:
                        parts[kind].append(Columns.build(kind, chunk, self.countries))
                        chunk.clear()
        for kind, chunk in items.items():
            parts[kind].append(Columns.build(kind, chunk, self.countries))
        columns = {k: Columns.concat(v) for k, v in parts.items()}
        persons = PersonColumns.build(people, profiles, self.countries)
        with self._lock:
            for kind, table in self.tables.items():
                table.replace(columns[kind])
            self.persons, self.person_overlay = persons, {}
            self._state = IndexState(
                status="ready",
                records=self.count(),
                seq=seq,
                progress=1.0,
                built_seconds=round(time.perf_counter() - started, 3),
            )

    def set_state(self, **changes: object) -> None:
        with self._lock:
            self._state = replace(self._state, **changes)  # type: ignore[arg-type]

    # the protocol ----------------------------------------------------------------------------

    def state(self) -> IndexState:
        return self._state  # frozen: a change replaces it whole

    def count(self) -> int:
        persons = int(np.count_nonzero(~self.persons.dead)) + len(self.person_overlay)
        return sum(t.count() for t in self.tables.values()) + persons

    @property
    def nbytes(self) -> int:
        overlay = len(self.person_overlay) * PERSON_OVERLAY_BYTES
        return sum(t.nbytes for t in self.tables.values()) + self.persons.nbytes + overlay

    def lookup(
        self, kind: ExactKind, keys: Sequence[str], viewer: Viewer
    ) -> Sequence[list[ExactHit]]:
        return self.tables[ExactKind(kind)].lookup(keys, viewer)

    def search_persons(
        self, query: PersonProfile, viewer: Viewer, limit: int = 10
    ) -> list[PersonHit]:
        if not query.names:
            return []
        keys = sorted({k for n in query.names for k in n.keys})
        hashes = key_hashes(keys)
        with self._lock:
            cols, overlay = self.persons, self.person_overlay
        rows = cols.candidates(hashes, viewer, self.countries, self.tuning)
        close, known = cols.near(query, viewer, self.countries, self.tuning)
        rows = np.union1d(rows, close)
        found: list[tuple[float, str, str, PersonProfile]] = []
        ranker = self.rank_scorer
        assert ranker is not None  # set in __post_init__
        if len(rows):
            pre = cols.prescore(query, rows, self.tuning, known)
            most = self.tuning.scored + self.tuning.extra
            if len(rows) > most:  # only the best pre-scores can reach the scorer
                top = np.argpartition(-pre, most - 1)[:most]
                rows, pre = rows[top], pre[top]
            profiles = [cols.profiles[r] for r in rows]
            hexes = cols.ids[rows].tobytes().hex()
            for i, s in rank(query, profiles, pre, ranker, self.tuning, limit):
                owner = self.countries.codes[cols.owners[rows[i]]]
                found.append((s, hexes[32 * i : 32 * i + 32], owner, profiles[i]))
        if overlay:
            wanted = set(keys)
            near = [
                p
                for p in overlay.values()
                if not wanted.isdisjoint(p.keys) and record_visible(p.record, viewer)
            ]
            for p in near:
                ranked = ranker(query, p.profile)
                if ranked is not None:
                    found.append((ranked, p.record.id, p.record.owner, p.profile))
        found.sort(key=lambda f: (-f[0], f[1]))
        return [
            PersonHit(record_id=i, owner=o, score=self.scorer(query, profile))
            for _s, i, o, profile in found[:limit]
        ]

    def apply(self, records: Iterable[IndexedRecord], deleted: Iterable[str], seq: int) -> None:
        with self._apply_lock:
            records, deleted = list(records), list(deleted)
            for kind, table in self.tables.items():
                upserts = [(key, r) for r in records for k, key in exact_keys(r) if k == kind]
                if upserts or deleted:
                    table.apply(upserts, deleted)
            changed = [r.id for r in records if r.type == "person"]
            self._apply_persons(records, deleted, changed)
            if self._overlay_size() > self.merge_threshold:
                self.merge()
            with self._lock:
                self._state = replace(self._state, seq=max(seq, self._state.seq))
            count = self.count()
            with self._lock:
                self._state = replace(self._state, records=count)

    def _overlay_size(self) -> int:
        return sum(len(t.overlay) for t in self.tables.values()) + len(self.person_overlay)

    def _apply_persons(
        self, records: list[IndexedRecord], deleted: list[str], changed: list[str]
    ) -> None:
        cols = self.persons
        gone = [i for i in deleted + changed if i not in self.person_overlay]
        rows = _rows_of(cols.ids, gone)
        overlay = dict(self.person_overlay)
        for record_id in deleted + changed:
            overlay.pop(record_id, None)
        for r in records:
            if r.type == "person":
                profile = profile_of(r, self.analyzer)
                keys = frozenset(k for n in profile.names for k in n.keys)
                overlay[r.id] = _Person(r, profile, keys)
        with self._lock:
            cols.dead[rows] = True
            self.person_overlay = overlay

    def merge(self) -> None:
        """Merge every overlay into new arrays (runs in the applying thread)."""
        for table in self.tables.values():
            if table.overlay or table.columns.live_count() != len(table.columns.hashes):
                table.merge()
        cols, overlay = self.persons, list(self.person_overlay.values())
        live = np.flatnonzero(~cols.dead)
        if not overlay and len(live) == len(cols.dead):
            return
        fresh = PersonColumns.build(
            [p.record for p in overlay], [p.profile for p in overlay], self.countries
        )
        merged = _merge_persons(cols, live, fresh)
        with self._lock:
            self.persons, self.person_overlay = merged, {}


def _rows_of(ids: npt.NDArray[np.uint8], wanted: Sequence[str]) -> npt.NDArray[np.int64]:
    if not wanted or not len(ids):
        return np.empty(0, np.int64)
    w = np.frombuffer(bytes.fromhex("".join(wanted)), dtype=np.uint64).reshape(-1, 2)
    rows = np.flatnonzero(np.isin(ids.view(np.uint64)[:, 0], w[:, 0]))
    pairs = {(int(a), int(b)) for a, b in w}
    return rows[[(int(a), int(b)) in pairs for a, b in ids[rows].view(np.uint64)]]


def _merge_persons(
    cols: PersonColumns, live: npt.NDArray[np.int64], fresh: PersonColumns
) -> PersonColumns:
    from concord.screening.index.columns import Restrictions

    renumber = np.full(len(cols.dead), -1, dtype=np.int64)
    renumber[live] = np.arange(len(live))
    old_k, old_r = cols.pairs()
    keep = renumber[old_r] >= 0
    new_k, new_r = fresh.pairs()
    pairs_k = np.concatenate([old_k[keep], new_k])
    pairs_r = np.concatenate([renumber[old_r[keep]], new_r.astype(np.int64) + len(live)])
    order = np.lexsort((pairs_r, pairs_k))
    pairs_k, pairs_r = pairs_k[order], pairs_r[order].astype(np.uint32)
    keys, first = np.unique(pairs_k, return_index=True)
    texts: list[str] = []
    starts = [0]
    profiles = [cols.profiles[i] for i in live] + fresh.profiles
    vocab, part_start, parts = name_parts(profiles)
    for p in profiles:
        texts.extend(n.text for n in p.names)
        starts.append(len(texts))
    restricted = cols.restrictions.entries(live) + [
        (len(live) + r, k, cs) for r, k, cs in fresh.restrictions.entries()
    ]
    return PersonColumns(
        ids=np.concatenate([cols.ids[live], fresh.ids]),
        owners=np.concatenate([cols.owners[live], fresh.owners]),
        review=np.concatenate([cols.review[live], fresh.review]),
        restrictions=Restrictions.build(restricted),
        dead=np.zeros(len(profiles), dtype=bool),
        profiles=profiles,
        texts=texts,
        text_start=np.array(starts, dtype=np.int64),
        keys=keys,
        key_start=np.append(first, len(pairs_k)).astype(np.int64),
        postings=pairs_r,
        vocab=vocab,
        part_start=part_start,
        parts=parts,
    )
