"""Name screening: candidates from an inverted index of the matcher's name keys and from the
vocabulary of name parts, a vectorised pre-score that mirrors the scorer, then the person
scorer's score alone on the few that can still match, and its explanation on the hits returned.

Candidate keys are :attr:`Name.keys` (tokens, consonant skeletons across scripts, name groups,
adjacent pairs). A query's keys are taken rarest first: the rarest ones, up to
``budget`` postings, gather candidates with their IDF weights; the common ones only add their
weight to those candidates (a binary search per posting list), so a query costs what its rare
keys cost. Beside them, the parts of the vocabulary whose consonant skeleton is close to a
query part's and whose similarity (the scorer's own) is at least ``near_floor`` bring the rows
holding them (:meth:`~.tokens.Vocabulary.near_rows`): likenesses across scripts that share no
key. Access filtering happens before anything is ranked. The pre-score
(:func:`~.tokens.name_prescores`) estimates the scorer's name score from the exact part
similarities; the best ``scored`` candidates are then scored.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from concord.screening.index.chinese import family_first_prescores
from concord.screening.index.columns import Countries, Restrictions, review_seconds, visible
from concord.screening.index.korean import korean_prescores
from concord.screening.index.protocol import IndexedRecord, PersonProfile, Viewer
from concord.screening.index.tokens import Known, Vocabulary, name_prescores
from concord.screening.names import (
    POSSIBLE_THRESHOLD,
    Decision,
    Name,
    PersonScore,
    analyze,
    person_score,
    score_person,
)
from concord.screening.names.compare import KOREAN_SPELLING, WADE_GILES_SPELLING
from concord.screening.names.wadegiles import runs_together

Analyze = Callable[[str], Name]
#: The pinyin readings of a Wade-Giles query lift the rows of keys held at most this often (a
#: full name run together is rare; a short reading such as ``libo`` may be a common name).
MAX_LIFTED = 256
Score = Callable[[PersonProfile, PersonProfile], PersonScore]
#: A scorer's score alone (no explanation), None when its decision is ``no``: must agree with
#: the ``Score`` it stands for.
RankScore = Callable[[PersonProfile, PersonProfile], float | None]


def _person_rank_score(query: PersonProfile, candidate: PersonProfile) -> float | None:
    score = person_score(query, candidate)
    return score if score >= POSSIBLE_THRESHOLD else None


def rank_score_of(scorer: Score) -> RankScore:
    """The score-only form of ``scorer``: :func:`person_score` for :func:`score_person`, else
    ``scorer`` itself (its explanation thrown away)."""
    if scorer is score_person:
        return _person_rank_score

    def ranked(query: PersonProfile, candidate: PersonProfile) -> float | None:
        s = scorer(query, candidate)
        return None if s.decision == Decision.NO else s.score

    return ranked


U64 = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class Tuning:
    budget: int = 20_000  # postings gathered from the rarest keys
    candidates: int = 200  # ranked by key weight, then pre-scored
    scored: int = 25  # at most this many reach the full scorer
    near_floor: float = 0.75  # part similarity (0-1) from which a part gathers its rows
    near_units: int = 100  # at most this many such parts (most similar first)
    near_budget: int = 2000  # and their rows up to this many
    margin: float = 0.1  # pre-score below the 10th score found (0-1) from which none does
    extra: int = 50  # beyond ``scored``, candidates that may still beat the 10th score found
    floor: float = 0.45  # pre-score (an estimate of the name score, 0-1) below which none does
    #: the cheapest rapidfuzz scorer of the pipeline (the pre-score's token likeness, 0-1):
    #: what the benchmark's brute-force baseline scans every person's name with
    scorer: Callable[..., float] = field(default=Indel.normalized_similarity)


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
    vocab: Vocabulary = field(default_factory=Vocabulary)
    part_start: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1, np.int64))
    parts: npt.NDArray[np.uint32] = field(default_factory=lambda: np.zeros(0, np.uint32))

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
        vocab, part_start, parts = name_parts(profiles)
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
            vocab=vocab,
            part_start=part_start,
            parts=parts,
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
            + self.part_start.nbytes
            + self.parts.nbytes
            + self.vocab.nbytes
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
        pos = np.unique(self._key_positions(hashes))
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

    def _key_positions(self, hashes: U64) -> npt.NDArray[np.int64]:
        """Where the keys among ``hashes`` that rows hold are (positions in :attr:`keys`)."""
        pos = np.minimum(np.searchsorted(self.keys, hashes), len(self.keys) - 1)
        found: npt.NDArray[np.int64] = pos[self.keys[pos] == hashes]
        return found

    def near(
        self, query: PersonProfile, viewer: Viewer, countries: Countries, tuning: Tuning
    ) -> tuple[npt.NDArray[np.int64], list[Known | None]]:
        """Rows visible to ``viewer`` holding parts most similar to the query's (see
        :meth:`~.tokens.Vocabulary.near_rows`), beside those found by keys; and per query name
        the part similarities computed (for :meth:`prescore`)."""
        if not tuning.near_units or not len(self.ids):
            return np.empty(0, np.int64), [None] * len(query.names)
        found, known = [], []
        for n in query.names:
            rows, k = self.vocab.near_rows(
                n.units, tuning.near_floor, tuning.near_units, tuning.near_budget
            )
            found.append(rows)
            known.append(k)
        rows = np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)
        rows = rows[~self.dead[rows]]
        keep = visible(rows, self.owners, self.review, self.restrictions, viewer, countries)
        return rows[keep], known

    def prescore(
        self,
        query: PersonProfile,
        rows: npt.NDArray[np.int64],
        tuning: Tuning,
        known: Sequence[Known | None] = (),
    ) -> npt.NDArray[np.float64]:
        """Per row, an estimate (0-1) of the scorer's name score: the best over the row's names
        and the query's of :func:`~.tokens.name_prescores` on the exact part similarities."""
        out = np.zeros(len(rows))
        names = _runs(self.text_start, rows)
        if not len(names) or not query.names:
            return out
        sizes = self.part_start[names + 1] - self.part_start[names]
        tids = self.parts[_runs(self.part_start, names)]
        uids, inverse = np.unique(tids, return_inverse=True)
        f = self.vocab.features
        assert f is not None
        cweight, cpenalty, ctranslit = f.weight[tids], f.penalty[tids], f.translit[tids]
        bounds = np.cumsum(sizes) - sizes
        several = np.repeat(sizes >= 2, sizes)
        counts = self.text_start[rows + 1] - self.text_start[rows]
        has = counts > 0
        starts = (np.cumsum(counts) - counts)[has]
        for at, qn in enumerate(query.names):
            if not qn.units:
                continue
            done = known[at] if at < len(known) else None
            sim, loose = self.vocab.pair_matrix(qn.units, uids.astype(np.int64), done)
            sim, loose = sim[:, inverse], loose[:, inverse]
            if len(qn.units) >= 2:
                sim = np.where(loose & several[None, :], 0.0, sim)
            qweight = np.array([u.weight for u in qn.units])
            qtranslit = np.array([u.translit for u in qn.units])
            cross = qtranslit[:, None] | ctranslit[None, :]
            scores = name_prescores(sim, qweight, cweight, cpenalty, bounds, sizes, cross)
            for lift in (korean_prescores, family_first_prescores):
                lifted = lift(self.vocab, qn, tids, bounds, sizes)
                if lifted is not None:
                    scores = np.maximum(scores, lifted)
            out[has] = np.maximum(out[has], np.maximum.reduceat(scores, starts))
        return self._spellings(query, rows, out)

    def _spellings(
        self, query: PersonProfile, rows: npt.NDArray[np.int64], out: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """Rows holding a key that reads one of the query's names in another romanisation score
        at least what the scorer gives such a pair, which their parts alone do not show:
        a Korean key of the query's Latin names (``Kim Jong-un`` / ``Kim Jung Eun``,
        :data:`~concord.screening.names.compare.KOREAN_SPELLING`); the pinyin readings of a
        Wade-Giles query (``Mao Tse-tung`` / ``Mao Zedong``, 毛泽东); a query read by a
        Wade-Giles row (its ``w:`` keys), both at
        :data:`~concord.screening.names.compare.WADE_GILES_SPELLING`."""
        latin = [n for n in query.names if not any(u.translit for u in n.units)]
        korean = {k for n in latin for k in n.keys if k.startswith("k:")}
        pinyin = {k[2:] for n in latin for k in n.keys if k.startswith("w:")}
        read = {f"w:{r}" for n in query.names for r in runs_together(n.tokens)}
        for keys, floor, most in (
            (korean, KOREAN_SPELLING, None),
            (pinyin, WADE_GILES_SPELLING, MAX_LIFTED),
            (read, WADE_GILES_SPELLING, None),
        ):
            hashes = key_hashes(sorted(keys))
            if not len(hashes) or not len(self.keys):
                continue
            held = [
                self.postings[self.key_start[p] : self.key_start[p + 1]]
                for p in self._key_positions(hashes)
                if most is None or self.key_start[p + 1] - self.key_start[p] <= most
            ]
            if held:
                lift = np.isin(rows, np.concatenate(held))
                out[lift] = np.maximum(out[lift], floor)
        return out


def _runs(start: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The positions of the runs ``start[r]:start[r + 1]`` of ``rows``, end to end."""
    lo = start[rows]
    counts = start[rows + 1] - lo
    run_start = np.cumsum(counts) - counts
    return np.repeat(lo - run_start, counts) + np.arange(int(counts.sum()))


def name_parts(
    profiles: Sequence[PersonProfile],
) -> tuple[Vocabulary, npt.NDArray[np.int64], npt.NDArray[np.uint32]]:
    """The vocabulary of the profiles' name parts, and each name (in the order of
    :attr:`PersonColumns.texts`) as a run of part ids."""
    vocab = Vocabulary()
    parts: list[int] = []
    starts = [0]
    name_rows: list[int] = []
    for row, p in enumerate(profiles):
        for n in p.names:
            parts.extend(vocab.add(n))
            starts.append(len(parts))
            name_rows.append(row)
    part_start = np.array(starts, dtype=np.int64)
    part_ids = np.array(parts, dtype=np.uint32)
    vocab.freeze(part_start, part_ids, np.array(name_rows, dtype=np.int64))
    return vocab, part_start, part_ids


def rank(
    query: PersonProfile,
    profiles: Sequence[PersonProfile],
    prescores: npt.NDArray[np.float64],
    score: RankScore,
    tuning: Tuning,
    limit: int = 10,
) -> list[tuple[int, float]]:
    """Scores (without explanations) of the best pre-scored candidates that are at least
    possible matches; once ``limit`` are found, candidates whose pre-score is more than
    ``tuning.margin`` below the ``limit``-th score are left out. After the first
    ``tuning.scored``, up to ``tuning.extra`` more are scored while their pre-score is above
    the ``limit``-th score found (many close candidates: ``zhangguiying`` against a dozen
    Zhangs at 0.92) or, with fewer than ``limit`` found, a possible match."""
    order = np.argsort(-prescores, kind="stable")[: tuning.scored + tuning.extra]
    out: list[tuple[int, float]] = []
    kth: list[float] = []  # the best ``limit`` scores, a min-heap
    for n, i in enumerate(order):
        pre = prescores[i]
        full = bool(limit) and len(kth) >= limit
        if pre < tuning.floor or (full and pre < kth[0] - tuning.margin):
            break
        if n >= tuning.scored and (pre <= kth[0] if full else pre < POSSIBLE_THRESHOLD):
            break
        s = score(query, profiles[i])
        if s is not None:
            out.append((int(i), s))
            if len(kth) < limit:
                heapq.heappush(kth, s)
            elif limit and s > kth[0]:
                heapq.heapreplace(kth, s)
    return out


def idf_weight(n: int, df: int) -> float:
    return math.log1p(n / max(df, 1))


__all__ = [
    "Analyze",
    "PersonColumns",
    "RankScore",
    "Score",
    "Tuning",
    "analyze",
    "person_score",
    "rank",
    "rank_score_of",
    "score_person",
]
