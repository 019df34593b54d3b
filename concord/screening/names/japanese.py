"""Japanese names written in kanji, read in Japanese: 安倍晋三 is ``abe shinzo``, not the pinyin
``anbei jinsan``; 遠藤 美加子 is ``endo mikako``.

Kanji are Chinese characters, and ICU reads every Chinese character in pinyin: a Japanese name
read that way matches neither its romaji (``Shinzo Abe``) nor anything else, except by chance
(pinyin likenesses with Western names). MeCab with UniDic (``fugashi`` and ``unidic-lite``, both
from PyPI; the dictionary ships inside the package) knows Japanese family and given names and
their readings in kana, which are then romanised as katakana names are.

Which names in Chinese characters are Japanese (:func:`japanese_words`): kana among the kanji
(清水 さゆり); two words apart, the first a family name UniDic knows (Japanese writes a space
between family and given name, Chinese does not); or one word UniDic reads as a family name
then a given name, whose family name is not also a common Chinese one (安倍晋三, 鈴木一郎; not
李秀英, whose 李 UniDic also knows).

Everything else keeps its Chinese reading. The reading is what a Japanese passport prints, so
the words are compared as Latin words are (``endo`` / ``Endo`` exact; not with the loose
likeness of katakana transcriptions of Western names, which would make ``Sarah`` a ``Sayuri``),
and two kanji spellings of one reading agree (斉藤 / 斎藤, both ``saito``).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

import fugashi
import unidic_lite

from concord.screening.names.chinese import CHINESE_FAMILY
from concord.screening.names.translit import Word, transliterate_word

__all__ = ["japanese_words"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]")  # 々 repeats a kanji
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
_JAPANESE_TEXT = re.compile(
    r"^[\u3005\u3041-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\s]+$"
)
#: Family names of one kanji common in Japan and rare as Chinese family names.
_SINGLE_FAMILY = frozenset("森原東西南北堀岡関辻泉谷星畑柴沢浜島嶋榎栗桜菅萩藤丸館今曽")
#: A long vowel written out in romaji (``endou``, ``yuusuke``, ``oono``), as passports drop it;
#: not before a vowel (``inoue``).
_LONG_VOWEL = re.compile(r"(?:ou|oo)(?![aeiou])")
_LONG_U = re.compile(r"uu(?![aeiou])")
#: A word as UniDic reads it: surface, reading in katakana, and two levels of its part of speech
#: (``姓`` family name, ``名`` given name; ``人名`` a person's name).
_Tagged = tuple[str, str, str, str]


_TAGGER_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _tagger() -> Any:
    return fugashi.Tagger(f'-d "{unidic_lite.DICDIR}"')  # quoted: a path may hold spaces


@lru_cache(maxsize=100_000)
def japanese_words(text: str) -> tuple[Word, ...] | None:
    """The words of a name in kanji (and kana) read in Japanese, family name first as written,
    or None when the name is not Japanese (or holds anything but kanji, kana and spaces)."""
    if not _HAN.search(text) or not _JAPANESE_TEXT.match(text):
        return None
    parts = text.split()
    with _TAGGER_LOCK:  # one MeCab tagger; the index builds in a thread, requests in others
        words = [
            (w.surface, w.feature.kana, w.feature.pos4, w.feature.pos3)
            for w in _tagger()("".join(parts))
        ]
    if not words or any(w[1] is None for w in words):
        return None
    if len(parts) == 1:
        if not _family_then_given(words):
            return None
        cut = next(i for i, w in enumerate(words) if w[2] != "姓")
        return (_word(words[:cut]), _word(words[cut:]))
    # read as one (the given name in the context of the family name: 佐々木 希 is Nozomi), then
    # cut where the spaces were, if the reading's words end there
    groups: list[list[_Tagged]] = [[] for _ in parts]
    ends, at, part = [len(p) for p in parts], 0, 0
    for word in words:
        groups[part].append(word)
        at += len(word[0])
        if at == ends[part]:
            part, at = part + 1, 0
        elif at > ends[part]:
            return None
    if not _KANA.search(text) and not (
        len(groups) == 2 and _family_given(*groups) and _japanese_family(groups[0])
    ):
        return None  # a transcription in two words (伊莎貝拉 克里彭), a Chinese name (李 敏)
    return tuple(_word(group) for group in groups)


def _family_given(family: list[_Tagged], given: list[_Tagged]) -> bool:
    """A family name UniDic knows, then a given name (every word of it a person's name)."""
    return (
        all(w[2] == "姓" for w in family)
        and any(w[2] == "名" for w in given)
        and all(w[3] == "人名" for w in given)
    )


def _family_then_given(words: list[_Tagged]) -> bool:
    """One word read as a family name then a given name."""
    cut = next((i for i, w in enumerate(words) if w[2] != "姓"), 0)
    if not cut or not _family_given(words[:cut], words[cut:]):
        return False
    # a family name beginning with a common Chinese one, in a name of three characters, is
    # Chinese (林家豪); 田中角栄, 石井 学 (written apart) are Japanese
    length = sum(len(w[0]) for w in words)
    return _japanese_family(words[:cut]) and (length >= 4 or words[0][0][0] not in CHINESE_FAMILY)


def _japanese_family(family: list[_Tagged]) -> bool:
    """Not a common Chinese family name: one character only if common in Japan (李 and 林 are
    Chinese family names too)."""
    text = "".join(w[0] for w in family)
    return len(text) > 1 or text in _SINGLE_FAMILY


def _word(group: list[_Tagged]) -> Word:
    kana = "".join(w[1] for w in group)
    latin = "".join(transliterate_word(kana)[0])
    latin = _LONG_U.sub("u", _LONG_VOWEL.sub("o", latin))
    return (latin, "Latin", latin)
