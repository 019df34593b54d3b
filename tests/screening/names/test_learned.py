"""Learned readings of names transcribed into Chinese characters and Hangul
(``concord.screening.names.learned``, trained by ``scripts/train_transcriptions.py``)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from concord.screening.names import Decision, compare_texts
from concord.screening.names.compare import _pair
from concord.screening.names.learned import (
    gated,
    install_table,
    learned_reading,
    script_of_form,
)
from concord.screening.names.similarity import LEARNED_FLOOR, learned_similarity

ROOT = Path(__file__).resolve().parents[3]
XLIT = Path("/work/shared/data/xlit-dev")
TABLE = ROOT / "concord/screening/names/data/transcriptions.json"


def _training() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "train_transcriptions", ROOT / "scripts/train_transcriptions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_transcriptions"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def without_table() -> Iterator[None]:
    install_table({})
    _pair.cache_clear()
    yield
    install_table(None)
    _pair.cache_clear()


def test_which_words_have_a_reading() -> None:
    assert script_of_form("埃德加") == "Han"
    assert script_of_form("딕스") == "Hangul"
    assert script_of_form("Edgar") == script_of_form("ショリャン") == ""
    assert script_of_form("田中はな") == ""  # Han mixed with kana: not a transcription
    assert script_of_form("Мурдок") == "Cyrillic"
    assert script_of_form("מרדכי") == "Hebrew"
    assert script_of_form("مردوخ") == "Arabic"
    assert script_of_form("Мурдок-Smith") == ""  # two scripts in one word
    assert learned_reading("Edgar") == learned_reading("ショリャン") == ""


@pytest.mark.parametrize(
    ("latin", "native"),
    [("gordon", "גורדון"), ("harrison", "הריסון"), ("grenoble", "غرونوبل"), ("dumont", "דומון")],
)
def test_an_abjad_word_reads_like_its_latin_spelling(latin: str, native: str) -> None:
    # the abjads write no short vowels, so ICU's letter-by-letter reading has none (``gwrdwn``);
    # the table reads a letter as the vowel or sound it most often stands for in a name
    from concord.screening.names.phonetic import loose_form
    from concord.screening.names.translit import transliterate_word

    icu = loose_form("".join(transliterate_word(native)[0]))
    assert learned_similarity(latin, icu) * 0.97 < LEARNED_FLOOR
    assert learned_similarity(latin, learned_reading(native)) * 0.97 >= LEARNED_FLOOR


@pytest.mark.parametrize(
    ("latin", "native"),
    [("edgar", "埃德加"), ("isabella", "伊莎貝拉"), ("dix", "딕스"), ("sanders", "샌더스")],
)
def test_a_transcription_reads_like_its_latin_spelling(latin: str, native: str) -> None:
    assert learned_similarity(latin, learned_reading(native)) * 0.97 >= LEARNED_FLOOR


@pytest.mark.parametrize(("latin", "native"), [("Edgar", "埃德加"), ("Dix", "딕스")])
def test_the_reading_lifts_a_transcription_pinyin_misses(
    latin: str, native: str, without_table: None
) -> None:
    assert compare_texts(latin, native).decision == Decision.NO  # pinyin, Revised Romanisation
    install_table(None)
    _pair.cache_clear()
    for a, b in ((latin, native), (native, latin)):
        match = compare_texts(a, b)
        assert match.decision != Decision.NO, (a, b, match.score)


@pytest.mark.parametrize(
    ("latin", "native"), [("Lipa", "羅伯蕭"), ("Worley", "瑞瓦"), ("Isa", "魏斯")]
)
def test_a_reading_far_from_the_latin_spelling_is_another_name(
    latin: str, native: str, without_table: None
) -> None:
    assert compare_texts(latin, native).decision != Decision.NO  # skeletons agree by chance
    install_table(None)
    _pair.cache_clear()
    assert compare_texts(latin, native).decision == Decision.NO
    assert compare_texts(native, latin).decision == Decision.NO


@pytest.mark.parametrize(
    ("latin", "native"),
    [
        ("Xi Jinping", "习近平"),
        ("Zhang Wei", "张伟"),
        ("Li Min", "李敏"),
        ("Mao Zedong", "毛泽东"),
        ("Chou En-lai", "周恩來"),
        ("Kim Jong Un", "김정은"),
        ("Moon Jae-in", "문재인"),
        ("Chung Ju-yung", "정주영"),
        ("Lee Myung-bak", "이명박"),
    ],
)
def test_chinese_and_korean_names_still_match_their_romanisation(latin: str, native: str) -> None:
    assert compare_texts(latin, native).decision == Decision.MATCH


def test_hangul_is_not_gated() -> None:
    """Korean names spelled by older conventions read far from the learned table (Chung /
    ``zern``): a Hangul word is only ever lifted, never cut."""
    assert gated("毛泽东") and not gated("정주영") and not gated("Chung")


def test_training_learns_each_characters_piece() -> None:
    training = _training()
    readings = {"甲": "ka", "乙": "ri", "丙": "na", "丁": "s"}
    words = ["甲乙", "乙丙", "丙丁", "甲丙丁", "丁甲", "乙甲丙", "丙乙丁", "甲丁"]
    pairs = [("".join(readings[c] for c in w), w) for w in words]
    assert training.train(pairs) == readings


@pytest.mark.slow
@pytest.mark.skipif(not XLIT.exists(), reason="development data not available")
def test_the_shipped_table_is_what_the_script_makes(tmp_path: Path) -> None:
    training = _training()
    out = tmp_path / "table.json"
    sys.argv = ["train_transcriptions.py", "--out", str(out)]
    training.main()
    assert json.loads(out.read_text()) == json.loads(TABLE.read_text())
