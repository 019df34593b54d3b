"""Cross-script false positives of short names: a few consonants in common are chance.

A consonant skeleton of three consonants or fewer (``LMN``, ``KLN``, ``MNS``) is shared by many
unrelated names; across scripts it needs the vowels, the number of parts, or (between two names
in Han characters) the characters' own readings to agree too.
"""

from __future__ import annotations

import pytest

from concord.screening.names import Decision, analyze, compare_texts
from concord.screening.names.similarity import (
    han_characters,
    han_readings,
    syllables,
    weak_evidence,
)

FALSE_POSITIVES = [
    # (query, candidate): scored 0.76-0.92 before, none of them the same name
    ("Lemonia Tsanaka", "李敏"),  # lemonia ~ limin: skeleton LMN only, a part left over
    ("Christophe Caron", "何桂荣"),  # caron ~ heguirong: skeleton KLN only
    ("al many", "李敏"),  # run together: almany ~ limin, skeleton LMN only
    ("Munoz", "मनीषा"),  # Devanagari writes the vowels: munoz is not manisa (MNS)
    ("後藤 桃子", "伊藤 篤司"),  # kanji read as pinyin: houteng/yiteng, taozi/dusi
]


@pytest.mark.parametrize(("query", "candidate"), FALSE_POSITIVES)
def test_short_cross_script_false_positives_are_no(query: str, candidate: str) -> None:
    assert compare_texts(query, candidate).decision == Decision.NO
    assert compare_texts(candidate, query).decision == Decision.NO


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Li Min", "李敏"),
        ("Limin", "李敏"),
        ("Xi Jinping", "習近平"),  # traditional characters
        ("习近平", "習近平"),  # simplified / traditional: same readings
        ("Manisha", "मनीषा"),
        ("Isabella", "伊莎貝拉"),
    ],
)
def test_the_true_names_still_match(query: str, candidate: str) -> None:
    assert compare_texts(query, candidate).decision == Decision.MATCH


def test_han_readings_per_character() -> None:
    assert han_readings("伊藤") == ("yi", "teng")
    assert han_readings("伊藤さん") is None  # kana: not a word of Han characters only
    assert han_readings("Ito") is None


def test_two_han_names_need_most_characters_to_agree() -> None:
    # One character of two shared (藤) is a common surname ending, not the same name.
    assert compare_texts("後藤", "伊藤").decision == Decision.NO
    assert compare_texts("後藤 桃子", "後藤 桃子").decision == Decision.MATCH


def test_weak_evidence_is_a_short_skeleton_with_other_vowels() -> None:
    limin = analyze("李敏").units[0]
    assert weak_evidence(analyze("Lemonia").units[0], limin)
    assert not weak_evidence(analyze("Limin").units[0], limin)
    # Abjads write no short vowels: the skeleton is the evidence (Hezbollah / حزب الله).
    hizb = analyze("حزب").units[0]
    assert not weak_evidence(analyze("Hezbo").units[0], hizb)


def test_chinese_words_run_together_are_still_read_character_by_character() -> None:
    """``林 稔`` run together is 林稔: against 林荣 one character of two agrees, which is another
    name (before, the run was compared by its pinyin ``linren`` / ``linrong``: 0.92)."""
    assert compare_texts("林 稔", "林荣").decision == Decision.NO
    assert compare_texts("林 稔", "兰玉兰").decision == Decision.NO
    assert compare_texts("李 敏", "李敏").decision == Decision.MATCH
    assert compare_texts("习 近平", "习近平").decision == Decision.MATCH


@pytest.mark.parametrize(
    ("latin", "han"), [("Erin Warren", "林 稔"), ("Colin Lane", "林 稔"), ("Erin", "林")]
)
def test_one_chinese_character_is_not_a_latin_name_of_two_syllables(latin: str, han: str) -> None:
    # 林 reads lin and 稔 ren: alike by skeleton, but one character is one syllable
    assert compare_texts(latin, han).decision == Decision.NO


@pytest.mark.parametrize(
    ("latin", "han"),
    [("Li Na", "李 娜"), ("Zhang Wei", "张 伟"), ("Cheung", "张"), ("Hsueh", "薛"), ("Chan", "陈")],
)
def test_one_syllable_spellings_of_one_character_still_match(latin: str, han: str) -> None:
    assert compare_texts(latin, han).decision == Decision.MATCH


@pytest.mark.parametrize(
    ("latin", "han"),
    [
        ("Caroline", "卡罗琳"),
        ("Jacqueline", "杰奎琳"),
        ("Isabella", "伊莎貝拉"),
        ("Xi Jinping", "习近平"),
    ],
)
def test_transcriptions_give_every_syllable_a_character(latin: str, han: str) -> None:
    # a final e after a consonant is no syllable (Caroline: three, as 卡罗琳)
    assert compare_texts(latin, han).decision == Decision.MATCH


def test_syllables_and_characters() -> None:
    assert [syllables(t) for t in ("erin", "caroline", "xiao", "ng", "tse", "hsueh")] == [
        2, 3, 1, 0, 1, 1,
    ]  # fmt: skip
    assert han_characters("林") == 1
    assert han_characters("艾森豪") == 4  # a long name may lose a syllable in Chinese
    assert han_characters("김정은") > 100  # not Chinese characters: no limit


@pytest.mark.parametrize(
    ("latin", "han"),
    [("Alsoy Zengin", "张琴"), ("Juliana Ribeiro", "徐淑兰"), ("Brian Clark", "毕兰英")],
)
def test_a_chinese_name_in_one_word_is_the_whole_name(latin: str, han: str) -> None:
    # 张琴 is family and given name; one Latin part like its pinyin leaves the other unexplained
    assert compare_texts(latin, han).decision == Decision.NO


@pytest.mark.parametrize(
    ("latin", "han"),
    [("Lina Bernardi", "林伟"), ("Jeanne Raymond", "陈楠"), ("Julien Martin", "马军")],
)
def test_a_given_name_no_transcription_spells_makes_a_chinese_name(latin: str, han: str) -> None:
    # 伟, 楠 and 军 never spell a foreign sound (the learned table does not know them): 林伟 is
    # Lin Wei, whatever its learned reading is like (``lina`` / ``linwei``), and a Latin part left
    # over contradicts it
    assert compare_texts(latin, han).decision == Decision.NO
    assert compare_texts(han, latin).decision == Decision.NO


def test_a_chinese_name_drops_no_syllable() -> None:
    # a transcription into three characters may drop a syllable (Eisenhower 艾森豪); the pinyin
    # of a Chinese name does not: four syllables run together are not 陈冬梅 ``chendongmei``
    assert compare_texts("Jonathon Kim", "陈冬梅").decision == Decision.NO
    assert compare_texts("Dongmei Chen", "陈冬梅").decision == Decision.MATCH


@pytest.mark.parametrize(
    ("latin", "han"),
    [
        ("Wang Fang", "王芳"),
        ("Xi Jinping", "习近平"),
        ("Anna Schmidt", "安娜"),
        ("Lin Wei", "林伟"),
        ("Wei Lin", "林伟"),
        ("Chen Nan", "陈楠"),
        ("Nan Chen", "陈楠"),
        ("Guiying Chen", "陈桂英"),
        ("Xiao Ming Wang", "王小明"),
        ("Jinping Xi", "习近平"),
    ],
)
def test_chinese_names_and_transcribed_given_names_still_match(latin: str, han: str) -> None:
    # 安娜 is Anna transcribed (its learned reading), not a Chinese name: a partial name
    assert compare_texts(latin, han).decision == Decision.MATCH
