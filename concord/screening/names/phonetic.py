"""Phonetic forms of Latin tokens: a strict code for spelling variants within Latin script, and a
loose consonant skeleton for comparing transliterations across scripts.

Transliterations lose what the target script cannot write: Arabic and Hebrew drop short vowels,
Japanese and Korean merge l/r and b/v and add vowels between consonants, Chinese maps a Western
name onto a few hundred syllables. The skeleton keeps the consonants only, merged into classes
that these scripts confuse, so that ``isabella`` and ``yishabeila`` (伊莎貝拉) agree on ``SPL``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour._core import metaphone

__all__ = ["liquids", "loose_form", "phonetic_code", "skeleton", "skeletons"]

#: Ordered rewrites: (pattern, replacement), applied one after the other (:func:`_rewrite`).
Rules = tuple[tuple[re.Pattern[str], str], ...]


def _rules(*pairs: tuple[str, str]) -> Rules:
    return tuple((re.compile(p), r) for p, r in pairs)


def _rewrite(text: str, rules: Rules) -> str:
    for pattern, repl in rules:
        text = pattern.sub(repl, text)
    return text


# Ordered rewrites to a rough pronunciation, before the consonant classes.
_DIGRAPHS = _rules(
    (r"(?<=[aeiou])gh(?![aeiou])", ""),  # hugh, leigh
    (r"^ch(?=r)|(?<=s)ch(?=[aeiou]|$)", "k"),  # christopher, schwarz is below
    (r"sch|tsch|tch|dzh|dsh|zh|sh|ch|dj|tsh|tj|cz|sz|sj|zs|jh", "j"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"kh|gh|qu|ck|q|x(?=$)", "k"),
    (r"x", "ks"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"ts|tz|dz", "s"),
    (r"(?<=[^aeiouy])h|h(?=[^aeiouy]|$)", ""),
    (r"ng$", "n"),
)

# Consonant classes: a letter → its class representative; vowels, h, w and y vanish.
_CLASSES = str.maketrans(
    {
        "b": "P",
        "p": "P",
        "f": "P",
        "v": "P",
        "d": "T",
        "t": "T",
        "g": "K",
        "k": "K",
        "s": "S",
        "z": "S",
        "j": "S",
        "l": "L",
        "r": "L",
        "m": "M",
        "n": "N",
        "a": None,
        "e": None,
        "i": None,
        "o": None,
        "u": None,
        "y": None,
        "w": None,
        "h": None,
    }
)
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def loose_form(token: str) -> str:
    """The token rewritten to a rough pronunciation (digraphs merged, doubled letters single)."""
    return _rewrite(_REPEATS.sub(r"\1", token), _DIGRAPHS)


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The consonant skeleton: consonant classes of :func:`loose_form`, repeats merged."""
    skel = loose_form(token).translate(_CLASSES)
    skel = "".join(ch for ch in skel if ch.isupper())
    return _REPEATS.sub(r"\1", skel)


@lru_cache(maxsize=200_000)
def liquids(token: str) -> str:
    """The l and r of :func:`loose_form`, in order, repeats merged (``abdullah`` → ``l``,
    ``walter`` → ``lr``): what the skeleton merges into ``L`` and Arabic and Hebrew keep apart."""
    return _REPEATS.sub(r"\1", "".join(ch for ch in loose_form(token) if ch in "lr"))


#: German and Polish spellings of Slavic names, rewritten as English spells them before the
#: phonetic code: ``Gorbatschow`` / ``Gorbachev``, ``Medwedew`` / ``Medvedev``,
#: ``Tschaikowski`` / ``Tchaikovsky``. A w before a vowel, in a final ``-ow`` / ``-ew`` or in
#: ``-owski`` is a v; other ws after a vowel are vowels (``Awlaki`` / ``Aulaqi``), left alone.
_SLAVIC = _rules(
    (r"tsch", "tch"),
    (r"sch", "sh"),
    (r"(?<=[a-z])w(?=[aeiouy])|(?<=[aeo])w$|w(?=sk)", "v"),
    (r"(?<=[aeiou][a-z])ski$", "sky"),
)


#: Slavic names spelled the German or Polish way, by their endings (``Chodorkowski``,
#: ``Janukowitsch``, ``Mickiewicz``): there a ch is a kh, a j before a vowel at the start a y,
#: cz a tch and sz a sh (``Khodorkovsky``, ``Yanukovych``, ``Mitskevich``).
_SLAVIC_WORD = re.compile(r"(?:ow|ew|owa|ewa|ski|ska|itsch|icz)$")
_SLAVIC_LETTERS = _rules(
    (r"(?<![st])ch", "kh"), (r"^j(?=[aeiou])", "y"), (r"cz", "tch"), (r"sz", "sh")
)


def phonetic_code(token: str) -> str:
    """A strict phonetic code (metaphone) for spelling variants within Latin script."""
    if token.isdigit():
        return token
    if _SLAVIC_WORD.search(token):
        token = _rewrite(token, _SLAVIC_LETTERS)
    token = _rewrite(token, _SLAVIC)
    return metaphone(token) or token


#: Other readings of letters of a transliteration, per script: pinyin j/q stand for Western g/k
#: as often as for j/ch, and w for v; a Hebrew or Arabic w (vav, waw) is as often v as u;
#: katakana chi, ji, tsu are as often ti, di, tu.
_VARIANTS: dict[str, Rules] = {
    "Han": _rules((r"[jq]", "k"), (r"w", "v"), (r"x", "h")),
    "Hangul": _rules((r"eo(?=[^aeiouy]|$)", "er"), (r"s(?=[^aeiouy]|$)", "t")),
    "Hebrew": _rules((r"w", "v")),
    # katakana writes a Western ti, di, tu with chi, ji, tsu (プーチン Putin, ウラジーミル
    # Vladimir) as often as with the newer ティ, ディ, トゥ
    "Katakana": _rules((r"ch(?=i)", "t"), (r"j(?=i)", "d"), (r"ts(?=u)", "t")),
    "Arabic": _rules((r"j", "g"), (r"w(?=[aeiouy])|^w", "v")),
}


#: Pinyin letters that do not sound as in Western spellings: x is sh, q is ch, c is ts.
_PINYIN = _rules((r"x", "sh"), (r"q", "ch"), (r"c(?!h)", "ts"))


@lru_cache(maxsize=200_000)
def skeletons(token: str, script: str) -> str:
    """The skeleton of a token, and of its other reading in ``script`` if any, as ``A|B``."""
    base = skeleton(_rewrite(token, _PINYIN) if script == "Han" else token)
    rules = _VARIANTS.get(script)
    if not rules:
        return base
    other = _rewrite(token, rules)
    alt = skeleton(_rewrite(other, _PINYIN) if script == "Han" else other)
    return base if alt == base else f"{base}|{alt}"
