"""``analyze``: a raw name and its schema → an analysed :class:`~.model.Name`.

Pipeline: split into words and transliterate to Latin ASCII (:mod:`.translit`), drop titles
(persons), legal forms (organisations, with rigour's org-type tables) or vessel prefixes (objects),
then precompute per token a phonetic code, a consonant skeleton, a weight and name groups, and the
retrieval keys.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from rigour.names import remove_org_types

from concord.screening.names.chinese import family_readings
from concord.screening.names.japanese import japanese_words
from concord.screening.names.korean import korean_key
from concord.screening.names.model import Name, Unit
from concord.screening.names.nicknames import group_of
from concord.screening.names.phonetic import phonetic_code, skeletons
from concord.screening.names.translit import ARTICLES, Word, split_words
from concord.screening.names.vocab import (
    DEGREE_PAIRS,
    DEGREES,
    GENERATIONS,
    GENERIC_ORG,
    GENERIC_PERSON,
    LEADING_TITLES,
    OBJECT_PREFIXES,
    ORG_STOPWORDS,
    ORG_SYNONYMS,
    PARTICLES,
    ROMAN,
    SECTOR_ORG,
    TITLE_ENDINGS,
    TITLE_FORMS,
    TITLES,
)
from concord.screening.names.wadegiles import readings, wade_giles_name

__all__ = ["acronyms", "analyze", "generation", "kind_of", "make_unit"]

_PERSON_SCHEMATA = frozenset({"Person"})
_OBJECT_SCHEMATA = frozenset(
    {"Vessel", "Airplane", "Vehicle", "Asset", "RealEstate", "Security", "CryptoWallet"}
)

#: Weights of tokens by what they are (see docs/matching.md).
WEIGHT_PARTICLE = 0.1
WEIGHT_GENERIC_PERSON = 0.55
WEIGHT_GENERIC_ORG = 0.2
WEIGHT_SECTOR_ORG = 0.5
WEIGHT_INITIAL = 0.6
WEIGHT_NUMBER = 1.0
_NO_GROUPS: frozenset[str] = frozenset()


def kind_of(schema: str) -> str:
    """``person``, ``object`` or ``org``: how names of this FollowTheMoney schema are compared."""
    if schema in _PERSON_SCHEMATA:
        return "person"
    if schema in _OBJECT_SCHEMATA:
        return "object"
    return "org"


def _leading_title(word: Word) -> bool:
    token, script, form = word
    if script == "Latin":
        return token in LEADING_TITLES or token in TITLES
    return form.rstrip(".").lower() in TITLE_FORMS


def _strip_person(words: list[Word]) -> list[Word]:
    """Titles dropped: honorifics at the head (several in a row, ``Univ.Prof. Dr.``), the
    general ones anywhere, degrees at the end (``MBA``, ``B.Sc.``); generation suffixes after
    the first word. A name is never stripped to nothing."""
    start, stop = 0, len(words)
    while stop - start > 1 and _leading_title(words[start]):
        start += 1
        follows = TITLE_ENDINGS.get(words[start - 1][0])
        if follows and stop - start > 1 and words[start][0] in follows:
            start += 1
    while stop - start > 2:
        if words[stop - 1][0] in DEGREES:
            stop -= 1
        elif stop - start > 3 and (words[stop - 2][0], words[stop - 1][0]) in DEGREE_PAIRS:
            stop -= 2
        else:
            break
    kept = [
        w
        for index, w in enumerate(words[start:stop], start)
        if w[0] not in TITLES and not (index > 0 and w[0] in GENERATIONS)
    ]
    return kept or words[start:stop]


@lru_cache(maxsize=100_000)
def generation(text: str) -> str:
    """The generation suffix of a person's name (``jr``, ``sr``, ``2``, ``3``...) or ``""``."""
    words = split_words(text)
    for word in words[1:]:
        if word[0] in GENERATIONS:
            return GENERATIONS[word[0]]
    return ""


@lru_cache(maxsize=100_000)
def acronyms(text: str) -> frozenset[str]:
    """Initials of an organisation's name of three words or more (``Islamic Revolutionary
    Guard Corps`` → ``irgc``), with and without the link words and legal forms."""
    words = [w[0] for w in split_words(text) if w[1] == "Latin" and not w[0].isdigit()]
    if len(words) < 2:
        return frozenset()
    variants = [words, [w for w in words if w not in ORG_STOPWORDS]]
    variants.append([w for w in words if w in ARTICLES or w not in ORG_STOPWORDS])
    variants.append(remove_org_types(" ".join(variants[1])).split())
    for variant in variants[1:3]:
        while len(variant) > 2 and variant[-1] in GENERIC_ORG:  # trailing legal words
            variant = variant[:-1]
            variants.append(variant)
    found = ("".join(w[0] for w in variant) for variant in variants)
    return frozenset(a for a in found if len(a) >= 2)


def _join_letters(words: list[Word]) -> list[Word]:
    """Runs of single letters as one token: ``S.A.`` → ``sa``, ``C.V.`` → ``cv``."""
    out: list[Word] = []
    for word in words:
        if len(word[0]) == 1 and out and len(out[-1][0]) < 4 and out[-1][0].isalpha():
            prev = out[-1]
            if len(prev[0]) == 1 or prev[2] == "":
                out[-1] = (prev[0] + word[0], prev[1], "")
                continue
        out.append(word)
    return [(t, s, f or t) for t, s, f in out]


def _strip_org(words: list[Word]) -> list[Word]:
    words = _join_letters(words)
    # Roman numerals after the first word are numbers (Nord Stream II), not legal forms to drop
    words = [(ROMAN.get(w[0], w[0]), *w[1:]) if i else w for i, w in enumerate(words)]
    text = " ".join(w[0] for w in words)
    remaining = remove_org_types(text).split()
    if not remaining or len(remaining) == len(words):
        return words
    budget: dict[str, int] = {}
    for token in remaining:
        budget[token] = budget.get(token, 0) + 1
    kept: list[Word] = []
    for word in words:
        if budget.get(word[0], 0) > 0:
            budget[word[0]] -= 1
            kept.append(word)
    return kept or words


def _strip_object(words: list[Word]) -> list[Word]:
    start = 0
    while start < len(words) - 1 and words[start][0] in OBJECT_PREFIXES:
        start += 1
    return words[start:]


def _canonical(words: list[Word], kind: str) -> list[Word]:
    """Abbreviations of organisation words spelled out, Roman numerals of ships and companies as
    digits (``Grace I`` ~ ``Grace 1``)."""
    out: list[Word] = []
    for index, (token, script, form) in enumerate(words):
        if kind == "org":
            token = ORG_SYNONYMS.get(token, token)
        if index > 0 and token in ROMAN:
            token = ROMAN[token]
        out.append((token, script, form))
    return out


def _weight(token: str, kind: str) -> float:
    if token.isdigit():
        return WEIGHT_NUMBER
    if kind == "person":
        if token in PARTICLES:
            return WEIGHT_PARTICLE
        if len(token) == 1:
            return WEIGHT_INITIAL
        if token in GENERIC_PERSON:
            return WEIGHT_GENERIC_PERSON
        return 1.0
    if token in ORG_STOPWORDS:
        return WEIGHT_PARTICLE
    if token in GENERIC_ORG or (kind == "org" and token in PARTICLES):
        return WEIGHT_GENERIC_ORG
    if token in SECTOR_ORG:
        return WEIGHT_SECTOR_ORG
    return 1.0


def make_unit(token: str, kind: str, translit: bool, form: str, script: str = "Latin") -> Unit:
    """The comparable features of one token."""
    return Unit(
        token=token,
        phonetic=phonetic_code(token),
        skeleton=skeletons(token, script),
        weight=_weight(token, kind),
        groups=group_of(token) if kind == "person" else _NO_GROUPS,
        translit=translit,
        form=form,
    )


@lru_cache(maxsize=200_000)
def analyze(text: str, schema: str = "Person") -> Name:
    """Analyse a name of a FollowTheMoney schema. Raises ValueError if it has no letters or
    digits."""
    kind = kind_of(schema)
    # a Japanese name in kanji read in Japanese, not in pinyin (persons only: companies and
    # organisations in kanji keep their character-by-character reading)
    japanese = japanese_words(text) if kind == "person" else None
    words = list(japanese) if japanese else split_words(text)
    if not words:
        raise ValueError(f"not a name: {text!r}")
    if kind == "person":
        words = _strip_person(words)
    elif kind == "org":
        words = _strip_org(words)
    else:
        words = _strip_object(words)
    if kind != "person":
        words = _canonical(words, kind)
    units = tuple(make_unit(w[0], kind, w[1] != "Latin", w[2], w[1]) for w in words)
    tokens = tuple(u.token for u in units)
    keys: set[str] = set()
    for unit in units:
        if unit.weight < 0.3 or len(unit.token) < 2:
            continue
        keys.add(unit.token)
        keys.update(f"s:{skel}" for skel in unit.skeleton.split("|") if len(skel) >= 2)
        keys.update(f"g:{g}" for g in unit.groups)
    for left, right in pairwise(tokens):
        if len(left) > 1 and len(right) > 1:
            keys.add(left + right)
    if len(tokens) > 2:
        keys.add("".join(tokens))
    # a Chinese name written family name last (Guiying Chen): also family name first
    latin_only = not any(u.translit for u in units)
    if (
        kind == "person"
        and latin_only
        and 2 <= len(tokens) <= 3
        and tokens[-1] in family_readings()
    ):
        keys.add(tokens[-1] + "".join(tokens[:-1]))
    if kind == "person" and latin_only and wade_giles_name(tokens, text):
        # a Chinese name in Wade-Giles: its pinyin readings (as the pinyin name's and the
        # characters' keys are), and marked as readings, for pinyin queries to find
        found = readings(tokens)
        keys.update(found)
        keys.update(f"w:{r}" for r in found)
    if kind == "person":  # Korean names: one key across the spelling conventions
        if latin_only:
            keys.update(korean_key(tokens))
        elif all(u.translit for u in units):
            keys.update(korean_key((), "".join(u.form for u in units)))
    if kind != "person" and len(tokens) > 2:
        keys.update(a for a in acronyms(text) if len(a) >= 3)
    if not keys:  # only generic words, particles or initials: index them anyway
        keys.update(tokens)
    return Name(
        original=text,
        schema=schema,
        tokens=tokens,
        keys=frozenset(keys),
        text=" ".join(tokens),
        kind=kind,
        units=units,
        generation=generation(text) if kind == "person" else "",
    )
