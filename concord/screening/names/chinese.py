"""Chinese names and transcriptions into Chinese characters: how many syllables a Latin part
has against how many characters a word has, and the common family names that begin a Chinese
personal name written in one word. Used by :mod:`.similarity` and :mod:`.compare`."""

from __future__ import annotations

import re
from functools import lru_cache

from concord.screening.names.learned import is_han, transcribes
from concord.screening.names.translit import transliterate_word

__all__ = [
    "CHINESE_FAMILY",
    "SHORTENED_FROM",
    "family_readings",
    "han_characters",
    "syllables",
    "untranscribed",
]

_VOWEL_RUNS = re.compile(r"[aeiouy]+")
_SILENT_E = re.compile(r"[^aeiouy]e$")


@lru_cache(maxsize=100_000)
def syllables(latin: str) -> int:
    """About how many syllables a Latin token has: its runs of vowels, a final ``e`` after a
    consonant not counted when there are others (``erin`` 2, ``caroline`` 3, ``xiao`` 1)."""
    runs = len(_VOWEL_RUNS.findall(latin))
    return runs - 1 if runs > 1 and _SILENT_E.search(latin) else runs


#: Transcriptions of long names into this many Chinese characters or more sometimes drop a
#: syllable (``Eisenhower`` 艾森豪, for 艾森豪威尔): one more is allowed.
SHORTENED_FROM = 3


@lru_cache(maxsize=100_000)
def han_characters(form: str) -> int:
    """How many syllables a Latin reading of a word written only in Chinese characters may have
    (its characters; one more from :data:`SHORTENED_FROM`), else a number no Latin token
    exceeds. Each character is one syllable, and a transcription gives every
    syllable of a name at least one character (``Caroline`` 卡罗琳, ``Smith`` 史密斯): a Latin
    part of more syllables than the word has characters is not its reading (``erin`` / 林
    ``lin``, ``laura`` / 饶 ``rao``); every pinyin, Wade-Giles or Cantonese syllable has one
    run of vowels (``xiao``, ``hsueh``, ``cheung``, ``ng``). A Chinese personal name (a common
    family name, then a character no transcription uses, :func:`~.learned.transcribes`) drops
    no syllable: ``jonathonkim`` is not 陈冬梅 ``chendongmei``."""
    if not form or not all(is_han(ch) for ch in form):
        return 1 << 30
    if untranscribed(form):
        return len(form)  # a Chinese name (伟, 梅 spell no foreign sound): pinyin, nothing dropped
    return len(form) + 1 if len(form) >= SHORTENED_FROM else len(form)


def untranscribed(form: str) -> bool:
    """Whether a word in Chinese characters is a Chinese personal name, not a transcription: a
    common family name, then a character that no transcription of a foreign name uses
    (:func:`~.learned.transcribes`: 伟, 楠, 军, 静)."""
    return form[:1] in CHINESE_FAMILY and not all(transcribes(ch) for ch in form[1:])


#: Common Chinese family names (simplified and traditional), the first character of a Chinese
#: personal name written in one word.
CHINESE_FAMILY = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤卜刁毕乐连牛饶常葛左柳温关欧阳岳单翟"
    "張劉陳楊黃趙吳孫馬羅鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸賈龔錢嚴閆賀顧龍韋鄒"
)


@lru_cache(maxsize=1)
def family_readings() -> frozenset[str]:
    """The pinyin of the common family names: a Latin name ending in one may be a Chinese name
    written family name last (``Guiying Chen``), indexed family name first as well."""
    return frozenset("".join(transliterate_word(ch)[0]) for ch in CHINESE_FAMILY)
