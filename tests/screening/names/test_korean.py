"""Korean personal names in Hangul against their Latin spellings.

What holds, and, as strict expected failures, the weaknesses docs/matching.md names ("Known
weaknesses"): a Korean name is compared by the consonant skeleton of the whole word, which
cannot tell apart given names that differ in their vowels, and does not read family names by
their conventional spellings (Park, Roh, Yoo). When the matcher learns either, these fail as
unexpectedly passing and move up to the tests that hold.
"""

from __future__ import annotations

import pytest

from concord.screening.names import Decision, compare_texts


@pytest.mark.parametrize(
    ("latin", "hangul"),
    [
        ("Kim Jong-un", "김정은"),
        ("Moon Jae-in", "문재인"),
        ("Ban Ki-moon", "반기문"),
        ("Chung Mong-joon", "정몽준"),
        ("Son Heung-min", "손흥민"),
    ],
)
def test_a_korean_name_matches_its_usual_spelling(latin: str, hangul: str) -> None:
    assert compare_texts(latin, hangul).decision == Decision.MATCH


@pytest.mark.parametrize(
    ("latin", "hangul"),
    [("Park Ji-sung", "박지성"), ("Roh Moo-hyun", "노무현"), ("Yoo Jae-suk", "유재석")],
)
@pytest.mark.xfail(strict=True, reason="family names by their conventional spellings (matching.md)")
def test_a_family_name_in_its_conventional_spelling_is_found(latin: str, hangul: str) -> None:
    assert compare_texts(latin, hangul).decision != Decision.NO


@pytest.mark.parametrize(
    ("latin", "hangul"), [("Kim Ji-sung", "김지훈"), ("Moon Jae-in", "문재윤")]
)
@pytest.mark.xfail(strict=True, reason="given names are told apart by skeleton only (matching.md)")
def test_another_given_name_is_not_a_match(latin: str, hangul: str) -> None:
    assert compare_texts(latin, hangul).decision != Decision.MATCH


def test_another_family_name_is_not_a_match() -> None:
    assert compare_texts("Park Ji-sung", "김정은").decision == Decision.NO
    assert compare_texts("Kim Yuna", "이승만").decision == Decision.NO
