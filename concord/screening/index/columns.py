"""Per-record columns the index filters on, and the access rule of
:func:`concord.records.access.visible` applied to whole arrays of rows at once.

Owners are one byte (an index into :class:`Countries`), review deadlines four (whole seconds
since 1970, rounded down: a record leaves other countries' view up to one second before its
deadline, never after). Restricted records (``only``/``except``) are rare, so their country
lists live in :class:`Restrictions`, sorted arrays beside the columns.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np
import numpy.typing as npt

from concord.screening.index.protocol import IndexedRecord, Viewer

Rows = npt.NDArray[np.int64]
RESTRICTIONS = ("all", "only", "except")


class Countries:
    """Country codes numbered 1-255 in order of first appearance (0: none)."""

    def __init__(self) -> None:
        self.codes: list[str] = [""]
        self.number: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, code: str) -> int:
        found = self.number.get(code)
        if found is not None:
            return found
        with self._lock:
            if code not in self.number:
                if len(self.codes) > 255:
                    raise ValueError("more than 255 countries own records")
                self.number[code] = len(self.codes)
                self.codes.append(code)
        return self.number[code]

    def of(self, code: str | None) -> int:
        """The number of a viewer's country; -1 if it owns nothing (or is the Secretariat)."""
        return -1 if code is None else self.number.get(code, -1)


def review_seconds(when: datetime) -> int:
    return max(0, min(math.floor(when.timestamp()), 2**32 - 1))


def now_seconds(viewer: Viewer) -> int:
    return math.floor(viewer.now.timestamp())


class Restrictions:
    """Country lists of restricted rows: sorted row numbers, ``only`` flags, and CSR lists of
    country numbers."""

    def __init__(
        self,
        rows: npt.NDArray[np.uint32],
        only: npt.NDArray[np.bool_],
        offsets: npt.NDArray[np.uint32],
        countries: npt.NDArray[np.uint8],
    ) -> None:
        self.rows, self.only, self.offsets, self.countries = rows, only, offsets, countries

    @classmethod
    def build(
        cls, entries: Iterable[tuple[int, str, Sequence[int]]]
    ) -> Restrictions:  # (row, restriction, country numbers)
        items = sorted((r, kind, list(cs)) for r, kind, cs in entries if kind != "all")
        offsets = np.zeros(len(items) + 1, dtype=np.uint32)
        offsets[1:] = np.cumsum([len(cs) for _r, _k, cs in items], dtype=np.uint32)
        return cls(
            np.array([r for r, _k, _c in items], dtype=np.uint32),
            np.array([k == "only" for _r, k, _c in items], dtype=bool),
            offsets,
            np.array([c for _r, _k, cs in items for c in cs], dtype=np.uint8),
        )

    def entries(self, rows: Rows | None = None) -> list[tuple[int, str, list[int]]]:
        """(row, restriction, countries) of each restricted row; with ``rows`` (the live rows
        of a merge), numbered by their position in ``rows``, and only those kept."""
        out = []
        for p, row in enumerate(self.rows):
            at: int | None = int(row)
            if rows is not None:
                i = int(np.searchsorted(rows, row))
                at = i if i < len(rows) and rows[i] == row else None
            if at is not None:
                cs = self.countries[self.offsets[p] : self.offsets[p + 1]].tolist()
                out.append((at, "only" if self.only[p] else "except", cs))
        return out

    @property
    def nbytes(self) -> int:
        return self.rows.nbytes + self.only.nbytes + self.offsets.nbytes + self.countries.nbytes

    def allowed(self, rows: Rows, viewer_country: int) -> npt.NDArray[np.bool_]:
        """Whether each row's restriction lets ``viewer_country`` (a member) see it."""
        out = np.ones(len(rows), dtype=bool)
        if not len(self.rows) or not len(rows):
            return out
        pos = np.minimum(np.searchsorted(self.rows, rows), len(self.rows) - 1)
        restricted = np.flatnonzero(self.rows[pos] == rows)
        for i in restricted:
            p = int(pos[i])
            listed = viewer_country in self.countries[self.offsets[p] : self.offsets[p + 1]]
            out[i] = listed if self.only[p] else not listed
        return out


def visible(
    rows: Rows,
    owners: npt.NDArray[np.uint8],
    review: npt.NDArray[np.uint32],
    restrictions: Restrictions,
    viewer: Viewer,
    countries: Countries,
) -> npt.NDArray[np.bool_]:
    """The owner sees its records; others (the Secretariat included) only before the review
    deadline, and members only as the restriction allows."""
    me = countries.of(viewer.country)
    live = review[rows] > now_seconds(viewer)
    if viewer.country is not None:
        live &= restrictions.allowed(rows, me)
    return live | (owners[rows] == me) if me >= 0 else live


def record_visible(record: IndexedRecord, viewer: Viewer) -> bool:
    """The same rule for one record kept whole (changes not yet merged into the arrays)."""
    if record.owner == viewer.country:
        return True
    if not review_seconds(record.review_at) > now_seconds(viewer):
        return False
    if viewer.country is None or record.restriction == "all":
        return True
    listed = viewer.country in record.countries
    return listed if record.restriction == "only" else not listed
