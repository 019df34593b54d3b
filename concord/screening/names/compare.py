"""Comparing two analysed names: align their parts, weigh what agrees against what is missing or
contradicts, and calibrate the result into a score in [0, 1].

Alignment is greedy on the part-similarity matrix (names have few parts). Before it, adjacent
tokens that are one token on the other side are run together (``abdul rahman`` ~
``abdulrahman``, ``xi jinping`` ~ 习近平 ``xijinping``, ``kim jong un`` ~ 김정은).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from rapidfuzz.distance import Indel, Levenshtein

from concord.screening.names.analyze import analyze, make_unit
from concord.screening.names.model import (
    MATCH_THRESHOLD,
    Name,
    NameMatch,
    PartMatch,
    Unit,
    decide,
)
from concord.screening.names.phonetic import skeleton
from concord.screening.names.similarity import SIM_FLOOR, SOFT_START, unit_similarity

__all__ = ["compare", "compare_any", "compare_texts"]

#: Share of a part's weight counted against the score when it is only on one side (a middle name,
#: a patronymic, a word of a longer company name). Contradictions count fully.
EXTRA_PENALTY = {"person": 0.25, "org": 0.6, "object": 0.6}
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

Aligned = tuple[int, int, float, str]


def _run(units: Sequence[Unit], start: int, stop: int, kind: str) -> Unit:
    run = units[start:stop]
    unit = make_unit(
        "".join(u.token for u in run),
        kind,
        any(u.translit for u in run),
        " ".join(u.form for u in run),
    )
    return unit._replace(weight=max(u.weight for u in run))


def _near(joined: str, target: Unit) -> bool:
    """Cheap test: could these tokens run together be ``target``?"""
    if target.translit:
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
                if sim < 0.8:
                    continue
                apart = max(unit_similarity(u, target)[0] for u in side[start:stop])
                if sim > apart + 0.05:
                    side = [*side[:start], run, *side[stop:]]
                    merged = True
                    break
            if merged:
                break
        if not merged:
            size -= 1
        size = min(size, len(side))
    return side


def _align(qs: Sequence[Unit], cs: Sequence[Unit]) -> list[Aligned]:
    scored: list[tuple[float, int, int, str]] = []
    for i, q in enumerate(qs):
        q_token, q_phonetic, q_skeleton, _, q_groups, q_translit, _ = q
        q_first = q_token[0]
        q_plain = not q_translit and len(q_token) > 1 and q_first not in SOFT_START
        for j, c in enumerate(cs):
            c_token = c.token
            if (
                q_plain
                and c_token[0] != q_first
                and len(c_token) > 1
                and not c.translit
                and c.phonetic != q_phonetic
                and c.skeleton != q_skeleton
                and not (q_groups and c.groups)
                and c_token[0] not in SOFT_START
            ):
                continue  # fast path: Latin tokens with different first letters and sounds
            sim, how = unit_similarity(q, c)
            if sim >= SIM_FLOOR:
                scored.append((sim, i, j, how))
    scored.sort(key=lambda item: (-item[0], abs(item[1] - item[2])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[Aligned] = []
    for sim, i, j, how in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append((i, j, sim, how))
    return pairs


def _penalty_weight(unit: Unit) -> float:
    return NUMBER_PENALTY if unit.token.isdigit() else unit.weight


def _core(query: Name, candidate: Name) -> tuple[float, list[PartMatch]]:
    kind = query.kind
    qs: Sequence[Unit] = query.units
    cs: Sequence[Unit] = candidate.units
    pairs = _align(qs, cs)
    if len(qs) != len(cs) and len(pairs) < max(len(qs), len(cs)):
        mq = _merge_compounds(list(qs), list(cs), kind)
        mc = _merge_compounds(list(cs), mq, kind)
        if len(mq) != len(qs) or len(mc) != len(cs):
            qs, cs = mq, mc
            pairs = _align(qs, cs)
    matched_q = {p[0] for p in pairs}
    matched_c = {p[1] for p in pairs}
    agree = total = strongest = matched_weight = 0.0
    parts: list[PartMatch] = []
    for i, j, sim, how in sorted(pairs):
        weight = max(qs[i].weight, cs[j].weight)
        agree += weight * sim
        total += weight
        strongest = max(strongest, min(qs[i].weight, cs[j].weight))
        matched_weight += min(qs[i].weight, cs[j].weight)
        parts.append(PartMatch(qs[i].token, cs[j].token, how, round(sim, 3)))
    missing = [i for i in range(len(qs)) if i not in matched_q]
    extra = [j for j in range(len(cs)) if j not in matched_c]
    w_missing = sum(_penalty_weight(qs[i]) for i in missing)
    w_extra = sum(_penalty_weight(cs[j]) for j in extra)
    numbers = sum(qs[i].token.isdigit() for i in missing) + sum(
        cs[j].token.isdigit() for j in extra
    )
    if kind == "person":
        conflict = w_missing >= CONFLICT_WEIGHT and w_extra >= CONFLICT_WEIGHT
    else:  # a different word of business on either side already tells companies apart
        conflict = min(w_missing, w_extra) > 0.15 and max(w_missing, w_extra) >= CONFLICT_WEIGHT
    conflict = conflict or (w_missing > 0.15 and w_extra > 0.15 and strongest < 0.5)
    total += (w_missing + w_extra) * (1.0 if conflict else EXTRA_PENALTY[kind])
    total += NUMBER_PENALTY * (1.0 - EXTRA_PENALTY[kind]) * numbers
    parts.extend(PartMatch(qs[i].token, "", "missing", 0.0) for i in missing)
    parts.extend(PartMatch("", cs[j].token, "extra", 0.0) for j in extra)
    if total <= 0 or not pairs:
        return 0.0, parts
    score = agree / total
    if missing or extra:
        if matched_weight < 0.9:
            score = min(score, WEAK_CAP)
    elif len(pairs) >= 2:
        # Every part agrees, each on its own evidence: together more than their average says.
        score = 1 - (1 - score) * CORROBORATION
    order = [j for _, j, _, _ in sorted(pairs)]
    if any(b < a for a, b in pairwise(order)):
        score -= REORDER_PENALTY[kind]
        parts.append(PartMatch("", "", "reordered", 0.0))
    return max(score, 0.0), parts


def compare(query: Name, candidate: Name) -> NameMatch:
    """Compare two analysed names."""
    if query.original == candidate.original and query.schema == candidate.schema:
        parts = [PartMatch(t, t, "exact", 1.0) for t in query.tokens]
        return NameMatch(1.0, decide(1.0), parts)
    core, parts = _core(query, candidate)
    tie = Indel.normalized_similarity(query.text, candidate.text)
    score = round(min(CEILING, core * (1 - TIE_WEIGHT) + tie * TIE_WEIGHT), 4)
    return NameMatch(score, decide(score), parts)


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


def compare_texts(a: str, b: str, schema: str = "Person") -> NameMatch:
    """Analyse and compare two names given as text."""
    return compare(analyze(a, schema), analyze(b, schema))
