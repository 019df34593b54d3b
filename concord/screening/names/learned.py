"""Learned readings of names transcribed into Chinese characters, Hangul, Arabic, Hebrew or
Cyrillic.

A Western name written in Chinese is spelled with characters chosen for their sound (埃德加,
Edgar), and Korean spells it syllable by syllable (딕스, Dix). The standard readings (pinyin,
Revised Romanisation: ``aidejia``, ``digseu``) are far from the Latin spelling. A table learned
from real pairs says which Latin letters each character (for Hangul: each jamo) most often
stands for in a transcribed name: 埃 ``e``, 德 ``d``, 加 ``ga``; so 埃德加 reads ``edga``. The
abjads write no short vowels and a letter for several sounds (the Hebrew vav is v, o or u);
their table, and the Cyrillic one, read a letter as the Latin letters it most often stands for
in a name.

The table, ``data/transcriptions.json``, is made by ``scripts/train_transcriptions.py`` from the
cross-script development data (expectation-maximisation over the ways of cutting each Latin
spelling into one piece per character); rerunning the script reproduces it. Characters the table
does not know read as ICU reads them.

:func:`~concord.screening.names.similarity.unit_similarity` uses the reading against a Latin
part: at least :data:`~concord.screening.names.similarity.LEARNED_FLOOR` like it, the part is the
transcribed name; for Chinese characters (:func:`gated`), less than
:data:`~concord.screening.names.similarity.LEARNED_GATE` like it, the part is another name.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import resources

from concord.screening.names.phonetic import loose_form
from concord.screening.names.translit import transliterate_word

__all__ = [
    "ALPHABETS",
    "gated",
    "install_table",
    "is_han",
    "learned_reading",
    "script_of_form",
    "transcribes",
    "units_of",
]

_TABLE_FILE = "transcriptions.json"
_override: dict[str, dict[str, str]] | None = None


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Chinese character (CJK unified ideographs and their extensions)."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


#: Alphabets with a learned table, by the Unicode block their words are written in (the other
#: scripts of the table, Han and Hangul, spell a name by syllables).
ALPHABETS = {"Arabic": (0x0600, 0x06FF), "Hebrew": (0x0590, 0x05FF), "Cyrillic": (0x0400, 0x04FF)}


@lru_cache(maxsize=100_000)
def script_of_form(form: str) -> str:
    """``Han``, ``Hangul``, ``Arabic``, ``Hebrew`` or ``Cyrillic`` for a word written only in
    Chinese characters, Hangul syllables or letters of that alphabet, else ``""``."""
    if not form or form.isascii():
        return ""
    if all(is_han(ch) for ch in form):
        return "Han"
    if all(0xAC00 <= ord(ch) <= 0xD7A3 for ch in form):
        return "Hangul"
    for script, (first, last) in ALPHABETS.items():
        if all(first <= ord(ch) <= last for ch in form):
            return script
    return ""


def gated(form: str) -> bool:
    """Whether a Latin part unlike the learned reading of ``form`` is another name, whatever
    else agrees (:data:`~concord.screening.names.similarity.LEARNED_GATE`): for words in Chinese
    characters, whose pinyin and consonant skeletons agree by chance with many Latin names, and
    in Arabic, whose skeletons without vowels do too (``abdullah`` / بدرية). Not for Hangul:
    Korean names are spelled in Latin by older conventions (Park, Chung, Lee) that a table
    learned from transcribed foreign names does not read; nor for Hebrew, whose letters stand
    for sounds too different for one reading (כ is k or ch: Cohen, כהן, reads ``chan``); nor
    for Cyrillic, which writes its vowels."""
    return script_of_form(form) in _GATED


_GATED = frozenset({"Han", "Arabic"})


def units_of(form: str, script: str) -> str:
    """What the table is keyed on: characters, or the jamo of Hangul syllables."""
    return unicodedata.normalize("NFD", form) if script == "Hangul" else form


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    if _override is not None:
        return _override
    data = resources.files("concord.screening.names").joinpath("data", _TABLE_FILE).read_text()
    table: dict[str, dict[str, str]] = json.loads(data)["readings"]
    return table


def install_table(table: dict[str, dict[str, str]] | None) -> None:
    """Use ``table`` instead of the shipped one (None: the shipped one again; ``{}``: no learned
    readings at all). For the training script's held-out evaluation."""
    global _override
    _override = table
    _table.cache_clear()
    learned_reading.cache_clear()
    from concord.screening.names.chinese import han_characters  # it asks the table

    han_characters.cache_clear()


def transcribes(ch: str) -> bool:
    """Whether the learned table knows the Chinese character ``ch``: whether transcriptions of
    foreign names use it at all. Many characters of Chinese given names never spell a foreign
    sound (伟, 楠, 军, 静, 涛); a word holding one is a Chinese name, not a transcription."""
    return ch in _table().get("Han", {})


@lru_cache(maxsize=100_000)
def learned_reading(form: str) -> str:
    """The learned Latin reading of a word written in a script of the table (see
    :func:`script_of_form`), as a loose form
    (:func:`~concord.screening.names.phonetic.loose_form`); ``""`` for other words."""
    script = script_of_form(form)
    if not script:
        return ""
    table = _table().get(script)
    if not table:
        return ""
    out = []
    for unit in units_of(form, script):
        chunk = table.get(unit)
        if chunk is None:
            chunk = "".join(transliterate_word(unit)[0])
        out.append(chunk)
    reading = "".join(out)
    return loose_form(reading) if reading else ""
