"""The name parts of the indexed persons as a vocabulary, for a vectorised pre-score that mirrors
the person scorer.

Every distinct part (:class:`~concord.screening.names.model.Unit`) of the indexed names gets an
integer id; each name is a run of ids (CSR). For a query, :meth:`Vocabulary.pair_matrix` computes
the similarity of each query part to many vocabulary parts at once with ``rapidfuzz``'s
``process.cdist``, following :func:`concord.screening.names.compare._pair` (and
:func:`~concord.screening.names.similarity.unit_similarity`) branch by branch, so that it gives
the scorer's own part similarities. :func:`name_prescores` then combines them per name as the
scorer's ``_core`` does (weights of what agrees against what is only on one side), without the
greedy one-to-one alignment: a cheap, close estimate of the name score, used to choose the few
candidates that reach the full scorer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel, JaroWinkler, Levenshtein

from concord.screening.names.chinese import han_characters, syllables
from concord.screening.names.compare import (
    CONFLICT_WEIGHT,
    CORROBORATION,
    CORROBORATION_FLOOR,
    EXTRA_PENALTY,
    LOOSE_CROSS_CAP,
    NUMBER_PENALTY,
    PERSON_TRANSLIT_FLOOR,
    STRONG_CROSS,
    STRONG_WEIGHT,
    WEAK_CAP,
)
from concord.screening.names.korean import hangul_similarity, korean_shape, korean_similarity
from concord.screening.names.learned import ALPHABETS, gated, learned_reading, script_of_form
from concord.screening.names.model import Name, Unit
from concord.screening.names.phonetic import liquids, loose_form
from concord.screening.names.similarity import (
    _SHORT_TRUST,
    EDIT_COST,
    FIRST_LETTER_COST,
    HAN_LEARNED_FLOOR,
    LEARNED_FLOOR,
    LEARNED_GATE,
    LR_FACTOR,
    SCORE_INITIAL,
    SCORE_NICKNAME,
    SCORE_TRANSLITERATED,
    SHORT_SKELETON,
    SHORT_SKELETON_MARGIN,
    SIM_FLOOR,
    SKELETON_MARGIN,
    SOFT_START,
    _abjad,
    _devanagari,
    _han_similarity,
    han_readings,
    learned_floor,
    precise,
)
from concord.screening.names.translit import ARTICLES

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
#: Part similarities already computed for a query: sorted part ids, similarities, strict mask.
Known = tuple[I64, F64, npt.NDArray[np.bool_]]
_EXTRA = EXTRA_PENALTY["person"]


def _ids(values: Sequence[str], table: dict[str, int]) -> npt.NDArray[np.int32]:
    return np.array([table.setdefault(v, len(table)) for v in values], dtype=np.int32)


@dataclass
class _Features:
    """Per part: what the similarity needs, as arrays (vocabulary) or lists (a query)."""

    token: npt.NDArray[np.object_]
    loose: npt.NDArray[np.object_]
    length: npt.NDArray[np.int64]
    first: npt.NDArray[np.int32]
    soft: npt.NDArray[np.bool_]
    digit: npt.NDArray[np.bool_]
    translit: npt.NDArray[np.bool_]
    phon: npt.NDArray[np.int32]
    skel: npt.NDArray[np.int32]
    skel3: npt.NDArray[np.bool_]  # the skeleton (as written, alternatives included) has 3+
    form: npt.NDArray[np.int32]
    precise: npt.NDArray[np.bool_]
    devanagari: npt.NDArray[np.bool_]
    han: npt.NDArray[np.bool_]
    article: npt.NDArray[np.bool_]  # al, el
    han_chars: npt.NDArray[np.int64]  # characters of a word in Chinese characters, else huge
    syllables: npt.NDArray[np.int64]  # a Latin part's syllables (0 for the others)
    abjad: npt.NDArray[np.bool_]
    liquids: npt.NDArray[np.int32]  # ids of the l and r of the loose form, in order
    learned: npt.NDArray[np.object_]  # the learned reading (Chinese characters, Hangul) or ""
    has_learned: npt.NDArray[np.bool_]
    korean: npt.NDArray[np.bool_]  # Hangul shaped like a Korean name (:mod:`...names.korean`)
    gated: npt.NDArray[np.bool_]  # a Latin part unlike the reading is another name
    floor: F64  # how like the reading a Latin part must be to be the name (``learned_floor``)
    has_groups: npt.NDArray[np.bool_]
    weight: F64
    penalty: F64  # weight of the part when it is on one side only
    alts: npt.NDArray[np.object_]  # skeleton alternatives, flattened
    alt_len: npt.NDArray[np.int64]
    alt_start: I64  # per part, its first alternative; plus the end

    @classmethod
    def of(cls, units: Sequence[Unit], tables: dict[str, dict[str, int]]) -> _Features:
        alts: list[str] = []
        starts = [0]
        for u in units:
            alts.extend(u.skeleton.split("|"))
            starts.append(len(alts))

        def obj(values: Sequence[str]) -> npt.NDArray[np.object_]:
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out

        tokens = [u.token for u in units]
        learned = [learned_reading(u.form) if u.translit else "" for u in units]
        return cls(
            token=obj(tokens),
            loose=obj([loose_form(t) for t in tokens]),
            length=np.array([len(t) for t in tokens], dtype=np.int64),
            first=np.array([ord(t[0]) for t in tokens], dtype=np.int32),
            soft=np.array([t[0] in SOFT_START for t in tokens], dtype=bool),
            digit=np.array([t.isdigit() for t in tokens], dtype=bool),
            translit=np.array([u.translit for u in units], dtype=bool),
            phon=_ids([u.phonetic for u in units], tables["phon"]),
            skel=_ids([u.skeleton for u in units], tables["skel"]),
            skel3=np.array([len(u.skeleton) >= 3 for u in units], dtype=bool),
            form=_ids([u.form for u in units], tables["form"]),
            precise=np.array([precise(u.form) for u in units], dtype=bool),
            devanagari=np.array([_devanagari(u.form) for u in units], dtype=bool),
            han=np.array([han_readings(u.form) is not None for u in units], dtype=bool),
            article=np.array([t in ARTICLES for t in tokens], dtype=bool),
            han_chars=np.array(
                [han_characters(u.form) if u.translit else 1 << 30 for u in units], dtype=np.int64
            ),
            syllables=np.array(
                [0 if u.translit else syllables(u.token) for u in units], dtype=np.int64
            ),
            abjad=np.array([_abjad(u.form) for u in units], dtype=bool),
            liquids=_ids([liquids(t) for t in tokens], tables.setdefault("liquids", {})),
            learned=obj(learned),
            has_learned=np.array([bool(r) for r in learned], dtype=bool),
            korean=np.array(
                [u.translit and korean_shape(u.form) is not None for u in units], dtype=bool
            ),
            gated=np.array(
                [bool(r) and gated(u.form) for r, u in zip(learned, units, strict=True)], dtype=bool
            ),
            floor=np.array([learned_floor(u.form) for u in units], dtype=np.float64),
            has_groups=np.array([bool(u.groups) for u in units], dtype=bool),
            weight=np.array([u.weight for u in units], dtype=np.float64),
            penalty=np.array(
                [
                    NUMBER_PENALTY if t.isdigit() else u.weight
                    for t, u in zip(tokens, units, strict=True)
                ],
                dtype=np.float64,
            ),
            alts=obj(alts),
            alt_len=np.array([len(a) for a in alts], dtype=np.int64),
            alt_start=np.array(starts, dtype=np.int64),
        )


class Vocabulary:
    """The distinct name parts of the indexed persons, and each name as a run of their ids."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.ids: dict[Unit, int] = {}
        self._tables: dict[str, dict[str, int]] = {"phon": {}, "skel": {}, "form": {}}
        self.features: _Features | None = None

    def add(self, name: Name) -> list[int]:
        out = []
        for u in name.units:
            i = self.ids.get(u)
            if i is None:
                i = self.ids[u] = len(self.units)
                self.units.append(u)
            out.append(i)
        return out

    def freeze(self, part_start: I64, parts: npt.NDArray[np.uint32], name_rows: I64) -> None:
        """Compute the features, the distinct skeletons and which rows hold each part
        (``parts`` of each name, ``name_rows`` the row of each name)."""
        f = self.features = _Features.of(self.units, self._tables)
        owner = np.repeat(np.arange(len(self.units)), np.diff(f.alt_start))
        distinct, inverse = np.unique(f.alts.astype(str), return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        self.skeletons: npt.NDArray[np.object_] = distinct.astype(object)
        self.skeleton_len = np.array([len(a) for a in distinct.tolist()], dtype=np.int64)
        self.skeleton_units = owner[order].astype(np.uint32)
        self.skeleton_start = np.searchsorted(inverse[order], np.arange(len(distinct) + 1))
        rows = np.repeat(name_rows, np.diff(part_start))
        pairs = np.unique(parts.astype(np.uint64) << np.uint64(32) | rows.astype(np.uint64))
        unit_of = (pairs >> np.uint64(32)).astype(np.int64)
        self.unit_rows = (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        self.unit_start = np.searchsorted(unit_of, np.arange(len(self.units) + 1))
        # parts with a learned reading in Chinese characters or Hangul, and the Latin parts: the
        # two sides of the learned-reading likeness, which shares no key or close skeleton
        # (the alphabets' readings count in the pre-score, but their parts are gathered by
        # their skeletons: a scan of every reading per query part would cost more than it finds)
        self.reading_units = np.flatnonzero(
            f.has_learned & np.array([_gathered(u.form) for u in self.units], dtype=bool)
        )
        readings, self.reading_of = np.unique(
            f.learned[self.reading_units].astype(str), return_inverse=True
        )
        self.readings: list[str] = readings.tolist()  # distinct
        self.latin_units = np.flatnonzero(~f.translit)
        latin, self.latin_of = np.unique(f.loose[self.latin_units].astype(str), return_inverse=True)
        self.latin_loose: list[str] = latin.tolist()  # distinct
        self._alike_cache: dict[tuple[str, bool, float], npt.NDArray[np.int64]] = {}

    def _read_alike(self, query: Sequence[Unit]) -> npt.NDArray[np.int64]:
        """Vocabulary parts that a query part is like by a learned reading in Chinese characters
        or Hangul (Latin query parts against the readings, query parts with such a reading
        against the Latin parts), at least their learned floor as ``unit_similarity`` counts
        it. Cached per query part: names repeat at a border (the cache lives as long as this
        vocabulary)."""
        found = [np.empty(0, np.int64)]
        for u in query:
            if u.weight < 0.3 or len(u.token) < 2:
                continue
            if not u.translit:
                found.append(self._alike_units(loose_form(u.token), True))
            elif _gathered(u.form) and (reading := learned_reading(u.form)):
                found.append(self._alike_units(reading, False, learned_floor(u.form)))
        return np.concatenate(found).astype(np.int64)

    def _alike_units(
        self, text: str, latin: bool, floor: float = LEARNED_FLOOR
    ) -> npt.NDArray[np.int64]:
        """The vocabulary parts ``text`` reaches by a learned reading: a Latin part's loose form
        against the parts' readings (each at its own floor), or a reading (at ``floor``)
        against the Latin parts."""
        key = (text, latin, floor)  # one reading may come from scripts of different floors
        hit = self._alike_cache.get(key)
        if hit is not None:
            return hit
        units, of, against = (
            (self.reading_units, self.reading_of, self.readings)
            if latin
            else (self.latin_units, self.latin_of, self.latin_loose)
        )
        if not against:
            hit = np.empty(0, np.int64)
        elif latin:  # the Latin side first, as ``unit_similarity`` compares them
            f = self.features
            assert f is not None
            hit = units[self._reaches([text], against)[0][of] >= f.floor[units]]
        else:
            hit = units[self._reaches(against, [text])[:, 0][of] >= floor]
        if len(self._alike_cache) >= ALIKE_CACHE:
            self._alike_cache.clear()
        self._alike_cache[key] = hit
        return hit

    def near_rows(
        self, query: Sequence[Unit], floor: float, units: int, budget: int
    ) -> tuple[npt.NDArray[np.int64], Known | None]:
        """Rows holding the parts most similar to the query's by the scorer's own part
        similarity, among the parts whose consonant skeleton is close to one of the query's
        (what the key index misses: a likeness across scripts without a shared key): at most
        ``units`` parts of similarity at least ``floor``, best first, up to ``budget`` rows;
        and the part similarities computed on the way (for :meth:`pair_matrix`'s ``known``)."""
        none = np.empty(0, np.int64)
        f = self.features
        if f is None or not len(self.skeletons):
            return none, None
        q_alts = [
            a
            for u in query
            if u.weight >= 0.3 and len(u.token) >= 2
            for a in u.skeleton.split("|")
            if len(a) >= 2
        ]
        if not q_alts:
            return none, None
        # a skeleton less alike than floor / SCORE_TRANSLITERATED is not picked whatever its
        # trust (at most 1): rapidfuzz gives up on it early and scores it 0
        lev = process.cdist(
            q_alts,
            self.skeletons.tolist(),
            scorer=Levenshtein.normalized_similarity,
            dtype=np.float64,
            score_cutoff=max(floor / SCORE_TRANSLITERATED - _EPSILON, 0.0),
        )
        q_len = np.array([len(a) for a in q_alts], dtype=np.int64)
        short = np.minimum.outer(q_len, self.skeleton_len)
        close = (lev * np.asarray(_SHORT_TRUST)[np.minimum(short, 3)]).max(axis=0)
        picked = np.flatnonzero(close * SCORE_TRANSLITERATED >= floor)
        read_alike = self._read_alike(query)
        if not len(picked) and not len(read_alike):
            return none, None
        u_all = self.skeleton_units[_spans(self.skeleton_start, picked)].astype(np.int64)
        c_all = np.repeat(close[picked], np.diff(self.skeleton_start)[picked])
        u_all = u_all[np.argsort(-c_all, kind="stable")]
        uids, first = np.unique(u_all, return_index=True)
        uids = uids[np.argsort(first, kind="stable")][: 4 * units]  # closest skeletons first
        uids = np.union1d(uids, read_alike)
        sim, loose = self.pair_matrix(query, uids)
        known = (uids, sim, loose)
        if len(query) >= 2:
            sim = np.where(loose, 0.0, sim)
        weight = np.array([u.weight for u in query])
        best = (sim * weight[:, None]).max(axis=0)
        keep = np.flatnonzero(best >= floor)
        keep = keep[np.argsort(-best[keep], kind="stable")][:units]
        spans = _spans(self.unit_start, uids[keep])
        return self.unit_rows[spans[:budget]].astype(np.int64), known

    @property
    def nbytes(self) -> int:
        f = self.features
        if f is None:
            return 0
        arrays: list[npt.NDArray[np.generic]] = list(vars(f).values())
        return int(sum(a.nbytes for a in arrays)) + 120 * len(self.units)

    def pair_matrix(
        self, query: Sequence[Unit], uids: npt.NDArray[np.int64], known: Known | None = None
    ) -> tuple[F64, npt.NDArray[np.bool_]]:
        """The scorer's part similarity (``_pair``) of each query part to each vocabulary part
        ``uids``, 0 where it does not count; and where ``_pair``'s ``strict`` rule (persons of
        two parts or more on both sides) sets it to 0. ``known``: an earlier result for the
        same query (sorted ids), reused."""
        if known is not None and len(known[0]) and len(uids):
            k_uids, k_sim, k_loose = known
            at = np.minimum(np.searchsorted(k_uids, uids), len(k_uids) - 1)
            hit = k_uids[at] == uids
            if hit.any():
                sim = np.empty((len(query), len(uids)))
                loose = np.empty((len(query), len(uids)), dtype=bool)
                sim[:, hit], loose[:, hit] = k_sim[:, at[hit]], k_loose[:, at[hit]]
                if not hit.all():
                    sim[:, ~hit], loose[:, ~hit] = self.pair_matrix(query, uids[~hit])
                return sim, loose
        f = self.features
        assert f is not None
        q = _Features.of(query, self._tables)
        nq, nu = len(query), len(uids)
        if not nq or not nu:
            return np.zeros((nq, nu)), np.zeros((nq, nu), dtype=bool)
        tok = f.token[uids].tolist()
        qt = q.token.tolist()
        indel = process.cdist(qt, tok, scorer=Indel.normalized_similarity, dtype=np.float64)
        osa = process.cdist(qt, tok, scorer=OSA.distance, dtype=np.int64)
        length = f.length[uids]
        longest = np.maximum.outer(q.length, length)
        shortest = np.minimum.outer(q.length, length)
        equal = osa == 0
        tq, tc = q.translit[:, None], f.translit[uids][None, :]
        either_t = tq | tc
        digit = q.digit[:, None] | f.digit[uids][None, :]
        first_eq = q.first[:, None] == f.first[uids][None, :]
        soft_q, soft_c = q.soft[:, None], f.soft[uids][None, :]
        phon_eq = q.phon[:, None] == f.phon[uids][None, :]
        skel_eq = q.skel[:, None] == f.skel[uids][None, :]
        groups_both = q.has_groups[:, None] & f.has_groups[uids][None, :]
        sim = np.zeros((nq, nu))
        translit_how = np.zeros((nq, nu), dtype=bool)
        done = equal.copy()
        form_differs = q.form[:, None] != f.form[uids][None, :]
        sim[equal] = np.where((either_t & form_differs)[equal], SCORE_TRANSLITERATED, 1.0)
        # an article across scripts is like nothing but an article
        article = ~done & either_t & (q.article[:, None] != f.article[uids][None, :])
        sim[article] = 0.0
        done |= article
        translit_how |= article
        # Korean names syllable by syllable
        qk, fk = q.korean[:, None], f.korean[uids][None, :]
        korean = ~done & (((tq != tc) & (qk | fk)) | (qk & fk))
        if korean.any():
            self._korean(query, uids, korean, sim)
            decided = korean & ((sim > 0) | (qk & fk))
            done |= decided
            translit_how |= decided
        # a Latin part of more syllables than the Chinese characters of the other: no match
        fewer = ~done & (
            (q.han_chars[:, None] < f.syllables[uids][None, :])
            | (q.syllables[:, None] > f.han_chars[uids][None, :])
        )
        sim[fewer] = 0.0
        done |= fewer
        translit_how |= fewer
        # initials
        single = ~done & (shortest == 1)
        sim[single & first_eq] = SCORE_INITIAL
        done |= single
        # nicknames
        if groups_both.any():
            for i, j in zip(*np.nonzero(groups_both & ~done), strict=True):
                if not query[i].groups.isdisjoint(self.units[int(uids[j])].groups):
                    sim[i, j] = SCORE_NICKNAME
                    done[i, j] = True
        # across scripts
        cross = ~done & either_t
        if cross.any():
            translit_how |= cross & ~digit
            # only the columns that have a pair across scripts
            cols = np.flatnonzero((cross & ~digit).any(axis=0))
            if len(cols):
                part = sim[:, cols]
                wanted = (cross & ~digit)[:, cols]
                part[wanted] = self._cross(q, uids[cols], query)[wanted]
                sim[:, cols] = part
            self._learned(q, uids, sim, cross & ~digit & (tq != tc))
            han = cross & tq & tc & q.han[:, None] & f.han[uids][None, :]
            for i, j in zip(*np.nonzero(han), strict=True):
                ra = han_readings(query[i].form)
                rb = han_readings(self.units[int(uids[j])].form)
                assert ra is not None and rb is not None
                sim[i, j] = _han_similarity(ra, rb)
        done |= cross
        # Latin: phonetic, then fuzzy
        phonetic = (
            ~done
            & (phon_eq | (skel_eq & q.skel3[:, None] & (shortest >= 5)))
            & (indel >= 0.6)
            & ~digit
        )
        sim = np.where(phonetic, 0.8 + 0.15 * indel, sim)
        done |= phonetic | digit
        fuzzy = ~done & ~(np.abs(q.length[:, None] - length[None, :]) * 3 > longest)
        score = 0.95 - EDIT_COST * osa / longest
        score = np.where(first_eq | (soft_q & soft_c), score, score - FIRST_LETTER_COST)
        sim = np.where(fuzzy, score, sim)
        # _pair's fast path: Latin tokens with different first letters and sounds
        fast = (
            ~first_eq
            & ~tq
            & ~tc
            & (shortest > 1)
            & ~soft_q
            & ~soft_c
            & ~phon_eq
            & ~skel_eq
            & ~groups_both
        )
        sim[fast | (sim < SIM_FLOOR)] = 0.0
        loose = translit_how & (sim < PERSON_TRANSLIT_FLOOR) & (sim > 0)
        loose &= q.precise[:, None] & f.precise[uids][None, :]
        return sim, loose

    def _korean(
        self,
        query: Sequence[Unit],
        uids: npt.NDArray[np.int64],
        pairs: npt.NDArray[np.bool_],
        sim: F64,
    ) -> None:
        """Where one part is Latin and the other Hangul shaped like a Korean name (``pairs``):
        :data:`SCORE_TRANSLITERATED` when the Latin part spells it syllable by syllable (a
        single Latin part: there is no other outcome); where both are such Hangul words, their
        syllable likeness; as ``unit_similarity`` does (in place)."""
        for i, j in zip(*np.nonzero(pairs), strict=True):
            q, c = query[i], self.units[int(uids[j])]
            if q.translit and c.translit:  # both Hangul
                both = hangul_similarity(q.form, c.form)
                sim[i, j] = (both or 0.0) * SCORE_TRANSLITERATED
                continue
            latin, hangul = (c, q) if q.translit else (q, c)
            if korean_similarity((latin.token,), hangul.form) is not None:
                sim[i, j] = SCORE_TRANSLITERATED

    def _learned(
        self, q: _Features, uids: npt.NDArray[np.int64], sim: F64, one: npt.NDArray[np.bool_]
    ) -> None:
        """Where one part is Latin and the other has a learned reading (``one``): the lift to
        the reading's likeness, or 0 below the gate, as ``unit_similarity`` does (in place)."""
        f = self.features
        assert f is not None
        c_translit, c_learned = f.translit[uids], f.has_learned[uids]
        for query_reads in (False, True):
            if query_reads:  # the query part has the reading, the vocabulary part is Latin
                rows, cols = np.flatnonzero(q.has_learned), np.flatnonzero(~c_translit)
            else:
                rows, cols = np.flatnonzero(~q.translit), np.flatnonzero(c_learned)
            at = np.ix_(rows, cols)
            mask = one[at]
            if not mask.any():
                continue
            if query_reads:
                lifted = self._likeness(f.loose[uids[cols]].tolist(), q.learned[rows].tolist()).T
                gate, floor = q.gated[rows][:, None], q.floor[rows][:, None]
            else:
                lifted = self._likeness(q.loose[rows].tolist(), f.learned[uids[cols]].tolist())
                gate, floor = f.gated[uids[cols]][None, :], f.floor[uids[cols]][None, :]
            block = sim[at]
            current = np.where((lifted >= floor) & (lifted > block), lifted, block)
            gate = gate & (lifted < LEARNED_GATE * SCORE_TRANSLITERATED)
            current = np.where(gate, 0.0, current)
            sim[at] = np.where(mask, current, block)

    @classmethod
    def _reaches(cls, latin: list[str], reading: list[str]) -> F64:
        """:meth:`_likeness`, exact from the lower of the learned floors
        (:data:`HAN_LEARNED_FLOOR`, :data:`LEARNED_FLOOR`) up: rapidfuzz gives up early on the
        pairs below it, scoring them 0, which is below every floor as their score is."""
        floor = min(HAN_LEARNED_FLOOR, LEARNED_FLOOR)
        return cls._likeness(latin, reading, floor / SCORE_TRANSLITERATED - _EPSILON)

    @staticmethod
    def _likeness(latin: list[str], reading: list[str], cutoff: float = 0.0) -> F64:
        """``learned_similarity`` times :data:`SCORE_TRANSLITERATED`, Latin rows by readings;
        exact from ``cutoff`` (before scaling) up, anything from 0 to it below."""
        indel = process.cdist(
            latin,
            reading,
            scorer=Indel.normalized_similarity,
            dtype=np.float64,
            score_cutoff=cutoff,
        )
        jw = process.cdist(
            latin,
            reading,
            scorer=JaroWinkler.similarity,
            dtype=np.float64,
            score_cutoff=min(cutoff + 0.1, 1.0),
        )
        out: F64 = np.maximum(indel, jw - 0.1) * SCORE_TRANSLITERATED
        return out

    def _cross(self, q: _Features, uids: npt.NDArray[np.int64], query: Sequence[Unit]) -> F64:
        """``cross_script_similarity`` times :data:`SCORE_TRANSLITERATED` for every pair."""
        f = self.features
        assert f is not None
        ql, cl = q.loose.tolist(), f.loose[uids].tolist()
        loose = process.cdist(ql, cl, scorer=Indel.normalized_similarity, dtype=np.float64)
        jw = process.cdist(ql, cl, scorer=JaroWinkler.similarity, dtype=np.float64)
        best = np.maximum(loose, jw - 0.1)
        starts, stops = f.alt_start[uids], f.alt_start[uids + 1]
        counts = stops - starts
        idx = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
        c_alts = f.alts[idx].tolist()
        c_len = f.alt_len[idx]
        owner = np.repeat(np.arange(len(uids)), counts)
        lev = process.cdist(
            q.alts.tolist(), c_alts, scorer=Levenshtein.normalized_similarity, dtype=np.float64
        )
        short = np.minimum.outer(q.alt_len, c_len)
        trust = np.asarray(_SHORT_TRUST)[np.minimum(short, 3)]
        sk = lev * trust
        q_owner = np.repeat(np.arange(len(query)), np.diff(q.alt_start))
        kept = (q.devanagari[q_owner][:, None] | f.devanagari[uids][owner][None, :]) & (
            short <= SHORT_SKELETON
        )
        sk = np.where(kept, np.minimum(sk, loose[q_owner][:, owner] + SHORT_SKELETON_MARGIN), sk)
        written = q.precise[q_owner][:, None] & f.precise[uids][owner][None, :]
        sk = np.where(written, np.minimum(sk, best[q_owner][:, owner] + SKELETON_MARGIN), sk)
        sk = np.where(short > 0, sk, -1.0)
        bounds = np.concatenate([[0], np.cumsum(counts)[:-1]])
        sk = np.maximum.reduceat(sk, bounds, axis=1)  # per vocabulary part
        sk = np.maximum.reduceat(sk, q.alt_start[:-1], axis=0)  # per query part
        abjad = q.abjad[:, None] | f.abjad[uids][None, :]
        sk = np.where(abjad & (q.liquids[:, None] != f.liquids[uids][None, :]), sk * LR_FACTOR, sk)
        out: F64 = np.maximum(best, sk) * SCORE_TRANSLITERATED
        return out


def _gathered(form: str) -> bool:
    """Whether a part's learned reading gathers rows (Chinese characters, Hangul: not the
    alphabets)."""
    script = script_of_form(form)
    return bool(script) and script not in ALPHABETS


#: Query parts whose learned-reading likenesses are kept (per vocabulary).
ALIKE_CACHE = 50_000
#: Below a score cutoff's exact value (rounding in ``x * SCORE_TRANSLITERATED >= floor``).
_EPSILON = 1e-9


def _spans(start: I64, items: npt.NDArray[np.int64]) -> I64:
    """The positions of the runs ``start[i]:start[i + 1]`` of ``items``, end to end."""
    lo = start[items]
    counts = start[items + 1] - lo
    run_start = np.cumsum(counts) - counts
    return np.repeat(lo - run_start, counts) + np.arange(int(counts.sum()))


def name_prescores(
    sim: F64,
    qweight: F64,
    cweight: F64,
    cpenalty: F64,
    bounds: I64,
    sizes: I64,
    cross: npt.NDArray[np.bool_] | None = None,
) -> F64:
    """An estimate of the scorer's name score (``_core``) for many candidate names at once.

    ``sim`` holds the query parts' similarities (rows) to the parts of the candidate names laid
    end to end (columns), ``bounds`` each name's first column, ``sizes`` its number of parts;
    ``cweight`` / ``cpenalty`` are the columns' weights. Each query part takes its best part of
    the name (no one-to-one alignment), parts without a counting similarity on either side are
    missing or extra, and what is on one side only costs as in the scorer. ``cross`` marks the
    pairs compared across scripts, for the scorer's cap on names that agree only loosely
    across scripts (``LOOSE_CROSS_CAP``).
    """
    nq = sim.shape[0]
    best = np.maximum.reduceat(sim, bounds, axis=1)  # [nq, names]
    matched_q = best > 0
    agree = (qweight[:, None] * best).sum(axis=0)
    total = (qweight[:, None] * matched_q).sum(axis=0)
    w_missing = (qweight[:, None] * ~matched_q).sum(axis=0)
    matched_c = sim.max(axis=0) > 0
    w_extra = np.add.reduceat(np.where(matched_c, 0.0, cpenalty), bounds)
    least = np.minimum(qweight[:, None], np.maximum.reduceat(cweight * matched_c, bounds)[None, :])
    matched_weight = (least * matched_q).sum(axis=0)
    conflict = (w_missing >= CONFLICT_WEIGHT) & (w_extra >= CONFLICT_WEIGHT)
    one_side = (w_missing > 0) | (w_extra > 0)
    total = total + (w_missing + w_extra) * np.where(conflict, 1.0, _EXTRA)
    score = np.divide(agree, total, out=np.zeros_like(agree), where=total > 0)
    n_matched = matched_q.sum(axis=0)
    weak = ((best < CORROBORATION_FLOOR) & matched_q).any(axis=0)
    corroborated = ~one_side & (n_matched >= 2) & ~weak & (sizes == nq)
    score = np.where(corroborated, 1 - (1 - score) * CORROBORATION, score)
    score = np.where(one_side & (matched_weight < 0.9), np.minimum(score, WEAK_CAP), score)
    if cross is not None:
        counted = sim > 0
        plain = np.add.reduceat((counted & ~cross).any(axis=0).astype(np.int64), bounds) > 0
        sure = cross & (sim >= STRONG_CROSS)
        sure &= np.minimum(qweight[:, None], cweight[None, :]) >= STRONG_WEIGHT
        strong = np.add.reduceat(sure.any(axis=0).astype(np.int64), bounds) > 0
        informative = np.add.reduceat((cweight >= STRONG_WEIGHT).astype(np.int64), bounds)
        several = (informative >= 2) | (int((qweight >= STRONG_WEIGHT).sum()) >= 2)
        capped = several & ~plain & ~strong
        score = np.where(capped, np.minimum(score, LOOSE_CROSS_CAP), score)
    return np.where(n_matched > 0, score, 0.0)
