"""From any script to Latin ASCII lowercase words.

Latin text takes a fast path (ASCII: no ICU at all; accented Latin: ICU ``Latin-ASCII``, cached
per word). Other scripts go through the ICU transliterator that suits them best, cached per word:
the vocabulary of names is far smaller than the number of names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu

__all__ = ["ARTICLES", "Word", "split_words", "transliterate_word"]

#: ICU transliterator per Unicode script (ICU script names, as ``icu.Script.getName`` gives).
_SCRIPT_IDS: dict[str, str] = {
    "Latin": "Latin-ASCII",
    "Arabic": "Arabic-Latin; Latin-ASCII",
    "Cyrillic": "Russian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Greek": "Greek-Latin/UNGEGN; Latin-ASCII",
    "Hebrew": "Hebrew-Latin; Latin-ASCII",
    "Han": "Han-Latin; Latin-ASCII",
    "Katakana": "Katakana-Latin; Latin-ASCII",
    "Hiragana": "Hiragana-Latin; Latin-ASCII",
    "Hangul": "Hangul-Latin; Latin-ASCII",
    "Devanagari": "Devanagari-Latin",
    "Thai": "Thai-Latin; Latin-ASCII",
    "Armenian": "Armenian-Latin; Latin-ASCII",
    "Georgian": "Georgian-Latin; Latin-ASCII",
}
_FALLBACK_ID = "Any-Latin; Latin-ASCII"

#: Separators inside names: whitespace, punctuation, the middle dots of CJK transcriptions.
_SEPARATORS = re.compile(
    r"[\s\-\u2010-\u2015_.,;:/\\()\[\]{}\"<>|+&*#!?@=~\u00b7\u30fb\u3000\u30a0]+"
)
#: Apostrophes and similar marks are dropped inside words (O'Brien → obrien, D'Angelo).
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc\u02bb\u02bf\u02be\u00b4]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

_JOINED_SCRIPTS = frozenset({"Han", "Hangul", "Thai", "Katakana", "Hiragana"})
_KANA_GLIDE = re.compile(r"[iu]~(?=[aeiou])|~")
_FINAL_SCHWA = re.compile(r"([aeiouāīūēō](?:[kgcjṭḍtdpb]h|[^aeiouāīūēō\s]))a\b")
_LONE_C = re.compile(r"c(?!h)")
_THAI_SILENT = re.compile(r"[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c")
#: The Arabic article (al-, el-) as written onto a name or apart from it.
ARTICLES = ("al", "el")
_ARABIC_ARTICLE = "\u0627\u0644"  # alif, lam
#: Hebrew letters with a geresh (U+05F3, often typed as an apostrophe) write sounds Hebrew
#: lacks: ג' j (ג'מאל Jamal), צ' ch (צ'ילה), ז' zh (ז'ירודה Girodet), ח' kh, ת' th, ד' dh. ICU reads
#: the letter alone (g, z, h...); each pair becomes a private-use mark that ICU passes through,
#: then the Latin sound.
_GERESH = "\u05f3"
_GERESH_TYPED = re.compile("([\u05d2\u05d6\u05e6\u05e5\u05d7\u05ea\u05d3])['\u2019\u05f3]")
_GERESH_SOUNDS = {
    "\u05d2": "j", "\u05e6": "ch", "\u05e5": "ch", "\u05d6": "zh", "\u05d7": "kh",
    "\u05ea": "th", "\u05d3": "dh",
}  # fmt: skip
_GERESH_MARKS = {letter: chr(0xE000 + i) for i, letter in enumerate(_GERESH_SOUNDS)}

Word = tuple[str, str, str]  # (latin ascii form, script, original form)


@lru_cache(maxsize=64)
def _transliterator(tid: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(tid)


def _script_of(word: str) -> str:
    for ch in word:
        if ch.isalpha():
            code = icu.Script.getScript(ch)
            name: str = code.getName()
            if name in ("Common", "Inherited"):
                continue
            return name
    return "Latin"


@lru_cache(maxsize=200_000)
def transliterate_word(word: str) -> tuple[tuple[str, ...], str]:
    """The Latin ASCII lowercase tokens of one (non-ASCII) word, and the word's script."""
    script = _script_of(word)
    tid = _SCRIPT_IDS.get(script, _FALLBACK_ID)
    word = word.replace("\u200c", "").replace("\u200d", "")  # (non-)joiners inside words
    if script == "Katakana":
        word = word.replace("\u30fc", "")  # the long-vowel mark: Latin spellings ignore length
    elif script == "Arabic":
        word = word.replace("\u0629", "\u0627")  # taa marbuta: a final -a in Latin (Osama)
    elif script == "Thai":
        word = _THAI_SILENT.sub("", word)  # a consonant under the thanthakhat is silent
    elif script == "Hebrew" and _GERESH in word:
        for letter, mark in _GERESH_MARKS.items():
            word = word.replace(letter + _GERESH, mark)
        word = word.replace(_GERESH, "")
    if script == "Devanagari":
        # The inherent vowel of a final consonant is not pronounced in names (mohana → mohan);
        # a written long ā is (uṣā → usha), so this is done before the accents go.
        latin = _transliterator("Devanagari-Latin").transliterate(word)
        latin = _transliterator("Latin-ASCII").transliterate(_FINAL_SCHWA.sub(r"\1", latin))
    else:
        latin = _transliterator(tid).transliterate(word)
    latin = _APOSTROPHES.sub("", latin.lower())
    if script == "Hebrew":
        for letter, mark in _GERESH_MARKS.items():
            latin = latin.replace(mark, _GERESH_SOUNDS[letter])
    if script == "Katakana":
        latin = _KANA_GLIDE.sub("", latin)  # ヴォ → vu~o → vo
    elif script == "Thai":
        latin = _LONE_C.sub("ch", latin.replace("x", ""))
    elif script == "Devanagari":
        latin = _LONE_C.sub("ch", latin)
    if script in _JOINED_SCRIPTS:
        # One word, one name: pinyin syllables, Hangul blocks and Thai syllables run together,
        # as Latin transcriptions write them (伊莎貝拉 → yishabeila, 김정은 → gimjeongeun).
        latin = _NON_ALNUM.sub("", latin)
    tokens = tuple(t for t in _NON_ALNUM.split(latin) if t)
    if script == "Arabic" and word.startswith(_ARABIC_ARTICLE):
        # The article written onto the name: الظواهري → alzwahry → al zwahry (not a name that
        # begins with another alif: أليخين Alekhine, nor Hebrew: אליהו Eliyahu).
        split: list[str] = []
        for token in tokens:
            if token.startswith(ARTICLES) and len(token) > 4 and token[2] != "l":
                split.extend((token[:2], token[2:]))
            else:
                split.append(token)
        tokens = tuple(split)
    return tokens, script


def split_words(text: str) -> list[Word]:
    """Split a name into Latin ASCII lowercase tokens, each with its script and original form."""
    if text.isascii():
        lowered = _APOSTROPHES.sub("", text.lower())
        return [(t, "Latin", t) for t in _NON_ALNUM.split(lowered) if t]
    text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHES.sub("", _GERESH_TYPED.sub("\\1" + _GERESH, text))
    words: list[Word] = []
    for raw in _SEPARATORS.split(text):
        if not raw:
            continue
        if raw.isascii():
            words.extend((t, "Latin", t) for t in _NON_ALNUM.split(raw.lower()) if t)
            continue
        tokens, script = transliterate_word(raw)
        words.extend((t, script, raw) for t in tokens)
    return words
