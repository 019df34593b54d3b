"""Similarity of two parts of analysed names: exact, nickname, initial, phonetic, fuzzy, and
across scripts (transliterated)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel, JaroWinkler, Levenshtein

from concord.screening.names.chinese import (
    CHINESE_FAMILY,
    han_characters,
    syllables,
    untranscribed,
)
from concord.screening.names.korean import hangul_similarity, korean_shape, korean_similarity
from concord.screening.names.learned import gated, is_han, learned_reading, script_of_form
from concord.screening.names.model import Unit
from concord.screening.names.phonetic import liquids, loose_form
from concord.screening.names.translit import ARTICLES, split_words, transliterate_word

__all__ = [
    "SIM_FLOOR",
    "SOFT_START",
    "chinese_given_last",
    "chinese_name",
    "cross_script_similarity",
    "fuzzy_similarity",
    "han_readings",
    "korean_pair",
    "learned_floor",
    "learned_similarity",
    "precise",
    "unit_similarity",
    "weak_evidence",
]

#: A Latin part at least this like the learned reading of a part written in Hangul
#: (:mod:`.learned`, times :data:`SCORE_TRANSLITERATED`) is that name transcribed. A word in
#: Chinese characters this like it is a transcription, not a Chinese name (:func:`chinese_name`).
LEARNED_FLOOR = 0.7
#: The same for a part written in Chinese characters. Lower: the characters chosen for a foreign
#: name's sounds read further from its spelling than Hangul does (基爾希 ``kirhi``, Kirch), and
#: the gate (:data:`LEARNED_GATE`) already turns away the Latin parts unlike the reading. On the
#: held-out 30% of the development pairs (table trained on the rest): 89.9% of true pairs
#: flagged at 0.7, 91.0% at 0.65; shuffled pairs 1.45% and 1.65% (three shuffles).
HAN_LEARNED_FLOOR = 0.65
#: A Latin part less like the learned reading than this (times :data:`SCORE_TRANSLITERATED`) is
#: another name, however its consonant skeleton or pinyin agrees (``hitchens`` / 加西諾維奇).
LEARNED_GATE = 0.4

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
#: Skeletons of this many consonants or fewer agree by chance (``MNS``: Munoz, Manisha).
SHORT_SKELETON = 3
#: Devanagari writes every vowel: a short skeleton counts at most this much above the
#: vowel-aware similarity of the loose forms.
SHORT_SKELETON_MARGIN = 0.2
#: Both parts in alphabets that write their vowels (:func:`precise`: Latin, Greek, Cyrillic,
#: Devanagari): a skeleton agreement counts at most this much above the likeness of the loose
#: forms, vowels included. The skeleton folds r into l, f and v into p, g into k, so names
#: alike by it alone are other names (``clara`` / Cyrillic ``igor``, ``freias`` / Πουλιάση).
#: Abjads, kana, Hangul and Han characters are left as they were: their transliterations drop
#: or add vowels, and there the skeleton is the evidence (``teodor`` / تيودور ``tywdwr``).
SKELETON_MARGIN = 0.3
#: Below this vowel-aware similarity (Indel ratio of the loose forms), an agreement of short
#: skeletons is weak evidence (``lemonia`` / 李敏 ``limin``: both ``LMN``).
VOWEL_AGREEMENT = 0.6


def precise(form: str) -> bool:
    """Written in Latin, Greek, Cyrillic or Devanagari, whose transliteration keeps the
    consonants and vowels (unlike abjads, kana or Han characters, where a weak likeness is
    still the same name: ``Trump`` / ``トランプ``)."""
    first = ord(form[0]) if form else 0
    return first < 0x0250 or 0x0370 <= first < 0x0530 or 0x0900 <= first < 0x0980


def _devanagari(form: str) -> bool:
    """Written in Devanagari, which writes every vowel (unlike Cyrillic transcriptions of
    English names, which follow the sound: ``tawney`` / тоуни)."""
    first = ord(form[0]) if form else 0
    return 0x0900 <= first < 0x0980


def _short_skeletons(skel_a: str, skel_b: str) -> bool:
    """Whether the best skeleton agreement of two parts rests on few consonants."""
    longest_a = max(len(s) for s in skel_a.split("|"))
    longest_b = max(len(s) for s in skel_b.split("|"))
    return min(longest_a, longest_b) <= SHORT_SKELETON


def cross_script_similarity(
    a: str,
    b: str,
    skel_a: str,
    skel_b: str,
    vowels_kept: bool = False,
    vowels_written: bool = False,
    skeleton_factor: float = 1.0,
) -> float:
    """Similarity of two tokens of which at least one was transliterated (0-1).

    ``vowels_kept``: one side is written in Devanagari, which writes every vowel; then an
    agreement of short skeletons with different vowels is chance (``munoz`` / मनीषा ``manisa``).
    ``vowels_written``: both sides write their vowels; the skeleton counts at most
    :data:`SKELETON_MARGIN` above the likeness of the loose forms. ``skeleton_factor``: what a
    skeleton agreement counts (:data:`LR_FACTOR` when an abjad's l and r disagree).
    """
    la, lb = loose_form(a), loose_form(b)
    loose = Indel.normalized_similarity(la, lb)
    jw = JaroWinkler.similarity(la, lb)
    best = likeness = max(loose, jw - 0.1)
    for one in skel_a.split("|"):
        for two in skel_b.split("|"):
            shortest = min(len(one), len(two))
            if shortest:
                # Short skeletons agree by chance: trust them less.
                sk = Levenshtein.normalized_similarity(one, two)
                sk *= _SHORT_TRUST[min(shortest, 3)]
                if vowels_kept and shortest <= SHORT_SKELETON:
                    sk = min(sk, loose + SHORT_SKELETON_MARGIN)
                if vowels_written:
                    sk = min(sk, likeness + SKELETON_MARGIN)
                sk *= skeleton_factor
                best = max(best, sk)
    return best


#: Arabic and Hebrew letters keep l and r apart (ل / ر, ל / ר), which the skeleton merges: a
#: skeleton agreement between parts whose l and r differ (``abdullah`` / بدرية ``bdrya``, both
#: ``PTL``) counts this much.
LR_FACTOR = 0.85


def learned_floor(native: str) -> float:
    """How like its learned reading a Latin part must be to be the transcription of ``native``
    (:data:`HAN_LEARNED_FLOOR` for Chinese characters, else :data:`LEARNED_FLOOR`)."""
    return HAN_LEARNED_FLOOR if script_of_form(native) == "Han" else LEARNED_FLOOR


def learned_similarity(latin: str, reading: str) -> float:
    """How like a Latin token is to a learned reading (a loose form), 0-1."""
    la = loose_form(latin)
    return max(Indel.normalized_similarity(la, reading), JaroWinkler.similarity(la, reading) - 0.1)


def _abjad(form: str) -> bool:
    """Written in Arabic or Hebrew letters, which leave out short vowels."""
    first = ord(form[0]) if form else 0
    return (
        0x0590 <= first < 0x0780
        or 0x08A0 <= first < 0x0900
        or 0xFB1D <= first < 0xFE00
        or (0xFE70 <= first < 0xFF00)
    )


def weak_evidence(q: Unit, c: Unit) -> bool:
    """Two parts compared across scripts whose likeness rests on a short consonant skeleton,
    not on their vowels (``lemonia`` / 李敏 ``limin``, ``caron`` / 何桂荣 ``heguirong``). Abjads
    write no short vowels: there the skeleton is all the evidence there is."""
    if not (q.translit or c.translit) or q.token == c.token:
        return False
    if _abjad(q.form) or _abjad(c.form):
        return False
    if q.translit != c.translit and (korean_pair(c, q) if q.translit else korean_pair(q, c)):
        return False  # compared syllable by syllable, vowels included
    if not _short_skeletons(q.skeleton, c.skeleton):
        return False
    return Indel.normalized_similarity(loose_form(q.token), loose_form(c.token)) < VOWEL_AGREEMENT


@lru_cache(maxsize=100_000)
def han_readings(form: str) -> tuple[str, ...] | None:
    """The reading of each character of a word written only in Han characters, else None."""
    if not form or not all(is_han(ch) for ch in form):
        return None
    return tuple("".join(transliterate_word(ch)[0]) for ch in form)


def chinese_name(latin: Unit, native: Unit) -> bool:
    """Whether ``native`` is a Chinese personal name in one word (two or three characters, a
    common family name first) that the Latin part matches by its pinyin reading, not as a
    Western name transcribed (its learned reading is not what the Latin part is like)."""
    form = native.form
    if latin.translit or not native.translit or not 2 <= len(form) <= 3:
        return False
    if form[0] not in CHINESE_FAMILY or han_readings(form) is None:
        return False
    if untranscribed(form):
        return True  # a given name no transcription spells (林伟, 陈楠): a Chinese name
    reading = learned_reading(form)
    return (
        not reading
        or learned_similarity(latin.token, reading) * SCORE_TRANSLITERATED < LEARNED_FLOOR
    )


def chinese_given_last(latin: Sequence[Unit], native: Unit) -> bool:
    """Whether ``latin`` (two or three Latin parts) may be the Chinese name ``native`` (two or
    three characters, family name first) written family name last, as Western forms have it
    (``Jinping Xi``): its last part is the first character's pinyin, its first part is not."""
    if any(u.translit for u in latin) or not native.translit or not 2 <= len(native.form) <= 3:
        return False
    readings = han_readings(native.form)
    return readings is not None and latin[-1].token == readings[0] and latin[0].token != readings[0]


#: Two Han words agree when this share of their characters read the same.
HAN_AGREEMENT = 0.75


def _han_similarity(readings_a: tuple[str, ...], readings_b: tuple[str, ...]) -> float:
    """Two words in Han characters, compared character by character: a shared pinyin run of
    readings (``後藤`` ``houteng`` / ``伊藤`` ``yiteng``) is not a likeness of names."""
    if len(readings_a) != len(readings_b):
        return 0.0
    same = sum(x == y for x, y in zip(readings_a, readings_b, strict=True))
    share = same / len(readings_a)
    return SCORE_TRANSLITERATED * share if share >= HAN_AGREEMENT else 0.0


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


def korean_pair(latin: Unit, native: Unit) -> float | None:
    """A Latin part (or parts run together) against a Hangul word shaped like a Korean name,
    syllable by syllable (:mod:`.korean`, times :data:`SCORE_TRANSLITERATED`); None when that
    comparison has no opinion."""
    if korean_shape(native.form) is None:
        return None
    form = latin.form
    tokens = tuple(w[0] for w in split_words(form)) if " " in form else (latin.token,)
    found = korean_similarity(tokens, native.form)
    return None if found is None else found * SCORE_TRANSLITERATED


def unit_similarity(q: Unit, c: Unit) -> tuple[float, str]:
    """How similar two parts are: (score, how)."""
    a, phon_a, skel_a, _, groups_a, translit_a, form_a = q
    b, phon_b, skel_b, _, groups_b, translit_b, form_b = c
    if a == b:
        if (translit_a or translit_b) and form_a != form_b:
            return SCORE_TRANSLITERATED, "transliterated"
        return 1.0, "exact"
    if (translit_a or translit_b) and (a in ARTICLES) != (b in ARTICLES):
        # the article split off a name (الظواهري → al zwahry) is no name (valette / ال al)
        return 0.0, "transliterated"
    if translit_a != translit_b:
        korean = korean_pair(c, q) if translit_a else korean_pair(q, c)
        if korean is not None:
            return korean, "transliterated"
        if syllables(a if translit_b else b) > han_characters(form_b if translit_b else form_a):
            return 0.0, "transliterated"
    elif translit_a:
        both = hangul_similarity(form_a, form_b)
        if both is not None:
            return both * SCORE_TRANSLITERATED, "transliterated"
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
        if translit_a and translit_b:
            readings_a = han_readings(form_a)
            readings_b = han_readings(form_b)
            if readings_a is not None and readings_b is not None:
                return _han_similarity(readings_a, readings_b), "transliterated"
        vowels_kept = _devanagari(form_a) or _devanagari(form_b)
        abjad = _abjad(form_a) or _abjad(form_b)
        factor = LR_FACTOR if abjad and liquids(a) != liquids(b) else 1.0
        sim = (
            cross_script_similarity(
                a, b, skel_a, skel_b, vowels_kept, precise(form_a) and precise(form_b), factor
            )
            * SCORE_TRANSLITERATED
        )
        if translit_a != translit_b:
            native = form_b if translit_b else form_a
            reading = learned_reading(native)
            if reading:
                lifted = learned_similarity(a if translit_b else b, reading) * SCORE_TRANSLITERATED
                if lifted >= learned_floor(native) and lifted > sim:
                    return lifted, "transliterated"
                if lifted < LEARNED_GATE * SCORE_TRANSLITERATED and gated(native):
                    return 0.0, "transliterated"
        return sim, "transliterated"
    if phon_a == phon_b or (skel_a == skel_b and len(skel_a) >= 3 and min(len_a, len_b) >= 5):
        indel = Indel.normalized_similarity(a, b)
        if indel >= 0.6 and not (a.isdigit() or b.isdigit()):
            return 0.8 + 0.15 * indel, "phonetic"
    if a.isdigit() or b.isdigit():
        return 0.0, "fuzzy"
    if abs(len_a - len_b) * 3 > max(len_a, len_b):
        return 0.0, "fuzzy"
    return fuzzy_similarity(a, b), "fuzzy"
