"""Comparing two analysed names: align their parts, weigh what agrees against what is missing or
contradicts, and calibrate the result into a score in [0, 1].

Alignment is greedy on the part-similarity matrix (names have few parts). Before it, adjacent
tokens that are one token on the other side are run together (``abdul rahman`` ~
``abdulrahman``, ``xi jinping`` ~ 习近平 ``xijinping``, ``kim jong un`` ~ 김정은).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from rapidfuzz.distance import Indel, Levenshtein

from concord.screening.names.analyze import acronyms, analyze, generation, make_unit
from concord.screening.names.korean import korean_latin, korean_shape
from concord.screening.names.model import (
    MATCH_THRESHOLD,
    POSSIBLE_THRESHOLD,
    Name,
    NameMatch,
    PartMatch,
    Unit,
    decide,
)
from concord.screening.names.phonetic import skeleton
from concord.screening.names.similarity import (
    SIM_FLOOR,
    SOFT_START,
    chinese_given_last,
    chinese_name,
    han_readings,
    precise,
    unit_similarity,
    weak_evidence,
)
from concord.screening.names.vocab import COUNTRIES
from concord.screening.names.wadegiles import runs_together

__all__ = ["compare", "compare_any", "compare_any_score", "compare_score", "compare_texts"]

#: Share of a part's weight counted against the score when it is only on one side (a middle name,
#: a patronymic, a word of a longer company name). Contradictions count fully.
EXTRA_PENALTY = {"person": 0.2, "org": 0.6, "object": 0.6}
#: A number only on one side (``Nord Stream`` vs ``Nord Stream 2``) counts this much.
NUMBER_PENALTY = 0.6
#: Unmatched weight on both sides above this is a contradiction (another given/family name).
CONFLICT_WEIGHT = 0.45
#: Penalty when the aligned parts are in a different order.
REORDER_PENALTY = {"person": 0.015, "org": 0.05, "object": 0.05}
#: When every part of both names is matched (two parts or more), the distance to 1 shrinks by
#: this factor: agreeing parts corroborate each other.
CORROBORATION = 0.7
#: Share of the score given by the similarity of the whole texts (breaks ties).
TIE_WEIGHT = 0.01
#: The best a pair of non-identical names can score.
CEILING = 0.995
#: When the parts that agree weigh less than 0.9 together (generic names, particles, initials) and
#: something else differs, the score stays below a match.
WEAK_CAP = MATCH_THRESHOLD - 0.1
#: Corroboration needs every part aligned across scripts at least this similar (a weak
#: transliteration is not evidence: ``Trump`` / ``Туск``).
CORROBORATION_FLOOR = 0.6
#: An acronym equal to the initials of the other name (``IRGC``): 3+ letters match, 2 possible.
ACRONYM_SCORE = 0.85
SHORT_ACRONYM_SCORE = 0.7
#: Persons: a different generation suffix on each side (``Jr`` / ``Sr``) is father and son; on one
#: side only it may be (``Donald Trump`` / ``Donald Trump Jr``): at most ``possible``.
GENERATION_CONFLICT_CAP = WEAK_CAP
GENERATION_ONE_SIDE_CAP = MATCH_THRESHOLD - 0.02
#: Persons: one Korean name spelled in Latin letters by two conventions (:func:`_same_korean`).
KOREAN_SPELLING = 0.9
#: Persons: one Chinese name in Wade-Giles and in pinyin or Chinese characters
#: (:func:`same_chinese`).
WADE_GILES_SPELLING = 0.9

#: Persons of two parts or more on each side, written in alphabets that transliterate precisely
#: (:func:`~concord.screening.names.similarity.precise`): parts compared across scripts count
#: only from this similarity up. Below it the likeness is what any two names share (``Tara`` /
#: ``Марта``, ``Victor`` / ``खत्री``): the parts stay unmatched, so a different name on each side
#: is a contradiction.
PERSON_TRANSLIT_FLOOR = 0.7
#: Persons whose names have two parts or more on either side, and agree only across scripts:
#: unless one part of weight at least :data:`STRONG_WEIGHT` (not a particle) is at least this
#: similar, the likeness is what any two names of those scripts share (``Mia Hawkins`` /
#: 山下 明美, ``Max Heinz`` / 马欣): the score stays below ``possible``.
STRONG_CROSS = 0.85
STRONG_WEIGHT = 0.5
LOOSE_CROSS_CAP = POSSIBLE_THRESHOLD - 0.02


Aligned = tuple[int, int, float, str]


def _run(units: Sequence[Unit], start: int, stop: int, kind: str) -> Unit:
    run = units[start:stop]
    # Chinese characters are written without spaces: 林 稔 run together is the word 林稔, still
    # compared character by character with other words in Chinese characters.
    han = all(han_readings(u.form) is not None for u in run)
    unit = make_unit(
        "".join(u.token for u in run),
        kind,
        any(u.translit for u in run),
        ("" if han else " ").join(u.form for u in run),
    )
    return unit._replace(weight=max(u.weight for u in run))


def _near(joined: str, target: Unit) -> bool:
    """Cheap test: could these tokens run together be ``target``?"""
    if target.translit:
        if korean_shape(target.form) is not None:
            return True  # compared syllable by syllable (Park Ji-sung / 박지성)
        skel = target.skeleton.split("|", 1)[0]
        return Levenshtein.normalized_similarity(skeleton(joined), skel) >= 0.6
    return Indel.normalized_similarity(joined, target.token) >= 0.7


def _merge_compounds(side: list[Unit], other: Sequence[Unit], kind: str) -> list[Unit]:
    """Run adjacent parts of ``side`` together where that matches a part of ``other`` better
    than any of them alone (longest runs first)."""
    longest = max(len(u.token) for u in other)
    size = min(len(side), 4)
    while size >= 2:
        merged = False
        for start in range(len(side) - size + 1):
            stop = start + size
            joined_len = sum(len(u.token) for u in side[start:stop])
            if joined_len > longest + 3 or joined_len < 4:
                continue
            joined = "".join(u.token for u in side[start:stop])
            targets = [t for t in other if len(t.token) + 3 >= joined_len and _near(joined, t)]
            if not targets:
                continue
            run = _run(side, start, stop, kind)
            for target in targets:
                sim = unit_similarity(run, target)[0]
                if sim < 0.8 or weak_evidence(run, target):
                    # Tokens run together across scripts must agree on their vowels too, not
                    # only on a short skeleton (``al many`` / 李敏 ``limin``).
                    continue
                apart = max(unit_similarity(u, target)[0] for u in side[start:stop])
                if sim > apart + 0.05 or (sim >= 0.9 and sim >= apart):
                    side = [*side[:start], run, *side[stop:]]
                    merged = True
                    break
            if merged:
                break
        if not merged:
            size -= 1
        size = min(size, len(side))
    return side


#: A Latin name run together family name first must be this like the Chinese name in one word.
FAMILY_FIRST_FLOOR = 0.9


def family_first(latin: Sequence[Unit], native: Unit) -> tuple[Unit, float] | None:
    """A Latin person name of two or three parts written family name last (``Guiying Chen``)
    against a Chinese name in one word (陈桂英 ``chenguiying``): the parts run together family
    name first, and their likeness to the word, if that is the word
    (:func:`~.similarity.chinese_given_last`, at least :data:`FAMILY_FIRST_FLOOR`)."""
    if not 2 <= len(latin) <= 3 or not chinese_given_last(latin, native):
        return None
    run = _run([latin[-1], *latin[:-1]], 0, len(latin), "person")
    sim = unit_similarity(run, native)[0]
    return (run, sim) if sim >= FAMILY_FIRST_FLOOR else None


def run_together(latin: Sequence[Unit], native: Unit) -> float:
    """The likeness to a word in Chinese characters of Latin person name parts run together, in
    their order when the first is the word's first character (``Chen Guiying``, as
    :func:`_merge_compounds` may run them) or family name first (:func:`family_first`); 0 when
    neither applies. What the index's pre-score estimates these names by."""
    readings = han_readings(native.form)
    if not readings or not 2 <= len(latin) <= 3 or any(u.translit for u in latin):
        return 0.0
    best = 0.0
    if latin[0].token == readings[0]:
        best = unit_similarity(_run(latin, 0, len(latin), "person"), native)[0]
    found = family_first(latin, native)
    return max(best, found[1]) if found else best


def _family_first(side: list[Unit], other: Sequence[Unit], kind: str) -> list[Unit]:
    if kind != "person" or len(other) != 1:
        return side
    found = family_first(side, other[0])
    return [found[0]] if found else side


def _other_word(a: str, b: str) -> bool:
    """Organisations: two generic words a typo apart are other words (``Iran`` / ``Iraq``), unless
    one is the plural of the other."""
    return not (a == b + "s" or b == a + "s")


@lru_cache(maxsize=1 << 18)
def _pair(q: Unit, c: Unit, person: bool, strict: bool = False) -> tuple[float, str] | None:
    """The similarity of two parts if it counts (cached: tokens repeat across names)."""
    q_token = q.token
    c_token = c.token
    q_first = q_token[0]
    c_first = c_token[0]
    if (
        q_first != c_first
        and not q.translit
        and not c.translit
        and len(q_token) > 1
        and len(c_token) > 1
        and q_first not in SOFT_START
        and c_first not in SOFT_START
        and q.phonetic != c.phonetic
        and q.skeleton != c.skeleton
        and not (q.groups and c.groups)
    ):
        return None  # fast path: Latin tokens with different first letters and sounds
    sim, how = unit_similarity(q, c)
    if sim < SIM_FLOOR:
        return None
    if (
        strict
        and how == "transliterated"
        and sim < PERSON_TRANSLIT_FLOOR
        and precise(q.form)
        and precise(c.form)
    ):
        return None  # a loose likeness across alphabets is no evidence of the same name
    if (
        how == "fuzzy"
        and not person
        and min(q.weight, c.weight) < 1.0
        and _other_word(q_token, c_token)
    ):
        return None
    return sim, how


def _align(qs: Sequence[Unit], cs: Sequence[Unit], kind: str) -> list[Aligned]:
    person = kind == "person"
    strict = person and len(qs) >= 2 and len(cs) >= 2
    scored: list[tuple[float, int, int, int, str]] = []
    for i, q in enumerate(qs):
        for j, c in enumerate(cs):
            found = _pair(q, c, person, strict)
            if found is not None:
                scored.append((-found[0], abs(i - j), i, j, found[1]))
    if not scored:
        return []
    scored.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[Aligned] = []
    for neg, _, i, j, how in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append((i, j, -neg, how))
    return pairs


def _informative(units: Sequence[Unit]) -> int:
    """How many parts are more than particles."""
    return sum(u.weight >= STRONG_WEIGHT for u in units)


def _penalty_weight(unit: Unit) -> float:
    return NUMBER_PENALTY if unit.token.isdigit() else unit.weight


def _core(query: Name, candidate: Name, explain: bool = True) -> tuple[float, list[PartMatch]]:
    """The name score before calibration, and (if ``explain``) the part-by-part evidence."""
    kind = query.kind
    qs: Sequence[Unit] = query.units
    cs: Sequence[Unit] = candidate.units
    pairs = _align(qs, cs, kind)
    if len(qs) != len(cs) and len(pairs) < max(len(qs), len(cs)):
        mq = _merge_compounds(_family_first(list(qs), cs, kind), list(cs), kind)
        mc = _merge_compounds(_family_first(list(cs), mq, kind), mq, kind)
        if len(mq) != len(qs) or len(mc) != len(cs):
            qs, cs = mq, mc
            pairs = _align(qs, cs, kind)
    matched_q = [False] * len(qs)
    matched_c = [False] * len(cs)
    agree = total = strongest = matched_weight = 0.0
    parts: list[PartMatch] = []
    pairs.sort()
    for i, j, sim, how in pairs:
        matched_q[i] = matched_c[j] = True
        wq = qs[i].weight
        wc = cs[j].weight
        weight, least = (wq, wc) if wq >= wc else (wc, wq)
        agree += weight * sim
        total += weight
        matched_weight += least
        if least > strongest:
            strongest = least
        if explain:
            parts.append(PartMatch(qs[i].token, cs[j].token, how, round(sim, 3)))
    missing = [u for u, m in zip(qs, matched_q, strict=True) if not m]
    extra = [u for u, m in zip(cs, matched_c, strict=True) if not m]
    w_missing = w_extra = 0.0
    numbers = 0
    for unit in missing:
        if unit.token.isdigit():
            numbers += 1
            w_missing += NUMBER_PENALTY
        else:
            w_missing += unit.weight
        if explain:
            parts.append(PartMatch(unit.token, "", "missing", 0.0))
    for unit in extra:
        if unit.token.isdigit():
            numbers += 1
            w_extra += NUMBER_PENALTY
        else:
            w_extra += unit.weight
        if explain:
            parts.append(PartMatch("", unit.token, "extra", 0.0))
    if kind == "person":
        conflict = w_missing >= CONFLICT_WEIGHT and w_extra >= CONFLICT_WEIGHT
    else:  # a different word of business on either side already tells companies apart
        conflict = min(w_missing, w_extra) > 0.15 and max(w_missing, w_extra) >= CONFLICT_WEIGHT
    conflict = conflict or (w_missing > 0.15 and w_extra > 0.15 and strongest < 0.5)
    # A part on one side only, next to parts aligned across scripts only by a short consonant
    # skeleton: the names differ in length and what agrees is chance (``Lemonia Tsanaka`` /
    # 李敏, ``Christophe Caron`` / 何桂荣). What is missing counts in full.
    conflict = conflict or (
        kind == "person"
        and (w_missing > 0.15 or w_extra > 0.15)
        and any(weak_evidence(qs[i], cs[j]) for i, j, _, how in pairs if how == "transliterated")
    )
    # Another country on each side (Central Bank of Iran / of Iraq): another entity.
    countries = (
        kind != "person"
        and any(u.token in COUNTRIES for u in missing)
        and any(u.token in COUNTRIES for u in extra)
    )
    conflict = conflict or countries
    # A Chinese name in one word (family name and given name in characters, read as pinyin):
    # the whole name. A part of the Latin name left over contradicts it (``Alsoy Zengin`` /
    # 张琴 ``zhangqin``), as a different given name would.
    if kind == "person" and not conflict:
        conflict = any(
            how == "transliterated"
            and (
                (w_missing >= CONFLICT_WEIGHT and chinese_name(qs[i], cs[j]))
                or (w_extra >= CONFLICT_WEIGHT and chinese_name(cs[j], qs[i]))
            )
            for i, j, _, how in pairs
        )
    if missing or extra:
        total += (w_missing + w_extra) * (1.0 if conflict else EXTRA_PENALTY[kind])
        total += NUMBER_PENALTY * (1.0 - EXTRA_PENALTY[kind]) * numbers
    if total <= 0 or not pairs:
        return 0.0, parts
    score = agree / total
    if missing or extra:
        if matched_weight < 0.9 or countries:
            score = min(score, WEAK_CAP)
    elif len(pairs) >= 2 and not any(
        p[2] < CORROBORATION_FLOOR and p[3] == "transliterated" for p in pairs
    ):
        # Every part agrees, each on its own evidence: together more than their average says.
        score = 1 - (1 - score) * CORROBORATION
    if (
        kind == "person"
        and (_informative(query.units) >= 2 or _informative(candidate.units) >= 2)
        and all(how == "transliterated" for _, _, _, how in pairs)
        and not any(
            sim >= STRONG_CROSS and min(qs[i].weight, cs[j].weight) >= STRONG_WEIGHT
            for i, j, sim, _ in pairs
        )
    ):
        score = min(score, LOOSE_CROSS_CAP)
    if any(b[1] < a[1] for a, b in pairwise(pairs)):
        score -= REORDER_PENALTY[kind]
        if explain:
            parts.append(PartMatch("", "", "reordered", 0.0))
    return max(score, 0.0), parts


def _acronym(query: Name, candidate: Name) -> NameMatch | None:
    """``IRGC`` ~ ``Islamic Revolutionary Guard Corps``: one side is a single short word equal to
    the initials of the other."""
    for short, long in ((query, candidate), (candidate, query)):
        if len(short.tokens) != 1 or len(long.tokens) < 2:
            continue
        token = short.tokens[0]
        if not (2 <= len(token) <= 6 and token.isalpha()) or short.units[0].translit:
            continue
        if token in acronyms(long.original):
            score = ACRONYM_SCORE if len(token) >= 3 else SHORT_ACRONYM_SCORE
            part = (
                PartMatch(token, long.text, "initial", score)
                if short is query
                else PartMatch(long.text, token, "initial", score)
            )
            return NameMatch(score, decide(score), [part])
    return None


def compare(query: Name, candidate: Name) -> NameMatch:
    """Compare two analysed names."""
    score, parts = _compare(query, candidate, True)
    return NameMatch(score, decide(score), parts)


def compare_score(query: Name, candidate: Name) -> float:
    """:func:`compare`'s score alone, without the part-by-part explanation (for ranking)."""
    return _compare(query, candidate, False)[0]


def _compare(query: Name, candidate: Name, explain: bool) -> tuple[float, list[PartMatch]]:
    if query.original == candidate.original and query.schema == candidate.schema:
        return 1.0, [PartMatch(t, t, "exact", 1.0) for t in query.tokens] if explain else []
    if query.kind != "person":
        acronym = _acronym(query, candidate)
        if acronym is not None:
            return acronym.score, acronym.parts
    core, parts = _core(query, candidate, explain)
    if query.kind == "person":
        for floor, same in ((KOREAN_SPELLING, _same_korean), (WADE_GILES_SPELLING, same_chinese)):
            if core < floor and same(query, candidate):
                core = floor
                if explain:  # one name read through another romanisation
                    q_run, c_run = "".join(query.tokens), "".join(candidate.tokens)
                    parts = [PartMatch(q_run, c_run, "transliterated", floor)]
    if query.kind == "person":
        gen_q, gen_c = query.generation, candidate.generation
        if gen_q is None:
            gen_q = generation(query.original)
        if gen_c is None:
            gen_c = generation(candidate.original)
        if gen_q != gen_c:
            core = min(
                core, GENERATION_CONFLICT_CAP if gen_q and gen_c else GENERATION_ONE_SIDE_CAP
            )
    tie = Indel.normalized_similarity(query.text, candidate.text)
    return round(min(CEILING, core * (1 - TIE_WEIGHT) + tie * TIE_WEIGHT), 4), parts


def _same_korean(query: Name, candidate: Name) -> bool:
    """Two names in Latin letters that spell one Korean name by different conventions
    (``Kim Jong-un`` / ``Kim Jung Eun``, ``Moon Jae-in`` / ``Mun Jae In``): they share the
    Korean key, in which the conventions' differences are folded away
    (:func:`~.korean.korean_key`)."""
    if any(u.translit for u in query.units) or any(u.translit for u in candidate.units):
        return False
    mine = {k for k in query.keys if k.startswith("k:")}
    if not mine or mine.isdisjoint(candidate.keys):
        return False
    return korean_latin(query.tokens) and korean_latin(candidate.tokens)


def same_chinese(query: Name, candidate: Name) -> bool:
    """One Chinese name in Wade-Giles on one side (``Mao Tse-tung``, ``Tsai Ing-wen``) and, on
    the other, in pinyin (``Mao Zedong``) or Chinese characters (毛泽东, read ``maozedong``),
    or in Wade-Giles again: a pinyin reading of the one is the other run together
    (:func:`~.wadegiles.readings`), either with its family name written last."""
    mine, theirs = _wade_giles_readings(query), _wade_giles_readings(candidate)
    if mine is not None and theirs is not None:
        return not mine.isdisjoint(theirs)
    if mine is not None:
        return not mine.isdisjoint(runs_together(candidate.tokens))
    if theirs is not None:
        return not theirs.isdisjoint(runs_together(query.tokens))
    return False


def _wade_giles_readings(name: Name) -> frozenset[str] | None:
    """The pinyin readings of a person's name in Wade-Giles, as :func:`~.analyze.analyze` keys
    them (``w:`` keys); None for any other name."""
    found = frozenset(k[2:] for k in name.keys if k.startswith("w:"))
    return found or None


def compare_any(query: Sequence[Name], candidate: Sequence[Name]) -> NameMatch:
    """The best comparison over all pairs of names (aliases) of two entities."""
    best: NameMatch | None = None
    for q in query:
        for c in candidate:
            result = compare(q, c)
            if best is None or result.score > best.score:
                best = result
    if best is None:
        raise ValueError("compare_any needs at least one name on each side")
    return best


def compare_any_score(query: Sequence[Name], candidate: Sequence[Name]) -> float:
    """:func:`compare_any`'s score alone (no explanation)."""
    if not query or not candidate:
        raise ValueError("compare_any needs at least one name on each side")
    return max(compare_score(q, c) for q in query for c in candidate)


def compare_texts(a: str, b: str, schema: str = "Person") -> NameMatch:
    """Analyse and compare two names given as text."""
    return compare(analyze(a, schema), analyze(b, schema))
