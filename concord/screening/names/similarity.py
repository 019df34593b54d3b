"""Similarity of two parts of analysed names: exact, nickname, initial, phonetic, fuzzy, and
across scripts (transliterated)."""

from __future__ import annotations

from rapidfuzz.distance import OSA, Indel, JaroWinkler, Levenshtein

from concord.screening.names.model import Unit
from concord.screening.names.phonetic import loose_form

__all__ = [
    "SIM_FLOOR",
    "SOFT_START",
    "cross_script_similarity",
    "fuzzy_similarity",
    "unit_similarity",
]

#: Part similarities below this count as no match at all.
SIM_FLOOR = 0.5

SCORE_TRANSLITERATED = 0.97
SCORE_NICKNAME = 0.86
SCORE_INITIAL = 0.72
#: Cost of each edit, relative to the length of the longer token (fuzzy matches).
EDIT_COST = 1.6
#: Extra cost when the first letters differ (typos rarely hit the first letter).
FIRST_LETTER_COST = 0.2


_SHORT_TRUST = (0.8, 0.85, 0.9, 0.95)


def cross_script_similarity(a: str, b: str, skel_a: str, skel_b: str) -> float:
    """Similarity of two tokens of which at least one was transliterated (0-1)."""
    la, lb = loose_form(a), loose_form(b)
    loose = Indel.normalized_similarity(la, lb)
    jw = JaroWinkler.similarity(la, lb)
    best = max(loose, jw - 0.1)
    for one in skel_a.split("|"):
        for two in skel_b.split("|"):
            shortest = min(len(one), len(two))
            if shortest:
                # Short skeletons agree by chance: trust them less.
                sk = Levenshtein.normalized_similarity(one, two)
                best = max(best, sk * _SHORT_TRUST[min(shortest, 3)])
    return best


#: First letters that transliterations drop or swap freely (Yitzhak ~ Itzhak, Ehud ~ Ehoud).
SOFT_START = frozenset("aeiouyh")


def fuzzy_similarity(a: str, b: str) -> float:
    """Spelling variants and typos within Latin script: 0 below :data:`SIM_FLOOR`."""
    longest = max(len(a), len(b))
    if abs(len(a) - len(b)) * 3 > longest:
        return 0.0
    edits = OSA.distance(a, b, score_cutoff=longest // 3 + 1)
    score = 0.95 - EDIT_COST * edits / longest
    if a[0] != b[0] and not (a[0] in SOFT_START and b[0] in SOFT_START):
        score -= FIRST_LETTER_COST
    return score if score >= SIM_FLOOR else 0.0


def unit_similarity(q: Unit, c: Unit) -> tuple[float, str]:
    """How similar two parts are: (score, how)."""
    a, phon_a, skel_a, _, groups_a, translit_a, form_a = q
    b, phon_b, skel_b, _, groups_b, translit_b, form_b = c
    if a == b:
        if (translit_a or translit_b) and form_a != form_b:
            return SCORE_TRANSLITERATED, "transliterated"
        return 1.0, "exact"
    len_a = len(a)
    len_b = len(b)
    if len_a == 1 or len_b == 1:
        if a[0] == b[0]:
            return SCORE_INITIAL, "initial"
        return 0.0, "fuzzy"
    if groups_a and groups_b and not groups_a.isdisjoint(groups_b):
        return SCORE_NICKNAME, "nickname"
    if translit_a or translit_b:
        if a.isdigit() or b.isdigit():
            return 0.0, "fuzzy"
        sim = cross_script_similarity(a, b, skel_a, skel_b)
        return sim * SCORE_TRANSLITERATED, "transliterated"
    if phon_a == phon_b or (skel_a == skel_b and len(skel_a) >= 3 and min(len_a, len_b) >= 5):
        indel = Indel.normalized_similarity(a, b)
        if indel >= 0.6 and not (a.isdigit() or b.isdigit()):
            return 0.8 + 0.15 * indel, "phonetic"
    if a.isdigit() or b.isdigit():
        return 0.0, "fuzzy"
    if abs(len_a - len_b) * 3 > max(len_a, len_b):
        return 0.0, "fuzzy"
    return fuzzy_similarity(a, b), "fuzzy"
