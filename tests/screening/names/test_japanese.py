"""Japanese names in kanji read in Japanese (UniDic), not in pinyin."""

import pytest

from concord.screening.names import Decision, analyze, compare_texts
from concord.screening.names.japanese import japanese_words


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("安倍晋三", ("abe", "shinzo")),  # one word: family name, then given name
        ("安倍 晋三", ("abe", "shinzo")),
        ("遠藤 美加子", ("endo", "mikako")),  # the long vowel dropped, as passports print it
        ("清水 さゆり", ("shimizu", "sayuri")),  # kana among the kanji
        ("鈴木一郎", ("suzuki", "ichiro")),
        ("佐々木 希", ("sasaki", "nozomi")),  # the given name read in the name's context
        ("井上 陽水", ("inoue", "yosui")),  # ou before a vowel is no long vowel
        ("大野 智", ("ono", "satoshi")),
    ],
)
def test_japanese_names_are_read_in_japanese(name: str, tokens: tuple[str, ...]) -> None:
    assert analyze(name).tokens == tokens


@pytest.mark.parametrize(
    "name",
    [
        "王秀英",  # Chinese names keep their pinyin
        "李秀英",  # 李 is a family name UniDic knows too: a common Chinese one
        "毛泽东",
        "習近平",
        "伊莎貝拉",  # transcriptions of Western names
        "伊莎貝拉 克里彭",  # two words, not a Japanese family and given name
        "唐纳德·特朗普",
        "ウラジーミル・プーチン",  # katakana alone: read as before
    ],
)
def test_other_names_in_chinese_characters_are_not_read_as_japanese(name: str) -> None:
    assert japanese_words(name) is None


def test_companies_in_kanji_keep_their_character_reading() -> None:
    assert analyze("鈴木一郎", "Company").tokens != ("suzuki", "ichiro")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Shinzo Abe", "安倍晋三"),
        ("Abe Shinzo", "安倍 晋三"),
        ("Mikako Endo", "遠藤 美加子"),
        ("Sayuri Shimizu", "清水 さゆり"),
        ("Ichiro Suzuki", "鈴木一郎"),
        ("斉藤 健", "斎藤 健"),  # two kanji spellings of one name (Saito)
    ],
)
def test_japanese_names_match_their_romaji(a: str, b: str) -> None:
    assert compare_texts(a, b).decision == Decision.MATCH, compare_texts(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # read in pinyin, these were likenesses of Western names; in Japanese they are not
        ("Sarah da Mota", "前田 さゆり"),
        ("Michael Smith", "橋本 稔"),
        ("Marek Czajor", "村上 さゆり"),
        ("Shinzo Abe", "安倍 昭恵"),  # another given name
    ],
)
def test_strangers_stay_apart(a: str, b: str) -> None:
    assert compare_texts(a, b).decision == Decision.NO, compare_texts(a, b)
