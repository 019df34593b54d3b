"""Chinese names in Wade-Giles against pinyin and Chinese characters."""

import pytest

from concord.screening.names import Decision, analyze
from concord.screening.names.compare import WADE_GILES_SPELLING, compare_texts
from concord.screening.names.translit import transliterate_word
from concord.screening.names.wadegiles import (
    PINYIN,
    pinyin_word,
    readings,
    wade_giles,
    wade_giles_name,
)


def test_the_pinyin_syllables_are_those_icu_reads_chinese_characters_with() -> None:
    # every character of the basic CJK block, read by ICU's Han-Latin (the pinyin of the
    # cross-script matcher), is one of the listed syllables, and every syllable is read
    seen = set()
    for code in range(0x4E00, 0xA000, 7):
        tokens, _script = transliterate_word(chr(code))
        if len(tokens) == 1 and tokens[0].isalpha():
            seen.add(tokens[0])
    assert seen <= PINYIN, sorted(seen - PINYIN)
    assert len(seen) > 350


@pytest.mark.parametrize(
    ("pinyin", "spellings"),
    [
        ("zhou", ("chou",)),
        ("ze", ("tse", "tze")),
        ("dong", ("tung",)),
        ("xiao", ("hsiao",)),
        ("qiang", ("chiang",)),
        ("jian", ("chien",)),
        ("xie", ("hsieh",)),
        ("guo", ("kuo",)),
        ("luo", ("lo",)),
        ("ge", ("ko",)),
        ("gui", ("kuei", "kui")),
        ("zhi", ("chih",)),
        ("si", ("ssu", "szu", "su")),
        ("ren", ("jen",)),
        ("ying", ("ying", "ing")),
        ("xue", ("hsueh",)),
    ],
)
def test_pinyin_syllables_spelled_in_wade_giles(pinyin: str, spellings: tuple[str, ...]) -> None:
    assert wade_giles(pinyin) == spellings


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mao Tse-tung", True),  # tse, tung are no pinyin
        ("Chou En-lai", True),  # pinyin syllables, but a given name joined by a hyphen
        ("Liu Hsiao-po", True),
        ("Tsai Ing-wen", True),
        ("Li Ping", False),  # valid pinyin, no sign of Wade-Giles: not read as Li Bing
        ("Mao Zedong", False),
        ("Kim Jong-un", False),  # Korean: jong is no Wade-Giles syllable
        ("Chiang Kai-shek", False),  # shek is Cantonese
        ("John Smith", False),
        ("Tsai", False),  # one part
    ],
)
def test_which_names_are_read_as_wade_giles(name: str, expected: bool) -> None:
    n = analyze(name)
    assert wade_giles_name(n.tokens, n.original) is expected


def test_readings_run_the_pinyin_together_in_both_orders() -> None:
    found = readings(("mao", "tse", "tung"))
    assert {"maozedong", "maocedong", "maozetong", "dongmaoze"} <= found
    assert "maozemin" not in found
    assert pinyin_word("caiyingwen") and pinyin_word("zhouenlai")
    assert not pinyin_word("smith")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mao Zedong", "Mao Tse-tung"),
        ("Zhou Enlai", "Chou En-lai"),
        ("Liu Xiaobo", "Liu Hsiao-po"),
        ("Chiang Ching-kuo", "Jiang Jingguo"),
        ("Zedong Mao", "Mao Tse-tung"),  # the family name written last
        ("Tse-tung Mao", "Mao Zedong"),
        ("Tsai Ing-wen", "蔡英文"),
        ("Mao Tse-tung", "毛泽东"),
        ("Tsai Ing-wen", "Tsai Ying-wen"),  # Wade-Giles both sides, read alike
    ],
)
def test_one_chinese_name_in_wade_giles_and_pinyin_or_characters(a: str, b: str) -> None:
    for q, c in ((a, b), (b, a)):
        m = compare_texts(q, c)
        assert m.decision == Decision.MATCH, (q, c, m)
        assert m.score < 1.0
        if m.score <= WADE_GILES_SPELLING + 0.03:  # the rule made it: explained as one reading
            assert [p.how for p in m.parts] == ["transliterated"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Li Ping", "Li Bing"),  # both pinyin: two names
        ("Mao Tse-tung", "Mao Zemin"),  # another given name
        ("Chou En-lai", "Zhou Enlin"),
        ("Sun Yat-sen", "Sun Zhongshan"),  # another name altogether (Cantonese and courtesy)
        ("Kim Jong-un", "Jin Zhengen"),
    ],
)
def test_other_names_stay_apart(a: str, b: str) -> None:
    assert compare_texts(a, b).decision == Decision.NO, (a, b, compare_texts(a, b))


def test_the_engineers_title_is_dropped_only_at_the_head() -> None:
    assert analyze("Ing. Jan Novak").tokens == ("jan", "novak")
    assert analyze("Tsai Ing-wen").tokens == ("tsai", "ing", "wen")
