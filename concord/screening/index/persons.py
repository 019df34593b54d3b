"""Name screening: candidates from an inverted index of the matcher's name keys, a cheap
rapidfuzz pre-score, then the full person scorer on the few that can still match.

Candidate keys are :attr:`Name.keys` (tokens, consonant skeletons across scripts, name groups,
adjacent pairs). A query's keys are taken rarest first: the rarest ones, up to
``budget`` postings, gather candidates with their IDF weights; the common ones only add their
weight to those candidates (a binary search per posting list), so a query costs what its rare
keys cost. Access filtering happens before anything is ranked.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from concord.screening.index.columns import Countries, Restrictions, review_seconds, visible
from concord.screening.index.protocol import IndexedRecord, PersonProfile, Viewer
from concord.screening.names import Decision, Name, PersonScore, analyze, score_person

Analyze = Callable[[str], Name]
Score = Callable[[PersonProfile, PersonProfile], PersonScore]
U64 = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class Tuning:
    budget: int = 20_000  # postings gathered from the rarest keys
    candidates: int = 200  # ranked by key weight, then pre-scored
    scored: int = 25  # at most this many reach the full scorer
    floor: float = 45.0  # pre-score (token_sort_ratio, 0-100) below which none does
    scorer: Callable[..., float] = field(default=fuzz.token_sort_ratio)


def key_hashes(keys: Sequence[str]) -> U64:
    return np.array([hash(k) for k in keys], dtype=np.int64).view(np.uint64)


def profile_of(record: IndexedRecord, analyzer: Analyze) -> PersonProfile:
    names = []
    for text in record.names:
        try:
            names.append(analyzer(text))
        except ValueError:  # no letters or digits: nothing to compare
            continue
    return PersonProfile(
        names=tuple(names),
        birth_date=record.birth_date,
        nationalities=record.nationalities,
        sex=record.sex,
    )


@dataclass
class PersonColumns:
    """Persons as rows: access columns, profiles, name texts (CSR by person) and postings."""

    ids: npt.NDArray[np.uint8]
    owners: npt.NDArray[np.uint8]
    review: npt.NDArray[np.uint32]
    restrictions: Restrictions
    dead: npt.NDArray[np.bool_]
    profiles: list[PersonProfile]
    texts: list[str]
    text_start: npt.NDArray[np.int64]  # per person, first text; plus the end
    keys: U64  # sorted, unique
    key_start: npt.NDArray[np.int64]
    postings: npt.NDArray[np.uint32]

    @classmethod
    def build(
        cls,
        records: Sequence[IndexedRecord],
        profiles: Sequence[PersonProfile],
        countries: Countries,
    ) -> PersonColumns:
        texts: list[str] = []
        starts = [0]
        key_list: list[int] = []
        rows: list[int] = []
        for row, p in enumerate(profiles):
            texts.extend(n.text for n in p.names)
            starts.append(len(texts))
            ks = {k for n in p.names for k in n.keys}
            key_list.extend(hash(k) for k in ks)
            rows.extend([row] * len(ks))
        pairs_k = np.array(key_list, dtype=np.int64).view(np.uint64)
        pairs_r = np.array(rows, dtype=np.uint32)
        return cls.from_parts(records, profiles, texts, starts, pairs_k, pairs_r, countries)

    @classmethod
    def from_parts(
        cls,
        records: Sequence[IndexedRecord],
        profiles: Sequence[PersonProfile],
        texts: list[str],
        starts: Sequence[int],
        pairs_k: U64,
        pairs_r: npt.NDArray[np.uint32],
        countries: Countries,
    ) -> PersonColumns:
        order = np.lexsort((pairs_r, pairs_k))
        pairs_k, pairs_r = pairs_k[order], pairs_r[order]
        keys, first = np.unique(pairs_k, return_index=True)
        ids = np.frombuffer(bytes.fromhex("".join(r.id for r in records)), dtype=np.uint8)
        return cls(
            ids=ids.reshape(-1, 16).copy(),
            owners=np.array([countries.add(r.owner) for r in records], dtype=np.uint8),
            review=np.array([review_seconds(r.review_at) for r in records], dtype=np.uint32),
            restrictions=Restrictions.build(
                (i, r.restriction, [countries.add(c) for c in r.countries])
                for i, r in enumerate(records)
                if r.restriction != "all"
            ),
            dead=np.zeros(len(records), dtype=bool),
            profiles=list(profiles),
            texts=texts,
            text_start=np.array(starts, dtype=np.int64),
            keys=keys,
            key_start=np.append(first, len(pairs_k)).astype(np.int64),
            postings=pairs_r,
        )

    @property
    def text_array(self) -> npt.NDArray[np.object_]:
        """:attr:`texts` as an object array (built once), to gather many rows' texts at once."""
        cached: npt.NDArray[np.object_] | None = self.__dict__.get("_text_array")
        if cached is None or len(cached) != len(self.texts):
            cached = np.empty(len(self.texts), dtype=object)
            cached[:] = self.texts
            self.__dict__["_text_array"] = cached
        return cached

    @property
    def nbytes(self) -> int:
        arrays = (self.ids, self.owners, self.review, self.dead, self.text_start, self.keys)
        return (
            sum(a.nbytes for a in arrays)
            + self.key_start.nbytes
            + self.postings.nbytes
            + self.restrictions.nbytes
        )

    def pairs(self) -> tuple[U64, npt.NDArray[np.uint32]]:
        """The (key, row) pairs of the postings."""
        return np.repeat(self.keys, np.diff(self.key_start)), self.postings

    def candidates(
        self, hashes: U64, viewer: Viewer, countries: Countries, tuning: Tuning
    ) -> npt.NDArray[np.int64]:
        """Rows sharing keys with the query, visible to ``viewer``, best key weight first."""
        n = len(self.ids)
        if not n or not len(self.keys):
            return np.empty(0, np.int64)
        pos = np.minimum(np.searchsorted(self.keys, hashes), len(self.keys) - 1)
        pos = np.unique(pos[self.keys[pos] == hashes])
        if not len(pos):
            return np.empty(0, np.int64)
        df = self.key_start[pos + 1] - self.key_start[pos]
        order = np.argsort(df, kind="stable")
        pos, df = pos[order], df[order]
        idf = np.log1p(n / df)
        take = max(1, int(np.searchsorted(np.cumsum(df), tuning.budget, side="right")))
        gathered = [self.postings[self.key_start[p] : self.key_start[p + 1]] for p in pos[:take]]
        rows_all = np.concatenate(gathered)
        rows, inverse = np.unique(rows_all, return_inverse=True)
        weight = np.bincount(inverse, weights=np.repeat(idf[:take], df[:take]))
        for p, w in zip(pos[take:], idf[take:], strict=True):
            post = self.postings[self.key_start[p] : self.key_start[p + 1]]
            at = np.minimum(np.searchsorted(post, rows), len(post) - 1)
            weight += (post[at] == rows) * w
        keep = ~self.dead[rows]
        found = rows[keep].astype(np.int64)
        weight = weight[keep]
        keep = visible(found, self.owners, self.review, self.restrictions, viewer, countries)
        found, weight = found[keep], weight[keep]
        if len(found) > tuning.candidates:
            best = np.argpartition(-weight, tuning.candidates)[: tuning.candidates]
            found, weight = found[best], weight[best]
        return found[np.argsort(-weight, kind="stable")]

    def prescore(
        self, query: PersonProfile, rows: npt.NDArray[np.int64], tuning: Tuning
    ) -> npt.NDArray[np.float64]:
        """The best pre-score of each row's names against the query's."""
        lo, hi = self.text_start[rows], self.text_start[rows + 1]
        counts = hi - lo
        total = int(counts.sum())
        if not total:
            return np.zeros(len(rows))
        # the text positions of every row, as one gather: start of each row's run + offset
        run_start = np.cumsum(counts) - counts
        idx = np.repeat(lo - run_start, counts) + np.arange(total)
        texts = self.text_array[idx].tolist()
        matrix = process.cdist(
            [n.text for n in query.names], texts, scorer=tuning.scorer, dtype=np.float32
        )
        best = matrix.max(axis=0)
        bounds = np.concatenate([[0], np.cumsum(counts)[:-1]])
        out = np.zeros(len(rows))
        has = counts > 0
        out[has] = np.maximum.reduceat(best, bounds[has]) if has.any() else out[has]
        return out


def rank(
    query: PersonProfile,
    profiles: Sequence[PersonProfile],
    prescores: npt.NDArray[np.float64],
    score: Score,
    tuning: Tuning,
) -> list[tuple[int, PersonScore]]:
    """Full scores of the best pre-scored candidates that are at least possible matches."""
    order = np.argsort(-prescores, kind="stable")[: tuning.scored]
    out = []
    for i in order:
        if prescores[i] < tuning.floor:
            break
        s = score(query, profiles[i])
        if s.decision != Decision.NO:
            out.append((int(i), s))
    return out


def idf_weight(n: int, df: int) -> float:
    return math.log1p(n / max(df, 1))


__all__ = ["Analyze", "PersonColumns", "Score", "Tuning", "analyze", "rank", "score_person"]
