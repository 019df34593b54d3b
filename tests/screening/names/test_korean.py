"""Korean personal names in Hangul against their Latin spellings, compared syllable by syllable
(:mod:`concord.screening.names.korean`): family names by their customary spellings, given names
by the spellings of their letters, so that another given name is another person."""

from __future__ import annotations

import pytest

from concord.screening.names import Decision, analyze, compare_texts
from concord.screening.names.korean import korean_key, korean_shape, korean_similarity


@pytest.mark.parametrize(
    ("latin", "hangul"),
    [
        ("Kim Jong-un", "김정은"),
        ("Moon Jae-in", "문재인"),
        ("Ban Ki-moon", "반기문"),
        ("Chung Mong-joon", "정몽준"),
        ("Son Heung-min", "손흥민"),
        ("Park Ji-sung", "박지성"),
        ("Roh Moo-hyun", "노무현"),
        ("Yoo Jae-suk", "유재석"),
        ("Lee Myung-bak", "이명박"),
        ("Rhee Syng-man", "이승만"),
        ("Choi Soon-sil", "최순실"),
        ("Park Geun-hye", "박근혜"),
        ("Chun Doo-hwan", "전두환"),
        ("Kim Yuna", "김연아"),
        ("Ji-sung Park", "박지성"),  # family name last
        ("Park Jisung", "박지성"),  # given name in one word
        ("Kim Jong Un", "김 정은"),  # Hangul written apart
        ("Namgung Min", "남궁민"),  # a family name of two syllables
    ],
)
def test_a_korean_name_matches_its_usual_spellings(latin: str, hangul: str) -> None:
    result = compare_texts(latin, hangul)
    assert result.decision == Decision.MATCH, result.explain()
    assert "transliterated" in result.explain()


@pytest.mark.parametrize(
    ("latin", "hangul"),
    [
        ("Kim Ji-sung", "김지훈"),
        ("Moon Jae-in", "문재윤"),
        ("Park Ji-sung", "박지훈"),
        ("Kim Jong-nam", "김정은"),
        ("Lee Jun", "이진"),
    ],
)
def test_another_given_name_is_another_person(latin: str, hangul: str) -> None:
    assert compare_texts(latin, hangul).decision == Decision.NO


def test_another_family_name_is_not_a_match() -> None:
    assert compare_texts("Park Ji-sung", "김정은").decision == Decision.NO
    assert compare_texts("Kim Yuna", "이승만").decision == Decision.NO
    assert compare_texts("Choi Ji-sung", "박지성").decision == Decision.NO


@pytest.mark.parametrize(("latin", "hangul"), [("park", "박"), ("oh", "오"), ("lee", "이")])
def test_a_family_name_alone_matches_its_customary_spelling(latin: str, hangul: str) -> None:
    assert compare_texts(latin, hangul).decision == Decision.MATCH


@pytest.mark.parametrize(
    ("latin", "hangul"),
    [("Jonathan", "조나단"), ("Anna", "안나"), ("Hannah", "한나"), ("Ivan", "이반")],
)
def test_western_names_in_hangul_are_still_compared_as_transcriptions(
    latin: str, hangul: str
) -> None:
    # 조, 안, 한 and 이 are family names too; these are not Korean names and still match
    assert compare_texts(latin, hangul).decision == Decision.MATCH


def test_a_one_letter_slip_in_a_syllable_counts_less() -> None:
    exact = korean_similarity(("park", "ji", "sung"), "박지성")
    slip = korean_similarity(("park", "ji", "sang"), "박지성")  # 상 for 성
    assert exact == 1.0
    assert slip is not None and 0.6 < slip < 1.0
    assert korean_similarity(("park", "ji", "hoon"), "박지성") == 0.0


def test_no_opinion_outside_korean_names() -> None:
    assert korean_shape("사우스워스") is None  # five syllables: a transcription
    assert korean_shape("딕스") is None  # 딕 is no family name
    assert korean_shape("Park") is None
    assert korean_similarity(("john", "park"), "박지성") is None  # a Western given name
    assert korean_similarity(("george",), "조지") is None


def test_retrieval_keys_agree_across_conventions() -> None:
    keys = korean_key((), "박지성")
    for spelling in (("park", "ji", "sung"), ("bak", "ji", "seong"), ("ji", "sung", "park")):
        assert korean_key(spelling) & keys, spelling
    assert not korean_key(("kim", "ji", "hoon")) & keys
    assert not korean_key(("john", "smith"))  # no family name of the table at either end
    assert korean_key(("park", "ji", "sung")) <= analyze("Park Ji-sung").keys
    assert keys <= analyze("박지성").keys


def test_two_hangul_names_are_compared_syllable_by_syllable() -> None:
    # their romanisations (bagjiseong, bagjaeseong) are alike; the names are not
    assert compare_texts("박지성", "박재성").decision == Decision.NO
    assert compare_texts("김정은", "김정일").decision == Decision.NO
    # the North writes 리 where the South writes 이: one family name
    assert compare_texts("리명박", "이명박").decision == Decision.MATCH
    assert compare_texts("박 지성", "박지성").decision == Decision.MATCH


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Jong-un", "Kim Jung Eun"),
        ("Moon Jae-in", "Mun Jae In"),
        ("Kim Jong Il", "Kim Jung-il"),
        ("Park Geun-hye", "Pak Kun Hye"),
        ("Bak Ji-seong", "Park Ji-sung"),
    ],
)
def test_one_korean_name_in_two_latin_conventions(a: str, b: str) -> None:
    assert compare_texts(a, b).decision == Decision.MATCH


def test_one_korean_name_in_two_conventions_is_explained_as_one_spelling() -> None:
    # Kim Jong-un / Kim Jung Eun: un / eun alone is no likeness; the names share the Korean key
    assert [
        (p.query, p.candidate, p.how) for p in compare_texts("Kim Jong-un", "Kim Jung Eun").parts
    ] == [("kimjongun", "kimjungeun", "transliterated")]


@pytest.mark.parametrize(
    ("a", "b"), [("Kim Jong-il", "Kim Jong-un"), ("Kim Jong-nam", "Kim Jong-un")]
)
def test_korean_names_in_latin_differing_by_a_syllable(a: str, b: str) -> None:
    assert compare_texts(a, b).decision == Decision.NO


@pytest.mark.parametrize(("a", "b"), [("John Lee", "John Li"), ("Maria Kim", "Maria Gim")])
def test_western_given_names_with_a_korean_family_name_are_not_korean_names(a: str, b: str) -> None:
    # the given name is no Korean syllables: the Korean key alone does not make them one name
    assert compare_texts(a, b).decision != Decision.MATCH
