"""Korean personal names written in Hangul, compared with their Latin spellings syllable by
syllable.

A Korean name is a family name of one syllable (rarely two: 남궁, 황보) and a given name of one
or two: 박지성 is 박 Park and 지성 Ji-sung. Its Latin spellings follow several conventions at
once: the family name by custom (Park, Lee, Rhee, Roh, Choi, which the standard Revised
Romanisation writes Bak, I, No, Choe) and the given name by Revised Romanisation, by
McCune-Reischauer or by ear (성 as seong, sung, song). Compared as one word by consonant skeleton,
names that differ only in a vowel of the given name looked alike (Kim Ji-sung / 김지훈, another
man), and the customary family names looked unlike their syllable (Park / 박).

Here each syllable has the set of its Latin spellings: the family syllable from
:data:`FAMILY_SPELLINGS` and the spellings of its letters, each given-name syllable from the
spellings of its letters (:mod:`.korean_spellings`).
:func:`korean_similarity` then says, for a Latin name and a Hangul word shaped like a Korean
name (a family syllable the table knows and at most two more):

- every syllable spelled as one of its spellings, family name first or last: the same name;
- the family name a word of its own and the rest read as Korean syllables, but some given-name
  syllable unlike its spellings: another person (a single-letter slip still counts, lower);
- anything else (a Western name, a one-word spelling that does not read syllable by syllable):
  no opinion, the general cross-script comparison decides (``Jonathan`` / 조나단).

:func:`korean_key` gives both sides one retrieval key that agrees across the conventions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from concord.screening.names.korean_spellings import FAMILY_SPELLINGS, FINALS, INITIALS, VOWELS

__all__ = [
    "FAMILY_SPELLINGS",
    "family_spellings",
    "hangul_similarity",
    "korean_key",
    "korean_latin",
    "korean_shape",
    "korean_similarity",
]

_SYLLABLE_FIRST = 0xAC00
_SYLLABLE_LAST = 0xD7A3

#: The most a Korean name has after a one-syllable family name.
_MAX_GIVEN = 2

#: What a syllable the Latin spelling gets wrong by a single letter counts (``sumg`` / 성).
SLIP = 0.55

#: Any Korean syllable as Latin letters (to tell a Korean given name from a Western one).
_ANY_SYLLABLE = re.compile(
    "(?:"
    + "|".join(sorted({s for a in INITIALS for s in a}, key=len, reverse=True))
    + ")(?:"
    + "|".join(sorted({s for a in VOWELS for s in a}, key=len, reverse=True))
    + ")(?:"
    + "|".join(sorted({s for a in FINALS for s in a}, key=len, reverse=True))
    + ")"
)


def _hangul(text: str) -> bool:
    return bool(text) and all(_SYLLABLE_FIRST <= ord(ch) <= _SYLLABLE_LAST for ch in text)


def _letters(syllable: str) -> tuple[int, int, int]:
    """The initial consonant, vowel and final consonant of a Hangul syllable, as indexes into
    :data:`INITIALS`, :data:`VOWELS` and :data:`FINALS` (Unicode's order)."""
    code = ord(syllable) - _SYLLABLE_FIRST
    return code // 588, (code % 588) // 28, code % 28


@lru_cache(maxsize=20_000)
def _syllable_spellings(syllable: str) -> tuple[str, ...]:
    """The Latin spellings of one Hangul syllable, longest first."""
    initial, vowel, final = _letters(syllable)
    vowels = VOWELS[vowel]
    if initial == 11 and vowel == 13:  # 우 as woo
        vowels = (*vowels, "woo", "wu")
    if initial == 11 and vowel == 20:  # 이 as yi
        vowels = (*vowels, "yi")
    out = {a + b + c for a, b, c in product(INITIALS[initial], vowels, FINALS[final])}
    return tuple(sorted(out, key=lambda s: (-len(s), s)))


def family_spellings(family: str) -> tuple[str, ...]:
    """The Latin spellings of a family name in Hangul: customary ones and letter by letter."""
    out = set(FAMILY_SPELLINGS.get(family, ()))
    if len(family) == 1:
        out.update(_syllable_spellings(family))
    return tuple(sorted(out, key=lambda s: (-len(s), s)))


def _alternation(spellings: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(s) for s in spellings) + ")"


class KoreanShape(NamedTuple):
    """A Hangul word read as a Korean name: family syllable(s) and given-name syllables."""

    family: str
    given: tuple[str, ...]
    family_set: frozenset[str]  # the family name's Latin spellings
    full: re.Pattern[str]  # the whole name in Latin, family name first or last


def korean_shape(form: str) -> KoreanShape | None:
    """The Korean-name reading of a word in Hangul (spaces ignored), or None when it does not
    start with a family name of the table or has more than two syllables after it."""
    word = form.replace(" ", "") if " " in form else form
    if (word[:1] not in FAMILY_SPELLINGS and word[:2] not in FAMILY_SPELLINGS) or not _hangul(word):
        return None  # decided without the cache, which keeps the Korean names
    return _shape(word)


@lru_cache(maxsize=50_000)
def _shape(word: str) -> KoreanShape | None:
    family = word[:2] if len(word) >= 3 and word[:2] in FAMILY_SPELLINGS else word[:1]
    given = tuple(word[len(family) :])
    if family not in FAMILY_SPELLINGS or len(given) > _MAX_GIVEN:
        return None
    spellings = family_spellings(family)
    fam = _alternation(spellings)
    parts = [_alternation(_syllable_spellings(s)) for s in given]
    given_re = " ?".join(parts)
    full = f"{fam} ?{given_re}|{given_re} ?{fam}" if given else fam
    return KoreanShape(
        family=family,
        given=given,
        family_set=frozenset(spellings),
        full=re.compile(full),
    )


def _slip(segment: str, syllable: str) -> float:
    """What a Latin segment counts as one syllable: 1 when it is one of its spellings, else
    :data:`SLIP` when one letter away from one (a typo), else 0."""
    spellings = _syllable_spellings(syllable)
    if segment in spellings:
        return 1.0
    if len(segment) < 3:
        return 0.0
    slipped = any(
        abs(len(spelling) - len(segment)) <= 1 and _one_edit(segment, spelling)
        for spelling in spellings
    )
    return SLIP if slipped else 0.0


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@lru_cache(maxsize=200_000)
def korean_similarity(latin: tuple[str, ...], hangul: str) -> float | None:
    """How alike Latin tokens (lowercase ASCII, in order) are to a Hangul word shaped like a
    Korean name (0-1, before the transliteration factor), or None when this comparison has no
    opinion (see the module docstring)."""
    shape = korean_shape(hangul)
    if shape is None or not latin:
        return None
    if shape.full.fullmatch(" ".join(latin)):
        return 1.0
    if len(latin) < 2 or not shape.given:
        return None
    for family, rest in ((latin[0], latin[1:]), (latin[-1], latin[:-1])):
        if family in shape.family_set:
            found = _given_value(rest, shape.given)
            if found is not None:
                return found
    return None


#: Family names written by the North's spelling (an initial ㄹ kept) and by the South's.
_NORTH_SOUTH = {
    "리": "이", "로": "노", "류": "유", "라": "나", "림": "임", "량": "양", "려": "여",
    "련": "연", "렴": "염", "룡": "용", "륙": "육",
}  # fmt: skip


@lru_cache(maxsize=100_000)
def hangul_similarity(a: str, b: str) -> float | None:
    """Two Hangul words shaped like Korean names, syllable by syllable: the same family name
    (리 and 이, the North's and the South's spelling, are one) and the same given-name syllables
    are the same name (1), any other syllable another person (0: 박재성 is not 박지성, however
    alike their romanisations). None when either is not shaped like a Korean name."""
    one, two = korean_shape(a), korean_shape(b)
    if one is None or two is None:
        return None
    same_family = _NORTH_SOUTH.get(one.family, one.family) == _NORTH_SOUTH.get(
        two.family, two.family
    )
    return 1.0 if same_family and one.given == two.given else 0.0


def _readable_cuts(rest: tuple[str, ...], count: int) -> list[tuple[str, ...]]:
    """The ways of reading Latin parts as ``count`` (1 or 2) Korean syllables: the parts' own
    boundaries when they are as many, else every cut of the parts run together; only the cuts
    whose every piece is a Korean syllable."""
    if len(rest) == count:
        cuts: list[tuple[str, ...]] = [rest]
    else:
        joined = "".join(rest)
        if count == 1:
            cuts = [(joined,)]
        else:
            cuts = [(joined[:k], joined[k:]) for k in range(1, len(joined))]
    return [cut for cut in cuts if all(_ANY_SYLLABLE.fullmatch(seg) for seg in cut)]


def _given_value(rest: tuple[str, ...], given: tuple[str, ...]) -> float | None:
    """The given name's syllables against the Latin parts after the family name: the best way
    of cutting them into as many Korean syllables (the parts' own boundaries when they are as
    many); None when they cannot be read as Korean syllables (a Western given name)."""
    best: float | None = None
    for cut in _readable_cuts(rest, len(given)):
        values = [_slip(seg, syl) for seg, syl in zip(cut, given, strict=True)]
        value = 0.0 if min(values) == 0.0 else (1.0 + sum(values)) / (1 + len(values))
        if best is None or value > best:
            best = value
    return best


_CANON = re.compile(
    r"tch|ch|sh|ck|kh|ph|th|yeo|you|yoo|yeu|yo|yu|eui|ee|ui|eo|eu|oo|ou|o|u|ae|ai|ay|[gbfdr]"
)
_CANON_MAP = {
    "tch": "j", "ch": "j", "sh": "s", "ck": "k", "kh": "k", "ph": "p", "th": "t",
    "yeo": "yu", "you": "yu", "yoo": "yu", "yeu": "yu", "yo": "yu", "yu": "yu",
    "eui": "i", "ee": "i", "ui": "i",
    "eo": "u", "eu": "u", "oo": "u", "ou": "u", "o": "u", "u": "u",
    "ae": "e", "ai": "e", "ay": "e",
    "g": "k", "b": "p", "f": "p", "d": "t", "r": "l",
}  # fmt: skip
_SILENT_H = re.compile(r"(?<=[aeiuy])h(?![aeiuy])")
_DOUBLE = re.compile(r"(.)\1+")


def _canon(latin: str) -> str:
    """A Latin spelling of Korean syllables with the conventions' differences folded away
    (``jisung``, ``jiseong`` and ``chisung`` agree)."""
    out = _CANON.sub(lambda m: _CANON_MAP[m.group(0)], latin)
    return _DOUBLE.sub(r"\1", _SILENT_H.sub("", out))


def korean_key(tokens: tuple[str, ...], hangul: str = "") -> frozenset[str]:
    """Retrieval keys (``k:...``) shared by a Korean name in Hangul and its Latin spellings.

    Latin ``tokens``: one key when the first or the last is a family name's spelling. Hangul:
    one key per family spelling and order, the given name read letter by letter."""
    if hangul:
        return _hangul_keys(hangul)
    if len(tokens) < 2 or not (tokens[0] in _ALL_FAMILY or tokens[-1] in _ALL_FAMILY):
        return _NO_KEYS
    keys = set()  # the family name in its first spelling: park, pak and bak agree
    if tokens[0] in _ALL_FAMILY:
        rest = "".join(tokens[1:])
        keys |= {"k:" + _canon(f + rest) for f in _FIRST_SPELLING[tokens[0]]}
    if tokens[-1] in _ALL_FAMILY:
        rest = "".join(tokens[:-1])
        keys |= {"k:" + _canon(rest + f) for f in _FIRST_SPELLING[tokens[-1]]}
    return frozenset(keys)


def korean_latin(tokens: tuple[str, ...]) -> bool:
    """Whether Latin parts can be a Korean name: a family name's spelling at either end and a
    given name of two Korean syllables, in two parts or run together (``kim jong un``, ``moon
    jaein``; not ``john lee``)."""
    return any(
        family in _ALL_FAMILY and 1 <= len(rest) <= 2 and _readable_cuts(rest, 2)
        for family, rest in ((tokens[0], tokens[1:]), (tokens[-1], tokens[:-1]))
    )


_NO_KEYS: frozenset[str] = frozenset()


@lru_cache(maxsize=10_000)
def _hangul_keys(hangul: str) -> frozenset[str]:
    shape = korean_shape(hangul)
    if shape is None or not shape.given:
        return _NO_KEYS
    given = _canon("".join(_first_spelling(s) for s in shape.given))
    families = {_canon(s) for s in shape.family_set}
    return frozenset({f"k:{f}{given}" for f in families} | {f"k:{given}{f}" for f in families})


def _first_spelling(syllable: str) -> str:
    """The Revised Romanisation of a syllable (the first spelling of each letter)."""
    initial, vowel, final = _letters(syllable)
    return INITIALS[initial][0] + VOWELS[vowel][0] + FINALS[final][0]


_ALL_FAMILY = frozenset(s for spellings in FAMILY_SPELLINGS.values() for s in spellings)
#: Each family spelling → the first spellings of the family names it may spell.
_FIRST_SPELLING: dict[str, frozenset[str]] = {
    spelling: frozenset(v[0] for v in FAMILY_SPELLINGS.values() if spelling in v)
    for spelling in _ALL_FAMILY
}
