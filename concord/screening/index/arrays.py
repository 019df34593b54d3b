"""The compact arrays of one kind of exact key, sorted by folded-key hash: 31 bytes a record.

Per row: the hash (8 bytes), a 16-bit word with the OCR mask (12 bits), the document status
(3) and a deleted bit (1), the record id (16 raw bytes), the owner (1) and the review deadline
(4); restricted rows' country lists beside them (:class:`~.columns.Restrictions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from concord.screening.index.columns import Countries, Restrictions, Rows, review_seconds
from concord.screening.index.keys import MASK_BITS, hash_keys
from concord.screening.index.protocol import ExactKind, IndexedRecord

STATUSES = ("", "stolen", "lost", "revoked", "invalidated", "stolen_blank", "other")
MASK = (1 << MASK_BITS) - 1
STATUS_SHIFT = 12
DEAD = np.uint16(0x8000)


def status_code(status: str | None) -> int:
    if not status:
        return 0
    return STATUSES.index(status) if status in STATUSES else len(STATUSES) - 1


@dataclass
class Columns:
    hashes: npt.NDArray[np.uint64]
    meta: npt.NDArray[np.uint16]
    ids: npt.NDArray[np.uint8]  # (n, 16)
    owners: npt.NDArray[np.uint8]
    review: npt.NDArray[np.uint32]
    restrictions: Restrictions

    @classmethod
    def build(
        cls, kind: ExactKind, items: Sequence[tuple[str, IndexedRecord]], countries: Countries
    ) -> Columns:
        hashes, masks, valid = hash_keys(kind, [key for key, _r in items])
        keep = np.flatnonzero(valid)
        recs = [items[int(i)][1] for i in keep]
        meta = masks[keep] | np.array(
            [status_code(r.status) << STATUS_SHIFT for r in recs], dtype=np.uint16
        )
        ids = np.frombuffer(bytes.fromhex("".join(r.id for r in recs)), dtype=np.uint8)
        owners = np.array([countries.add(r.owner) for r in recs], dtype=np.uint8)
        review = np.array([review_seconds(r.review_at) for r in recs], dtype=np.uint32)
        restricted = [
            (i, r.restriction, [countries.add(c) for c in r.countries])
            for i, r in enumerate(recs)
            if r.restriction != "all"
        ]
        return cls.assemble(hashes[keep], meta, ids.reshape(-1, 16), owners, review, restricted)

    @classmethod
    def assemble(
        cls,
        hashes: npt.NDArray[np.uint64],
        meta: npt.NDArray[np.uint16],
        ids: npt.NDArray[np.uint8],
        owners: npt.NDArray[np.uint8],
        review: npt.NDArray[np.uint32],
        restricted: Iterable[tuple[int, str, Sequence[int]]],
    ) -> Columns:
        """Sort unsorted columns by hash; ``restricted`` names rows in their unsorted order."""
        order = np.argsort(hashes, kind="stable")
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        return cls(
            hashes[order],
            meta[order],
            ids[order],
            owners[order],
            review[order],
            Restrictions.build((int(position[r]), k, cs) for r, k, cs in restricted),
        )

    @classmethod
    def concat(cls, parts: Sequence[Columns]) -> Columns:
        """One sorted table from several (built chunk by chunk)."""
        if len(parts) == 1:
            return parts[0]
        restricted: list[tuple[int, str, Sequence[int]]] = []
        offset = 0
        for p in parts:
            restricted += [(offset + r, k, cs) for r, k, cs in p.restrictions.entries()]
            offset += len(p.hashes)
        return cls.assemble(
            np.concatenate([p.hashes for p in parts]),
            np.concatenate([p.meta for p in parts]),
            np.concatenate([p.ids for p in parts]),
            np.concatenate([p.owners for p in parts]),
            np.concatenate([p.review for p in parts]),
            restricted,
        )

    @classmethod
    def empty(cls) -> Columns:
        return cls.assemble(
            np.empty(0, np.uint64),
            np.empty(0, np.uint16),
            np.empty((0, 16), np.uint8),
            np.empty(0, np.uint8),
            np.empty(0, np.uint32),
            [],
        )

    @property
    def nbytes(self) -> int:
        arrays = (self.hashes, self.meta, self.ids, self.owners, self.review)
        return sum(a.nbytes for a in arrays) + self.restrictions.nbytes

    def live_count(self) -> int:
        return int(np.count_nonzero((self.meta & DEAD) == 0))

    def find(self, hashes: npt.NDArray[np.uint64]) -> tuple[Rows, Rows]:
        """(query number, row) of every row whose hash equals one of ``hashes``."""
        order = np.argsort(hashes)
        ordered = hashes[order]
        n = len(self.hashes)
        if not n:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        left = np.searchsorted(self.hashes, ordered)
        hit = np.flatnonzero(self.hashes[np.minimum(left, n - 1)] == ordered)
        if not len(hit):
            return np.empty(0, np.int64), np.empty(0, np.int64)
        start = left[hit]
        count = np.searchsorted(self.hashes, ordered[hit], side="right") - start
        queries = np.repeat(order[hit], count)
        first = np.repeat(start - np.cumsum(count) + count, count)
        rows = first + np.arange(len(queries))
        return queries.astype(np.int64), rows.astype(np.int64)

    def rows_of(self, ids: Sequence[str]) -> Rows:
        """Rows holding any of these record ids (a scan: for deletions and changed keys)."""
        if not ids or not len(self.ids):
            return np.empty(0, np.int64)
        wanted = np.frombuffer(bytes.fromhex("".join(ids)), dtype=np.uint64).reshape(-1, 2)
        first = self.ids.view(np.uint64)[:, 0]
        rows = np.flatnonzero(np.isin(first, wanted[:, 0]))
        pairs = {(int(a), int(b)) for a, b in wanted}
        full = self.ids[rows].view(np.uint64)
        return rows[[(int(a), int(b)) in pairs for a, b in full]]
