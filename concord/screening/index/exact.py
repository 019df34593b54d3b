"""One kind of exact key (documents, VINs, plates, serials, IMO numbers): compact arrays for
bulk lookups, and an overlay of recent changes.

The compact arrays are :class:`~.arrays.Columns` (31 bytes a record). Changes go to the
overlay (records kept whole, looked up through a small sorted array of their hashes) and mark
the rows they replace as deleted; past a threshold the overlay is merged into new arrays (no
reload).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

from concord.screening.index.arrays import DEAD, MASK, STATUS_SHIFT, STATUSES, Columns
from concord.screening.index.columns import Countries, Rows, record_visible, visible
from concord.screening.index.keys import MASK_BITS, OCR_FOLD, hash_keys, normalise_key
from concord.screening.index.protocol import (
    RECORD_TYPE_OF,
    ExactHit,
    ExactKind,
    IndexedRecord,
    Viewer,
)

OVERLAY_ENTRY_BYTES = 400  # what one overlay record costs in Python objects, roughly
_UNFOLD = {"0": "O", "1": "I", "5": "S", "8": "B"}


@dataclass(frozen=True)
class Entry:
    hash: int
    mask: int
    key: str
    record: IndexedRecord


class Hits(Sequence[list[ExactHit]]):
    """One list of hits per key looked up, without a list object for each key that found
    nothing (most of them): a million empty lists cost more than the lookup itself."""

    __slots__ = ("_found", "_n")

    def __init__(self, n: int) -> None:
        self._n = n
        self._found: dict[int, list[ExactHit]] = {}

    def add(self, i: int, hit: ExactHit) -> None:
        found = self._found.get(i)
        if found is None:
            self._found[i] = [hit]
        else:
            found.append(hit)

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> list[ExactHit]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[ExactHit]]: ...
    def __getitem__(self, i: int | slice) -> list[ExactHit] | list[list[ExactHit]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        return list(self._found.get(i % self._n, ()))

    def __iter__(self) -> Iterator[list[ExactHit]]:
        return (list(self._found.get(i, ())) for i in range(self._n))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(other) == self._n and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))

    def found(self) -> dict[int, list[ExactHit]]:
        """The keys that found something, by position."""
        return self._found


class ExactTable:
    """Everything the index knows about one kind of key."""

    def __init__(self, kind: ExactKind, countries: Countries) -> None:
        self.kind = kind
        self.record_type = RECORD_TYPE_OF[kind]
        self.countries = countries
        self.columns = Columns.empty()
        self.overlay: dict[str, Entry] = {}
        self._overlay_hashes = np.empty(0, np.uint64)
        self._overlay_entries: list[Entry] = []
        self.lock = threading.Lock()

    @property
    def nbytes(self) -> int:
        return self.columns.nbytes + len(self.overlay) * OVERLAY_ENTRY_BYTES

    def replace(self, columns: Columns) -> None:
        with self.lock:
            self.columns = columns
            self.overlay = {}
            self._overlay_entries = []
            self._overlay_hashes = np.empty(0, np.uint64)

    def count(self) -> int:
        return self.columns.live_count() + len(self.overlay)

    def lookup(self, values: Sequence[str], viewer: Viewer) -> Hits:
        out = Hits(len(values))
        if values:
            self._lookup(values, viewer, out)
        return out

    def _lookup(self, values: Sequence[str], viewer: Viewer, out: Hits) -> None:
        hashes, masks, valid = hash_keys(self.kind, values)
        with self.lock:
            c = self.columns
            queries, rows = c.find(hashes)
            overlay_hashes, entries = self._overlay_hashes, self._overlay_entries
            if len(rows):  # usually nothing is found at a border: then skip the filtering
                keep = valid[queries] & ((c.meta[rows] & DEAD) == 0)
                queries, rows = queries[keep], rows[keep]
                keep = visible(rows, c.owners, c.review, c.restrictions, viewer, self.countries)
                queries, rows = queries[keep], rows[keep]
                meta = c.meta[rows]
                hexes = c.ids[rows].tobytes().hex()
                owners = c.owners[rows]
        if len(rows):
            self._emit(values, masks, queries, rows, meta, hexes, owners, out)
        if len(overlay_hashes):
            self._lookup_overlay(values, hashes, masks, valid, viewer, overlay_hashes, entries, out)

    def _emit(
        self,
        values: Sequence[str],
        masks: npt.NDArray[np.uint16],
        queries: npt.NDArray[np.intp],
        rows: npt.NDArray[np.intp],
        meta: npt.NDArray[np.uint16],
        hexes: str,
        owners: npt.NDArray[np.uint8],
        out: Hits,
    ) -> None:
        ocr = (meta & MASK) != masks[queries]
        codes = self.countries.codes
        for i, (q, o, m, flag) in enumerate(zip(queries.tolist(), owners, meta, ocr, strict=True)):
            out.add(
                q,
                ExactHit(
                    record_id=hexes[32 * i : 32 * i + 32],
                    record_type=self.record_type,
                    owner=codes[o],
                    kind=self.kind,
                    key=self._record_key(values[q], int(m) & MASK, bool(flag)),
                    ocr=bool(flag),
                    status=STATUSES[int(m) >> STATUS_SHIFT & 7] or None,
                ),
            )

    def _lookup_overlay(
        self,
        values: Sequence[str],
        hashes: npt.NDArray[np.uint64],
        masks: npt.NDArray[np.uint16],
        valid: npt.NDArray[np.bool_],
        viewer: Viewer,
        overlay_hashes: npt.NDArray[np.uint64],
        entries: list[Entry],
        out: Hits,
    ) -> None:
        left = np.searchsorted(overlay_hashes, hashes)
        at = np.minimum(left, len(overlay_hashes) - 1)
        for q in np.flatnonzero((overlay_hashes[at] == hashes) & valid):
            i = int(left[q])
            while i < len(entries) and entries[i].hash == int(hashes[q]):
                e = entries[i]
                i += 1
                if not record_visible(e.record, viewer):
                    continue
                flag = e.mask != int(masks[q])
                out.add(
                    int(q),
                    ExactHit(
                        e.record.id,
                        self.record_type,
                        e.record.owner,
                        self.kind,
                        e.key,
                        flag,
                        e.record.status,
                    ),
                )

    def _record_key(self, value: str, mask: int, ocr: bool) -> str:
        """The record's key: the query's, with the record's letters put back when found by
        folding (exact for keys of up to 12 characters)."""
        key = normalise_key(self.kind, value) or value
        if not ocr or len(key.encode()) > MASK_BITS or not key.isascii():
            return key
        folded = key.translate(OCR_FOLD)
        return "".join(_UNFOLD.get(ch, ch) if mask >> i & 1 else ch for i, ch in enumerate(folded))

    # changes -------------------------------------------------------------------------------

    def apply(
        self, upserts: Sequence[tuple[str | None, IndexedRecord]], deleted: Sequence[str]
    ) -> None:
        """Replace or remove records: their old rows are marked deleted, their new versions go
        to the overlay."""
        c = self.columns
        dead: list[Rows] = []
        scan = list(deleted)
        keyed = [(k, r) for k, r in upserts if k is not None]
        if keyed:
            hashes, masks, valid = hash_keys(self.kind, [k for k, _r in keyed])
            queries, rows = c.find(hashes)
            hexes = c.ids[rows].tobytes().hex()
            found = {hexes[32 * i : 32 * i + 32] for i in range(len(rows))}
            same = [
                i for i, q in enumerate(queries) if hexes[32 * i : 32 * i + 32] == keyed[q][1].id
            ]
            dead.append(rows[same])
        else:
            hashes, masks, valid, found = np.empty(0, np.uint64), None, None, set()
        for _key, record in upserts:
            if record.id not in found and record.id not in self.overlay and record.version > 1:
                scan.append(record.id)
        dead.append(c.rows_of(scan))
        entries = dict(self.overlay)
        for record_id in deleted:
            entries.pop(record_id, None)
        for _key, record in upserts:
            entries.pop(record.id, None)
        for i, (key, record) in enumerate(keyed):
            assert masks is not None and valid is not None
            if valid[i]:
                norm = normalise_key(self.kind, key) or key
                entries[record.id] = Entry(int(hashes[i]), int(masks[i]), norm, record)
        ordered = sorted(entries.values(), key=lambda e: e.hash)
        with self.lock:
            for rows in dead:
                c.meta[rows] |= DEAD
            self.overlay = entries
            self._overlay_entries = ordered
            self._overlay_hashes = np.array([e.hash for e in ordered], dtype=np.uint64)

    def merge(self) -> None:
        """Fold the overlay into new arrays and drop deleted rows."""
        c, entries = self.columns, list(self.overlay.values())
        live = np.flatnonzero((c.meta & DEAD) == 0)
        fresh = Columns.build(self.kind, [(e.key, e.record) for e in entries], self.countries)
        restricted = c.restrictions.entries(live) + [
            (len(live) + r, k, cs) for r, k, cs in fresh.restrictions.entries()
        ]
        merged = Columns.assemble(
            np.concatenate([c.hashes[live], fresh.hashes]),
            np.concatenate([c.meta[live], fresh.meta]),
            np.concatenate([c.ids[live], fresh.ids]),
            np.concatenate([c.owners[live], fresh.owners]),
            np.concatenate([c.review[live], fresh.review]),
            restricted,
        )
        with self.lock:
            self.columns = merged
            self.overlay = {}
            self._overlay_entries = []
            self._overlay_hashes = np.empty(0, np.uint64)
